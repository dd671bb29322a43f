#!/usr/bin/env bash
# One device call: check, then time, the GPU path on a machine with an NVIDIA GPU (it has no Node
# and no registry; PyTorch with CUDA is its plain python3).
#
# Prepare here first, from the root of the checkout the device call sends:
#   ../shared/tools/gpu-pack.sh && node src-main/cli/build-cli.mjs
# then one device run carrying `.gpu` and `out/cli` (about 8 minutes; give it timeout 540 s):
#   bash test/bench/gpu-run.sh
#
# Writes to $OUT: env.txt (GPU, driver, Node), check.jsonl (every kernel against its float64
# reference and the Philox words bit for bit, on the real adapter; the run stops there if one is
# off), bench.jsonl (W1, W1b, W2 on webgpu with θ resident (resident: 3 kernels a step; resident2:
# 2 at batch 1) and with fused pipelines, on js, on auto, and PyTorch CUDA, with steps/s, GFLOP/s
# and host↔device transfers per step).
set -uo pipefail
out=${OUT:-/tmp/mflab-gpu}
mkdir -p "$out"
for f in .gpu/*.deb; do dpkg -x "$f" /; done
ldconfig
export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
xz -dc .gpu/node.xz > /usr/local/bin/node && chmod +x /usr/local/bin/node
# Dawn where the bundle's require finds it (out/cli/../node_modules); the checkout's own
# node_modules may be a link that does not travel
mkdir -p out/node_modules && rm -rf out/node_modules/webgpu && cp -r .gpu/webgpu out/node_modules/webgpu
export MFLAB_WEBGPU=1
{
  nvidia-smi -L
  nvidia-smi --query-gpu=driver_version,clocks.sm,clocks.mem --format=csv
  node --version
  python3 -c 'import torch; print("torch", torch.__version__, torch.cuda.get_device_name(0))'
} > "$out/env.txt" 2>&1
cat "$out/env.txt"

if ! timeout 150 node out/cli/mflab.cjs bench --check --backends webgpu > "$out/check.jsonl"; then
  cat "$out/check.jsonl"
  echo 'gpu-run: the kernel check failed on webgpu; no timings taken' >&2
  exit 1
fi
tail -n 1 "$out/check.jsonl"

timeout 420 node out/cli/mflab.cjs bench --workload W1,W1b,W2 \
  --backends webgpu:resident,webgpu:resident2,webgpu:fused,js,auto --seconds 4 --repeat 1 --torch cuda \
  | tee "$out/bench.jsonl"
