#!/usr/bin/env python3
"""Check the /events group of a SpikeStream cache (preprocess --store-events) with h5py + hdf5plugin.

Usage: h5py_check_events.py CACHE.h5 EXPECTED.json

EXPECTED.json holds: sensor [width, height, polarities], offsets [N+1], and t, x, y, p (every sample's events
concatenated). Checks dtypes (int64, uint16, uint16, uint8), the zstd filter 32015, the group attributes and
every value; also slices sample i as offsets[i]:offsets[i+1], as a user would. Exits 0 and prints OK when all
match, 1 (listing every mismatch) otherwise. Needs h5py, hdf5plugin and numpy.
"""
import json
import sys

import h5py
import hdf5plugin  # noqa: F401  (registers the zstd filter 32015 with h5py's libhdf5)
import numpy as np


def main(cache_path, expected_path):
    with open(expected_path, encoding="utf-8") as f:
        want = json.load(f)
    problems = []

    def check(what, got, expected):
        if got != expected:
            problems.append(f"{what}: got {got!r}, expected {expected!r}")

    with h5py.File(cache_path, "r") as f:
        group = f["events"]
        check("sensor attributes", [int(group.attrs[k]) for k in ("sensor_width", "sensor_height", "sensor_polarities")],
              want["sensor"])
        offsets = group["offsets"][:]
        check("offsets dtype", offsets.dtype.name, "int64")
        check("offsets", offsets.tolist(), want["offsets"])
        for name, dtype in (("t", "int64"), ("x", "uint16"), ("y", "uint16"), ("p", "uint8")):
            column = group[name]
            check(f"{name} dtype", column.dtype.name, dtype)
            check(f"{name} filters", list(column._filters.keys()), ["32015"])
            check(f"{name} values", column[:].tolist(), want[name])
            for i in range(len(offsets) - 1):
                piece = column[offsets[i]:offsets[i + 1]]
                check(f"sample {i} {name}", piece.tolist(), want[name][offsets[i]:offsets[i + 1]])
    if problems:
        print("\n".join(problems))
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
