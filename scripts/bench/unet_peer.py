#!/usr/bin/env python3
"""PyTorch and ONNX Runtime peers for `pleura-bench inference` and `pleura-bench segmentation`.

Commands (2 threads each, as the bench machine has 2 cores; alternate with the bench):

    /work/venv/bin/python scripts/bench/unet_peer.py inference      # PyTorch eval + ONNX Runtime
    /work/venv/bin/python scripts/bench/unet_peer.py train          # 256², batch 4, Adam, BCE
    /work/venv/bin/python scripts/bench/unet_peer.py train --size 128 --batch 8
    /work/venv/bin/python scripts/bench/unet_peer.py fit            # the whole loop, as `pleura-bench fit`
    /work/venv/bin/python scripts/bench/unet_peer.py train --size 512 --batch 2   # also peak RSS
    /work/venv/bin/python scripts/bench/unet_peer.py train --size 512 --batch 2 --checkpoint
    /work/venv/bin/python scripts/bench/unet_peer.py inference --threads 1   # kernels alone, against
                                                    # `pleura-bench inference`'s one-thread CPU time

The network is Pleura's `unet(base=16, depth=4)` (Sources/Segmentation/Models/UNet.swift and
PlainEncoder.swift), layer for layer:

    encoder stage i (i = 0...4, width 16·2^i; a 2x2 max pool before every stage but the first):
        conv3x3(no bias) → BatchNorm → ReLU → conv3x3(no bias) → BatchNorm → ReLU
    decoder level i (i = 3...0): ConvTranspose2d(k=2, s=2, bias) from the level below to width
        16·2^i, concatenated [upsampled, skip] on channels, then the same double conv
    head: conv1x1(16 → 1, bias)

With --checkpoint, each encoder stage and each decoder double conv is recomputed in the
backward pass (torch.utils.checkpoint, non-reentrant), the stages Pleura's
`gradient_checkpointing` recomputes. Peak resident memory only grows, so each setting needs
a process of its own.

ONNX Runtime runs the model exported from PyTorch (opset 17) with its default graph
optimisations (ORT_ENABLE_ALL: it folds each eval-mode batch norm into the convolution before
it and fuses the ReLUs), intra_op_num_threads=2 (--threads). Figures are images/s, the median of 7 runs
after one warm-up, three times.
"""
import argparse
import resource
import statistics
import tempfile
import time

import torch
import torch.nn as nn
import torch.utils.checkpoint


class DoubleConv(nn.Sequential):
    def __init__(self, cin: int, cout: int):
        super().__init__(
            nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
            nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class UNet(nn.Module):
    def __init__(self, base: int = 16, depth: int = 4, in_channels: int = 1, checkpointed: bool = False):
        super().__init__()
        self.checkpointed = checkpointed
        width = [base << i for i in range(depth + 1)]
        self.down = nn.ModuleList(DoubleConv(in_channels if i == 0 else width[i - 1], width[i]) for i in range(depth + 1))
        self.up = nn.ModuleList(nn.ConvTranspose2d(width[i + 1], width[i], 2, stride=2) for i in range(depth))
        self.decoder = nn.ModuleList(DoubleConv(2 * width[i], width[i]) for i in range(depth))
        self.head = nn.Conv2d(width[0], 1, 1)

    def stage(self, module, x):
        if self.checkpointed and self.training:
            return torch.utils.checkpoint.checkpoint(module, x, use_reentrant=False)
        return module(x)

    def forward(self, x):
        skips = []
        h = x
        for i, stage in enumerate(self.down):
            if i > 0:
                h = nn.functional.max_pool2d(h, 2)
            h = self.stage(stage, h)
            skips.append(h)
        h = skips.pop()
        for i in reversed(range(len(self.decoder))):
            h = self.stage(self.decoder[i], torch.cat([self.up[i](h), skips[i]], 1))
        return self.head(h)


def median_seconds(body, runs: int = 7, clock=time.perf_counter) -> float:
    body()
    times = []
    for _ in range(runs):
        start = clock()
        body()
        times.append(clock() - start)
    return statistics.median(times)


def inference(size: int, batch: int, threads: int) -> None:
    import onnxruntime as ort
    model = UNet().eval()
    x = torch.rand(batch, 1, size, size)
    with tempfile.NamedTemporaryFile(suffix=".onnx") as f:
        torch.onnx.export(model, x, f.name, opset_version=17, input_names=["x"], output_names=["y"], dynamo=False)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        session = ort.InferenceSession(f.name, options, providers=["CPUExecutionProvider"])
    feed = {"x": x.numpy()}
    for run in range(3):
        with torch.inference_mode():
            torch_s = median_seconds(lambda: model(x))
        ort_s = median_seconds(lambda: session.run(None, feed))
        # CPU time over all threads, which a loaded machine disturbs far less than wall time:
        # with --threads 1, the figure `pleura-bench inference` gives as "one thread, CPU ms".
        ort_cpu = median_seconds(lambda: session.run(None, feed), clock=time.process_time)
        print(f"run {run + 1}: PyTorch {torch.__version__} eval {batch / torch_s:.1f} images/s, "
              f"ONNX Runtime {ort.__version__} {batch / ort_s:.1f} images/s ({size}x{size}, batch {batch}), "
              f"{ort_cpu * 1000 / batch:.1f} CPU ms per image")


def train(size: int, batch: int, checkpointed: bool) -> None:
    model = UNet(checkpointed=checkpointed).train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss = nn.BCEWithLogitsLoss()
    x = torch.rand(batch, 1, size, size)
    target = (torch.rand(batch, 1, size, size) < 0.1).float()

    def step():
        optimizer.zero_grad()
        loss(model(x), target).backward()
        optimizer.step()

    for run in range(3):
        s = median_seconds(step)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"run {run + 1}: PyTorch {torch.__version__} training step {batch / s:.1f} images/s "
              f"({size}x{size}, batch {batch}{', checkpointed' if checkpointed else ''}), "
              f"peak resident memory {peak:.0f} MiB")


