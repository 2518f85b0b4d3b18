#!/usr/bin/env python3
"""Compare two SpikeStream caches with h5py + hdf5plugin: every dataset (values, dtype, shape) and every root
attribute except those that name the run rather than the data (created_by, shard, full_cache_key).

Usage: h5py_compare_caches.py REFERENCE.h5 OTHER.h5

Used to check that a merged cache (virtual or copied /frames) reads exactly like a single-run cache.
Exits 0 and prints OK when they match, 1 listing every difference otherwise. Needs h5py, hdf5plugin, numpy.
"""
import sys

import h5py
import hdf5plugin  # noqa: F401  (registers the zstd filter 32015 with h5py's libhdf5)
import numpy as np

IGNORED_ATTRS = {"created_by", "shard", "full_cache_key"}


def attr_value(value):
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.generic):
        return (type(value.item()).__name__, value.item())
    return value


def datasets(f):
    names = []
    f.visititems(lambda name, obj: names.append(name) if isinstance(obj, h5py.Dataset) else None)
    return sorted(names)


def main(reference_path, other_path):
    problems = []
    with h5py.File(reference_path, "r") as ref, h5py.File(other_path, "r") as other:
        ref_attrs = {k: attr_value(v) for k, v in ref.attrs.items() if k not in IGNORED_ATTRS}
        other_attrs = {k: attr_value(v) for k, v in other.attrs.items() if k not in IGNORED_ATTRS}
        for name in sorted(set(ref_attrs) | set(other_attrs)):
            if ref_attrs.get(name) != other_attrs.get(name):
                problems.append(f"attribute {name}: {ref_attrs.get(name)!r} vs {other_attrs.get(name)!r}")
        if datasets(ref) != datasets(other):
            problems.append(f"datasets: {datasets(ref)} vs {datasets(other)}")
        for name in datasets(ref):
            if name not in other:
                continue
            a, b = ref[name], other[name]
            if a.dtype != b.dtype or a.shape != b.shape:
                problems.append(f"/{name}: {a.dtype} {a.shape} vs {b.dtype} {b.shape}")
                continue
            if not np.array_equal(a[()], b[()]):
                problems.append(f"/{name}: values differ")
        virtual = other["frames"].is_virtual
        count = len(datasets(ref))
    if problems:
        print("\n".join(problems))
        return 1
    print(f"OK ({count} datasets, /frames virtual={virtual})")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
