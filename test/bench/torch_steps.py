"""Plain PyTorch (eager) versions of the benchmark steps, for a side-by-side steps/s figure.

Usage: python3 test/bench/torch_steps.py W1|W1b|W2 [--device cpu|cuda] [--seconds S]
Prints one JSON line: {"workload", "device", "steps", "seconds", "stepsPerSecond", "torch", "threads"}.

W1  : MMN one-pass SGD, two Gaussians (Δ=0.8), d=40, M=800, batch 1, truncated ReLU, w only trains.
W1b : the same with batch 64.
W2  : full-batch noisy GD (β=1e4, λ=1e-3), n=M=4096, d=64, ReLU, a, b and w all train.
The step is the engine's: θ += (2s/α)(1/B)Σ_k (y_k − f(x_k))∇θ[aσ(w·x+b)] − 2sλθ + √(2s/β)g, α = 1.
"""
import argparse
import json
import os
import time

import torch


def truncated_relu(t):
    # MMN: -2.5 for t <= 0.5, linear to 7.5 at t = 1.5, then flat
    return torch.clamp(t, 0.5, 1.5) * 10.0 - 7.5


def truncated_relu_grad(t):
    return ((t > 0.5) & (t < 1.5)).to(t.dtype) * 10.0


def w1_runner(batch, dev):
    d, m, s, delta = 40, 800, 1e-4, 0.8
    g = torch.Generator(device=dev).manual_seed(1)
    w = torch.randn(m, d, generator=g, device=dev) * (0.8 / d**0.5)

    def step():
        y = (torch.randint(0, 2, (batch,), generator=g, device=dev) * 2 - 1).float()
        x = torch.randn(batch, d, generator=g, device=dev) * (1 + delta * y)[:, None]
        pre = x @ w.T  # B×M
        f = truncated_relu(pre).mean(dim=1)
        r = y - f
        grad = (truncated_relu_grad(pre) * r[:, None]).T @ x  # M×d
        w.add_(grad, alpha=2 * s / batch)

    return step, lambda: w.sum().item()


def w2_runner(dev):
    n, m, d, s, beta, lam = 4096, 4096, 64, 1e-2, 1e4, 1e-3
    g = torch.Generator(device=dev).manual_seed(1)
    x = torch.randn(n, d, generator=g, device=dev) / d**0.5
    y = torch.sign(torch.randn(n, generator=g, device=dev))
    w = torch.randn(m, d, generator=g, device=dev)
    b = torch.zeros(m, device=dev)
    a = torch.randn(m, generator=g, device=dev)
    temp = (2 * s / beta) ** 0.5
    decay = 1 - 2 * s * lam

    def step():
        pre = torch.addmm(b, x, w.T)  # n×M
        act = torch.relu(pre)
        f = act @ a / m
        r = y - f
        ga = act.T @ r / n
        c = (pre > 0).to(pre.dtype) * r[:, None] * a[None, :]  # n×M
        gw = c.T @ x / n
        gb = c.sum(dim=0) / n
        gain = 2 * s
        a.mul_(decay).add_(ga, alpha=gain).add_(torch.randn(m, generator=g, device=dev), alpha=temp)
        b.mul_(decay).add_(gb, alpha=gain).add_(torch.randn(m, generator=g, device=dev), alpha=temp)
        w.mul_(decay).add_(gw, alpha=gain).add_(torch.randn(m, d, generator=g, device=dev), alpha=temp)

    return step, lambda: w.sum().item()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('workload', choices=['W1', 'W1b', 'W2'])
    ap.add_argument('--device', default='cpu')
    ap.add_argument('--seconds', type=float, default=3.0)
    ap.add_argument('--threads', type=int, default=os.cpu_count(), help='intra-op threads (default: all cores)')
    args = ap.parse_args()
    # Debian's build starts with one OpenMP thread; give it every core so the comparison is fair
    torch.set_num_threads(args.threads)
    dev = torch.device(args.device)
    if args.workload == 'W2':
        step, sync = w2_runner(dev)
    else:
        step, sync = w1_runner(1 if args.workload == 'W1' else 64, dev)
    for _ in range(5):
        step()
    sync()
    steps = 0
    t0 = time.perf_counter()
    while True:
        for _ in range(20 if args.workload != 'W2' else 1):
            step()
            steps += 1
        sync()  # a host read forces the device queue to finish
        dt = time.perf_counter() - t0
        if dt >= args.seconds:
            break
    print(json.dumps({
        'workload': args.workload, 'device': str(dev), 'steps': steps, 'seconds': round(dt, 3),
        'stepsPerSecond': round(steps / dt, 2), 'torch': torch.__version__,
        'threads': torch.get_num_threads()
    }))


if __name__ == '__main__':
    main()