def fit(size: int, batch: int) -> None:
    """The whole loop of `pleura-bench fit`, as a Kaggle notebook writes it: 64 uint8 images
    with square masks, augmented by albumentations (augment_peer.py's siim2019 pipeline at this
    side) in the training process, as a DataLoader with num_workers=0 does; each batch
    stacked, scaled to [0, 1] and run through the network, BCE + Dice (smoothing 1, over the
    whole batch), backward and Adam. One untimed epoch, then two timed epochs of 8 steps;
    the figure is the faster epoch's images/s, as `pleura-bench fit` reports its faster epoch."""
    import cv2
    import numpy as np
    from augment_peer import pipeline
    cv2.setNumThreads(1)
    rng = np.random.default_rng(5)
    images, masks = [], []
    for k in range(64):
        images.append((rng.random((size, size), dtype=np.float32) * 255).astype(np.uint8))
        mask = np.zeros((size, size), np.uint8)
        if k % 2 == 0:
            y, x = rng.integers(0, size // 2, 2)
            mask[y:y + size // 4, x:x + size // 4] = 1
        masks.append(mask)
    transform = pipeline(size)
    bce = nn.BCEWithLogitsLoss()

    def epoch(model, optimizer) -> float:
        start = time.perf_counter()
        order = rng.permutation(len(images))
        for first in range(0, len(order), batch):
            pairs = [transform(image=images[i], mask=masks[i]) for i in order[first:first + batch]]
            x = torch.from_numpy(np.stack([p["image"] for p in pairs])[:, None].astype(np.float32) / 255)
            y = torch.from_numpy(np.stack([p["mask"] for p in pairs])[:, None].astype(np.float32))
            optimizer.zero_grad()
            logits = model(x)
            p = torch.sigmoid(logits)
            dice = 1 - (2 * (p * y).sum() + 1) / (p.sum() + y.sum() + 1)
            (bce(logits, y) + dice).backward()
            optimizer.step()
        return time.perf_counter() - start

    for run in range(3):
        model = UNet().train()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        epoch(model, optimizer)
        best = min(epoch(model, optimizer) for _ in range(2))
        print(f"run {run + 1}: PyTorch {torch.__version__} + albumentations fit loop {len(images) / best:.1f} images/s "
              f"({size}x{size}, batch {batch}, siim2019, bce + dice)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["inference", "train", "fit"])
    parser.add_argument("--size", type=int, help="default 256, 128 for fit")
    parser.add_argument("--batch", type=int, help="default 4, 8 for fit")
    parser.add_argument("--checkpoint", action="store_true")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    size, batch = args.size or (128 if args.mode == "fit" else 256), args.batch or (8 if args.mode == "fit" else 4)
    if args.mode == "inference":
        inference(size, batch, args.threads)
    elif args.mode == "fit":
        fit(size, batch)
    else:
        train(size, batch, args.checkpoint)


if __name__ == "__main__":
    main()
