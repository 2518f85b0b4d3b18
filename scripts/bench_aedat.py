#!/usr/bin/env python3
"""Python side of scripts/bench-aedat: decode throughput of the AEDAT readers a user has today.

- AEDAT 2.0: a numpy reader like the one SpikingJelly uses for CIFAR10-DVS (skip '#' header lines, then one
  big-endian uint32 array of address/timestamp pairs, fields split with masks), written here from FORMATS.md §2.
- AEDAT 3.1: SpikingJelly's spikingjelly.datasets.utils.load_aedat_v3 (pure Python per event), and a numpy
  reader written here from FORMATS.md §3 (walk the 28-byte packet headers, decode polarity bodies with masks).
Prints one JSON object: {name: {"events": n, "seconds": s, "events_per_s": r}}.
"""
import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_aedat31_spikingjelly_fixture import import_load_aedat_v3  # noqa: E402


def numpy_aedat2(path):
    with open(path, "rb") as f:
        data = f.read()
    start = 0
    while data.startswith(b"#", start):
        start = data.index(b"\n", start) + 1
    words = np.frombuffer(data, dtype=">u4", offset=start)
    address, t = words[0::2], words[1::2]
    pixel = (address & 0x80008000) == 0
    address, t = address[pixel], t[pixel].astype(np.int64)
    x = 127 - ((address >> 1) & 0x7F)
    y = 127 - ((address >> 8) & 0x7F)
    p = 1 - (address & 1)
    return len(t), int(x.sum() + y.sum() + p.sum())


def numpy_aedat31(path):
    with open(path, "rb") as f:
        data = f.read()
    start = data.index(b"#!END-HEADER") + len(b"#!END-HEADER")
    start = data.index(b"\n", start) + 1
    ts, xs = [], []
    pos = start
    while pos + 28 <= len(data):
        etype, _, size, _, overflow, capacity, number, _ = np.frombuffer(data, dtype="<i2,<i2,<i4,<i4,<i4,<i4,<i4,<i4",
                                                                        count=1, offset=pos)[0]
        pos += 28
        if etype == 1:
            body = np.frombuffer(data, dtype="<u4", count=2 * number, offset=pos)
            word, stamp = body[0::2], body[1::2]
            valid = (word & 1) == 1
            ts.append((stamp[valid].astype(np.int64)) | (np.int64(overflow) << 31))
            xs.append((word[valid] >> 17) & 0x7FFF)
        pos += int(capacity) * int(size)
    t = np.concatenate(ts)
    return len(t), int(np.concatenate(xs).sum())


def sj_aedat31(path, load):
    d = load(path)
    return len(d["t"]), int(d["x"].sum())


def measure(fn, path, repeat):
    times, events = [], 0
    for _ in range(repeat):
        begin = time.perf_counter()
        events, _ = fn(path)
        times.append(time.perf_counter() - begin)
    seconds = sorted(times)[len(times) // 2]
    return {"events": events, "seconds": seconds, "events_per_s": events / seconds}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--aedat2", required=True)
    ap.add_argument("--aedat31", required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sj-repeat", type=int, default=1)
    args = ap.parse_args()
    load = import_load_aedat_v3()
    result = {
        "numpy_aedat2": measure(numpy_aedat2, args.aedat2, args.repeat),
        "numpy_aedat31": measure(numpy_aedat31, args.aedat31, args.repeat),
        "spikingjelly_load_aedat_v3": measure(lambda p: sj_aedat31(p, load), args.aedat31, args.sj_repeat),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
