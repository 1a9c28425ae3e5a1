"""Reference tensors for Pleura's smp_unet, from segmentation_models_pytorch itself.

For each case below this builds `smp.Unet(encoder_name=..., encoder_weights=None,
in_channels=1, classes=1, decoder_channels=..., decoder_attention_type=...)`, fills every
tensor of its state_dict from `formula_values` (a seeded function of the tensor's name and
element index that Tests/SegmentationTests/SMPReferenceTests.swift reproduces exactly), runs
a fixed input through it in evaluation mode in float64, and writes
Tests/Fixtures/smp/<case>.safetensors holding:
  input   [2, 1, 64, 64]  the input (float32)
  logits  [2, 1, 64, 64]  smp's output (float64 arithmetic, stored as float32)
and, in the metadata, "state_dict": a JSON list of [name, shape] for every key of the
state_dict in order, so the Swift tests check Pleura's names and shapes without Python.
Weights are not stored: both sides compute them, which keeps the files small.

Run from the repository root:
    /work/venv/bin/python scripts/reference/smp_reference.py [CASE ...]
(all cases when none is named).
(segmentation-models-pytorch 0.6.0, timm 1.0.31, torch 2.15.0 produced the committed files.)

With `--check-strict FILE CASE` it instead loads a weights file Pleura saved into the smp
model of CASE with load_state_dict(strict=True) and prints the result.
"""
import json
import math
import sys

import numpy as np
import torch
import segmentation_models_pytorch as smp
from safetensors.torch import save_file, load_file

CASES = {
    "resnet18": dict(encoder_name="resnet18", decoder_channels=(256, 128, 64, 32, 16), decoder_attention_type=None),
    "resnet34_scse_narrow": dict(encoder_name="resnet34", decoder_channels=(64, 32, 32, 16, 16), decoder_attention_type="scse"),
    "effb0_scse": dict(encoder_name="timm-efficientnet-b0", decoder_channels=(256, 128, 64, 32, 16), decoder_attention_type="scse"),
    "effb3_narrow": dict(encoder_name="timm-efficientnet-b3", decoder_channels=(32, 16, 16, 8, 8), decoder_attention_type=None),
    "effb1_scse_narrow": dict(encoder_name="timm-efficientnet-b1", decoder_channels=(64, 32, 32, 16, 16), decoder_attention_type="scse"),
    "effb2_narrow": dict(encoder_name="timm-efficientnet-b2", decoder_channels=(32, 16, 16, 8, 8), decoder_attention_type=None),
    "effb4_narrow": dict(encoder_name="timm-efficientnet-b4", decoder_channels=(32, 16, 16, 8, 8), decoder_attention_type=None),
}

MASK = 0xFFFFFFFF


def fnv1a(name):
    h = 0x811C9DC5
    for b in name.encode("utf-8"):
        h = ((h ^ b) * 0x01000193) & MASK
    return h


def unit_values(name, count):
    """count values in [0, 1): a 32-bit hash of (name, index) scaled by 2^-24."""
    i = np.arange(count, dtype=np.uint64)
    x = (np.uint64(fnv1a(name)) ^ ((i * np.uint64(0x9E3779B1)) & np.uint64(MASK))) & np.uint64(MASK)
    x ^= x >> np.uint64(16)
    x = (x * np.uint64(0x85EBCA6B)) & np.uint64(MASK)
    x ^= x >> np.uint64(13)
    x = (x * np.uint64(0xC2B2AE35)) & np.uint64(MASK)
    x ^= x >> np.uint64(16)
    return (x >> np.uint64(8)).astype(np.float64) / 16777216.0


def formula_values(name, shape):
    """The value of every element of tensor `name`, as float32 (computed in float64)."""
    count = int(np.prod(shape)) if len(shape) else 1
    u = unit_values(name, count)
    v = 2.0 * u - 1.0
    leaf = name.rsplit(".", 1)[-1]
    if leaf == "num_batches_tracked":
        out = np.zeros(count)
    elif leaf == "running_var":
        out = 0.5 + u
    elif leaf == "running_mean":
        out = 0.1 * v
    elif leaf == "weight" and len(shape) == 1:   # batch-norm scale
        out = 1.0 + 0.25 * v
    elif leaf == "bias":
        out = 0.1 * v
    else:                                        # convolution weights: variance 1 / fan-in
        fan_in = count // shape[0]
        out = v * math.sqrt(3.0 / fan_in)
    return out.astype(np.float32).reshape(shape)


def formula_input(count):
    """The fixed input: pixels in [0, 1) from the same hash, under the name "input"."""
    return unit_values("input", count).astype(np.float32)


def build(case):
    return smp.Unet(encoder_weights=None, in_channels=1, classes=1, **CASES[case])


def main(cases):
    torch.set_num_threads(2)
    for case in cases:
        model = build(case)
        state = model.state_dict()
        filled = {}
        for name, t in state.items():
            values = torch.from_numpy(formula_values(name, tuple(t.shape)))
            filled[name] = values.to(t.dtype) if t.dtype != torch.float32 else values
        model.load_state_dict(filled, strict=True)
        model = model.double().eval()
        x = torch.from_numpy(formula_input(2 * 64 * 64).reshape(2, 1, 64, 64))
        with torch.no_grad():
            y = model(x.double()).float()
        keys = [[name, list(t.shape)] for name, t in state.items()]
        path = f"Tests/Fixtures/smp/{case}.safetensors"
        save_file({"input": x.contiguous(), "logits": y.contiguous()}, path,
                  metadata={"state_dict": json.dumps(keys), "case": json.dumps(CASES[case])})
        print(f"{path}: {len(keys)} keys, logits mean {y.mean():.4f} std {y.std():.4f} max |.| {y.abs().max():.4f}")


def check_strict(path, case):
    model = build(case)
    result = model.load_state_dict(load_file(path), strict=True)
    print(f"{path} -> smp.Unet({CASES[case]}): load_state_dict(strict=True) {result}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--check-strict":
        check_strict(sys.argv[2], sys.argv[3])
    else:
        main(sys.argv[1:] or list(CASES))
