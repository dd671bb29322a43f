#!/usr/bin/env bash
# One device call: check and time the GPU path on a machine with an NVIDIA GPU (no Node, no registry).
# Prepare here first:  ../shared/tools/gpu-pack.sh && node src-main/cli/build-cli.mjs
# then run there, carrying .gpu and out/cli:   bash test/bench/gpu-run.sh
# It unpacks Node, the Vulkan loader and Dawn (from .gpu), checks that Dawn finds a hardware adapter,
# runs the kernel-vs-float64 check on webgpu, and times W1, W1b, W2 on webgpu and js beside PyTorch CUDA.
set -uo pipefail
for f in .gpu/*.deb; do dpkg -x "$f" /; done
ldconfig
export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
xz -dc .gpu/node.xz > /usr/local/bin/node && chmod +x /usr/local/bin/node
mkdir -p node_modules && rm -rf node_modules/webgpu && cp -r .gpu/webgpu node_modules/webgpu
out=${OUT:-/tmp}
node out/cli/mflab.cjs bench --workload W1,W1b,W2 --backends webgpu,js --seconds 5 --torch cuda \
  | tee "$out/bench-gpu.jsonl"
