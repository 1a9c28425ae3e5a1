#!/usr/bin/env python3
"""PyTorch peer for `pleura-bench convs` and `pleura-bench convs-small`: each distinct 3x3
convolution of the reference U-Net (unet(base=16, depth=4)), timed alone, forward and
forward + backward (gradients of both input and weight, of the output's sum).

    /work/venv/bin/python scripts/bench/conv_peer.py                          # convs: batch 4 at 256²
    /work/venv/bin/python scripts/bench/conv_peer.py --batch 8 --size 128     # convs-small

Inputs are uniform in [-1, 1], weights in [-0.05, 0.05], as in the bench. Each figure is the
median of 7 runs after a warm-up, in milliseconds; 2 threads (--threads).
"""
import argparse
import time

import torch
import torch.nn.functional as F


def median_seconds(work, runs: int = 7) -> float:
    work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return sorted(times)[runs // 2]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=4)
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    s = args.size
    # (in, out, plane side) of each level, as in Sources/pleura-bench/ConvShapesBench.swift.
    shapes = [(16, 16, s), (32, 16, s), (16, 32, s // 2), (32, 32, s // 2), (64, 32, s // 2),
              (32, 64, s // 4), (64, 64, s // 4), (128, 64, s // 4), (64, 128, s // 8), (128, 128, s // 8),
              (256, 128, s // 8), (128, 256, s // 16), (256, 256, s // 16)]
    generator = torch.Generator().manual_seed(1)
    for cin, cout, side in shapes:
        x = torch.rand(args.batch, cin, side, side, generator=generator) * 2 - 1
        w = (torch.rand(cout, cin, 3, 3, generator=generator) * 0.1 - 0.05).requires_grad_()
        with torch.no_grad():
            forward = median_seconds(lambda: F.conv2d(x, w, padding=1))
        x.requires_grad_()

        def both():
            x.grad = None
            w.grad = None
            F.conv2d(x, w, padding=1).sum().backward()

        total = median_seconds(both)
        x.requires_grad_(False)
        flops = 2.0 * args.batch * cin * cout * 9 * side * side
        print(f"conv 3x3 {cin}→{cout} at {side}²: forward {forward * 1000:.1f} ms ({flops / forward / 1e9:.1f} GFLOP/s), "
              f"forward+backward {total * 1000:.1f} ms ({3 * flops / total / 1e9:.1f} GFLOP/s)")


if __name__ == "__main__":
    main()
