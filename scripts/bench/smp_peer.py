"""The PyTorch peer of `pleura-bench smp` and `smp-effnet`: the same smp Unet (ResNet-34
encoder, or --encoder timm-efficientnet-b0; smp's default decoder, one input channel, one
class) at 256x256, batch 4, on the CPU; forward in
evaluation without gradients, then one Adam step on BCE with logits; median of 7 timed runs
after one warm-up, each followed by the peak resident memory so far.

Exact command (from the repository root, on the same idle machine as the Pleura figures):
    /work/venv/bin/python scripts/bench/smp_peer.py [--encoder timm-efficientnet-b0]
and for Pleura, in the same sitting:
    .build/release/pleura-bench smp      # or smp-effnet
Both use every core by default (Pleura one thread per active processor); --threads N pins
torch to N, --runs N changes the number of timed runs.
"""
import argparse
import resource
import statistics
import time

import torch
import segmentation_models_pytorch as smp


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def median_seconds(body, runs=7):
    body()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        body()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--encoder", default="resnet34", choices=["resnet34", "timm-efficientnet-b0"])
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    batch, size = 4, 256
    g = torch.Generator().manual_seed(7)
    x = torch.rand(batch, 1, size, size, generator=g)
    target = (torch.rand(batch, 1, size, size, generator=g) < 0.1).float()
    model = smp.Unet(encoder_name=args.encoder, encoder_weights=None, in_channels=1, classes=1)
    params = sum(p.numel() for p in model.parameters())
    print(f"model: smp.Unet({args.encoder}), {params} parameters, torch {torch.__version__}, {torch.get_num_threads()} threads")

    model.eval()

    def forward():
        with torch.no_grad():
            model(x)

    t = median_seconds(forward, args.runs)
    print(f"forward (eval, no grad): {batch / t:.1f} images/s, peak resident memory {peak_mib():.1f} MiB")

    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.BCEWithLogitsLoss()

    def step():
        optimizer.zero_grad()
        loss_fn(model(x), target).backward()
        optimizer.step()

    t = median_seconds(step, args.runs)
    print(f"training step (forward+backward+Adam): {batch / t:.1f} images/s, peak resident memory {peak_mib():.1f} MiB")


if __name__ == "__main__":
    main()
