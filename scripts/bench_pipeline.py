#!/usr/bin/env python3
"""The Python side of scripts/bench-pipeline: what a tonic user runs to preprocess an N-MNIST-layout dataset and
iterate it, timed on the same files as `spikestream preprocess` / `spikestream bench epoch`.

tonic 1.7 reads each file as its NMNIST dataset does (tonic.io.read_mnist_file with NMNIST.dtype), bins it with
ToFrame(sensor_size=(34, 34, 2), n_time_bins=16), and tonic.DiskCachedDataset stores the frames on disk. Pass 1
(empty cache, torch DataLoader(num_workers=2, batch_size=64), catalog order) is the preprocess; pass 2 (filled
cache, shuffle=True) is one training epoch. Prints one JSON object per pass.

Usage: bench_pipeline.py DATASET_ROOT CACHE_DIR [--workers 2] [--batch-size 64]
"""
import argparse, json, os, resource, shutil, time

import tonic
import torch
from tonic.io import read_mnist_file
from tonic.transforms import ToFrame
from torch.utils.data import DataLoader, Dataset


class NMNISTFolder(Dataset):
    """Train|Test/<digit>/<n>.bin in SpikeStream's catalog order (split, label, numeric index), read like
    tonic.datasets.NMNIST and binned with ToFrame before caching."""

    def __init__(self, root):
        self.items = []
        for split in ("Train", "Test"):
            for label in range(10):
                folder = os.path.join(root, split, str(label))
                names = sorted((n for n in os.listdir(folder) if n.endswith(".bin")),
                               key=lambda n: int(os.path.splitext(n)[0]))
                self.items += [(os.path.join(folder, n), label) for n in names]
        self.to_frame = ToFrame(sensor_size=tonic.datasets.NMNIST.sensor_size, n_time_bins=16)

    def __len__(self):
        return len(self.items)

    def __getitem__(self, index):
        path, label = self.items[index]
        return self.to_frame(read_mnist_file(path, dtype=tonic.datasets.NMNIST.dtype)), label


def full_pass(dataset, workers, batch_size, shuffle):
    loader = DataLoader(dataset, batch_size=batch_size, num_workers=workers, shuffle=shuffle)
    start = time.perf_counter()
    samples = 0
    for frames, labels in loader:
        samples += len(labels)
    return samples, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("root")
    parser.add_argument("cache_dir")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()
    torch.manual_seed(0)
    shutil.rmtree(args.cache_dir, ignore_errors=True)
    cached = tonic.DiskCachedDataset(NMNISTFolder(args.root), cache_path=args.cache_dir)
    for name, shuffle in (("tonic-preprocess", False), ("tonic-epoch", True)):
        samples, seconds = full_pass(cached, args.workers, args.batch_size, shuffle)
        print(json.dumps({
            "bench": name, "samples": samples, "seconds": seconds, "samples_per_s": samples / seconds,
            "workers": args.workers,
            # ru_maxrss is in KB on Linux; children = the largest DataLoader worker reaped so far.
            "peak_rss_main_MB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "peak_rss_worker_MB": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        }), flush=True)


if __name__ == "__main__":
    main()
