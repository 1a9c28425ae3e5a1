#!/usr/bin/env python3
"""albumentations peer for `pleura-bench augment`: the siim2019 preset at 256x256.

Command (one process, one thread for OpenCV, uint8 images as albumentations is used):

    OMP_NUM_THREADS=1 /work/venv/bin/python scripts/bench/augment_peer.py --dtype uint8
    OMP_NUM_THREADS=1 /work/venv/bin/python scripts/bench/augment_peer.py --dtype float32

The pipeline is Sources/Augment/Presets.swift's `siim2019(size: 256)` written for
albumentations 2.0.8, with the same probabilities and ranges:

    HorizontalFlip(p=0.5)
    OneOf([RandomBrightnessContrast(brightness_limit=0, contrast_limit=0.2),               # contrast(limit=0.2)
           RandomGamma(gamma_limit=(80, 120)),                                              # gamma
           RandomBrightnessContrast(brightness_limit=0.2, contrast_limit=0,
                                    brightness_by_max=False)], p=0.3)                      # brightness, mean-relative
    OneOf([ElasticTransform(alpha=120, sigma=6, border_mode=cv2.BORDER_REFLECT_101),       # 2.x dropped alpha_affine
           GridDistortion(normalized=False, border_mode=cv2.BORDER_REFLECT_101),
           OpticalDistortion(distort_limit=2, border_mode=cv2.BORDER_REFLECT_101)], p=0.3)  # 2.x dropped shift_limit
    RandomSizedCrop(min_max_height=(156, 256), size=(256, 256), p=0.25)

Each child of a OneOf has p=1 inside it (the OneOf's own p gates it), so each fires with
probability 0.1, as in the preset. The inputs are 64 random 256x256 images with a 70x70
square mask, like the bench's; the figure is pairs per second of wall time over 20 rounds
of the 64 pairs, after one round of warm-up. It prints three alternating runs.
"""
import argparse
import time

import albumentations as A
import cv2
import numpy as np


def pipeline(side: int) -> A.Compose:
    reflect = cv2.BORDER_REFLECT_101
    return A.Compose([
        A.HorizontalFlip(p=0.5),
        A.OneOf([
            A.RandomBrightnessContrast(brightness_limit=0, contrast_limit=0.2, p=1),
            A.RandomGamma(gamma_limit=(80, 120), p=1),
            A.RandomBrightnessContrast(brightness_limit=0.2, contrast_limit=0, brightness_by_max=False, p=1),
        ], p=0.3),
        A.OneOf([
            A.ElasticTransform(alpha=120, sigma=6, border_mode=reflect, p=1),
            A.GridDistortion(normalized=False, border_mode=reflect, p=1),
            A.OpticalDistortion(distort_limit=2, border_mode=reflect, p=1),
        ], p=0.3),
        A.RandomSizedCrop(min_max_height=(round(156 * side / 256), side), size=(side, side), p=0.25),
    ], seed=2019)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dtype", choices=["uint8", "float32"], default="uint8")
    parser.add_argument("--side", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    cv2.setNumThreads(1)
    side = args.side
    rng = np.random.default_rng(2019)
    images = []
    for _ in range(64):
        pixels = rng.random((side, side), dtype=np.float32)
        images.append((pixels * 255).astype(np.uint8) if args.dtype == "uint8" else pixels)
    mask = np.zeros((side, side), np.uint8)
    mask[90:160, 70:140] = 1
    transform = pipeline(side)
    for image in images:
        transform(image=image, mask=mask)
    for run in range(3):
        start = time.perf_counter()
        for _ in range(args.rounds):
            for image in images:
                transform(image=image, mask=mask)
        seconds = time.perf_counter() - start
        print(f"albumentations {A.__version__} siim2019 {side}x{side} {args.dtype}, run {run + 1}: "
              f"{args.rounds * len(images) / seconds:.0f} pairs/s")


if __name__ == "__main__":
    main()
