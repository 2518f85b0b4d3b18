#!/usr/bin/env python3
"""The Python side of scripts/bench-dataset: shuffled epochs through torch DataLoader(num_workers=2) over the same
samples, once from a SpikeStream cache (spikestream.SpikeStreamFrames, python/) and once from tonic 1.7's
DiskCachedDataset of tonic.io.read_mnist_file + ToFrame(n_time_bins=16) (scripts/bench_pipeline.py's
NMNISTFolder). The cache is built with `--compat tonic`, so both sides hand out the same frame values; the labels
and sample 0's frames are checked equal before timing. tonic's first pass fills its cache and is reported apart.
The epochs alternate (SpikeStream, tonic, SpikeStream, …) so both see the same machine load. Prints a Markdown
table.

Usage: bench_dataset.py DATASET_ROOT CACHE.h5 TONIC_CACHE_DIR [--workers 2] [--batch-size 64] [--epochs 3]
"""
import argparse
import os
import shutil
import sys

import numpy as np
import tonic
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "python"))
from bench_pipeline import NMNISTFolder, full_pass  # noqa: E402  (scripts/ is this file's folder)
from spikestream import SpikeStreamFrames  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("root")
    parser.add_argument("cache")
    parser.add_argument("tonic_cache_dir")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=3)
    args = parser.parse_args()
    torch.manual_seed(0)
    ours = SpikeStreamFrames(args.cache, split=None)
    folder = NMNISTFolder(args.root)
    if ours.labels.tolist() != [label for _, label in folder.items]:
        sys.exit("the cache and the dataset folder do not hold the same samples in the same order")
    if not np.array_equal(ours[0][0], folder[0][0]):
        sys.exit("sample 0's frames differ between the cache and tonic's ToFrame (was the cache built with "
                 "--compat tonic?)")
    shutil.rmtree(args.tonic_cache_dir, ignore_errors=True)
    cached = tonic.DiskCachedDataset(folder, cache_path=args.tonic_cache_dir)
    samples, fill_seconds = full_pass(cached, args.workers, args.batch_size, shuffle=False)
    rates = {"ours": [], "tonic": []}
    for _ in range(args.epochs):
        for name, dataset in (("ours", ours), ("tonic", cached)):
            count, seconds = full_pass(dataset, args.workers, args.batch_size, shuffle=True)
            assert count == samples
            rates[name].append(count / seconds)
    frame = ours[0][0]
    print(f"{samples} samples, frames {frame.dtype} {list(frame.shape)}; batches of {args.batch_size}, "
          f"DataLoader(num_workers={args.workers}), shuffled; tonic's cache fill pass (catalog order): "
          f"{samples / fill_seconds:.0f} samples/s.")
    print()
    print("| epoch | SpikeStreamFrames over the cache (samples/s) | tonic DiskCachedDataset (samples/s) | ratio |")
    print("|---|---:|---:|---:|")
    for epoch, (a, b) in enumerate(zip(rates["ours"], rates["tonic"]), 1):
        print(f"| {epoch} | {a:.0f} | {b:.0f} | {a / b:.1f}× |")


if __name__ == "__main__":
    main()
