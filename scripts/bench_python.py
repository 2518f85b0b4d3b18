#!/usr/bin/env python3
"""The Python side of scripts/bench: what a tonic / h5py user runs today, timed on the same files.

Prints one JSON object: events/s for tonic 1.7 decode (tonic.io.read_mnist_file) and binning
(tonic.transforms.ToFrame, n_time_bins=16), and samples/s + MB/s for h5py + hdf5plugin cache writes and
random reads. Medians of --repeat runs.
"""
import argparse, json, statistics, time

import h5py, hdf5plugin, numpy as np
import tonic
from tonic.io import read_mnist_file
from tonic.transforms import ToFrame

DTYPE = np.dtype([("x", int), ("y", int), ("t", int), ("p", int)])


def median_rate(fn, amount, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return amount / statistics.median(times)


def bench_files(files, repeat):
    events = [read_mnist_file(f, dtype=DTYPE) for f in files]
    total = sum(len(e) for e in events)
    decode = median_rate(lambda: [read_mnist_file(f, dtype=DTYPE) for f in files], total, repeat)
    to_frame = ToFrame(sensor_size=(34, 34, 2), n_time_bins=16)
    binning = median_rate(lambda: [to_frame(e) for e in events], total, repeat)
    return {"events": total, "decode_events_per_s": decode, "bin_events_per_s": binning}


def bench_cache(path, reads, repeat, seed=1):
    with h5py.File(path, "r") as f:
        offsets = f["frame_offsets"][:]
        frames = f["frames"]
        n = len(offsets) - 1
        order = np.random.default_rng(seed).integers(0, n, size=reads)
        sample_bytes = (offsets[1] - offsets[0]) * np.prod(frames.shape[1:]) * frames.dtype.itemsize

        def read_all():
            for i in order:
                frames[offsets[i]:offsets[i + 1]]

        rate = median_rate(read_all, reads, repeat)
    return {"samples": int(n), "random_read_samples_per_s": rate,
            "random_read_MB_per_s": rate * sample_bytes / 1e6}


def bench_cache_write(path, reference, count, repeat):
    with h5py.File(reference, "r") as f:
        offsets = f["frame_offsets"][:]
        t = int(offsets[1] - offsets[0])
        block = f["frames"][: t * min(count, len(offsets) - 1)]
    samples = block.reshape(-1, t, *block.shape[1:])

    def write():
        with h5py.File(path, "w") as out:
            d = out.create_dataset("frames", shape=(0, *block.shape[1:]), maxshape=(None, *block.shape[1:]),
                                   chunks=(t, *block.shape[1:]), dtype=block.dtype, **hdf5plugin.Zstd(clevel=3))
            for i in range(count):
                s = samples[i % len(samples)]
                d.resize(d.shape[0] + t, axis=0)
                d[-t:] = s

    rate = median_rate(write, count, repeat)
    return {"write_samples_per_s": rate, "write_MB_per_s": rate * samples[0].nbytes / 1e6}


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--samples", nargs="*", default=[], help="small real N-MNIST files")
    ap.add_argument("--large", help="a large N-MNIST .bin file")
    ap.add_argument("--cache", help="a SpikeStream cache (.h5) to read at random")
    ap.add_argument("--reads", type=int, default=20000)
    ap.add_argument("--write-count", type=int, default=5000)
    ap.add_argument("--scratch", default="/tmp/spikestream-h5py-bench.h5")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    out = {"tonic": tonic.__version__, "h5py": h5py.__version__, "hdf5plugin": hdf5plugin.version,
           "numpy": np.__version__}
    if a.samples:
        out["samples"] = bench_files(a.samples, max(a.repeat, 5))
    if a.large:
        out["large"] = bench_files([a.large], a.repeat)
    if a.cache:
        out["cache"] = bench_cache(a.cache, a.reads, a.repeat)
        out["cache"].update(bench_cache_write(a.scratch, a.cache, a.write_count, a.repeat))
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
