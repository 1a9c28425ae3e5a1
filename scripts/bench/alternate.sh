#!/bin/bash
# One sitting of docs/engine.md's "Speed against the peers": each pleura-bench section
# alternated with its peer, three rounds, on an otherwise idle machine. Needs a release build
# (`make build`, which targets the CPU's vector width) and a Python with torch, onnxruntime, onnx,
# segmentation-models-pytorch and albumentations (PY, default /work/venv/bin/python).
# Usage: scripts/bench/alternate.sh > sitting.log 2>&1
set -u
cd "$(dirname "$0")/../.."
PY=${PY:-/work/venv/bin/python}
B=.build/release/pleura-bench
for round in 1 2 3; do
  echo "######## round $round $(date -u +%T)"
  $B inference; $PY scripts/bench/unet_peer.py inference
  $B fit; $PY scripts/bench/unet_peer.py fit; $PY scripts/bench/unet_peer.py train --size 128 --batch 8
  $B segmentation; $PY scripts/bench/unet_peer.py train
  $B smp; $PY scripts/bench/smp_peer.py --threads 2
  $B smp-effnet; $PY scripts/bench/smp_peer.py --threads 2 --encoder timm-efficientnet-b0
  $B highres
  $PY scripts/bench/unet_peer.py train --size 512 --batch 2
  $PY scripts/bench/unet_peer.py train --size 512 --batch 2 --checkpoint
done
echo "######## end $(date -u +%T)"
