#!/usr/bin/env python3
"""Check a SpikeStream cache with h5py + hdf5plugin against expectations written as JSON.

Usage: h5py_check_cache.py CACHE.h5 EXPECTED.json

EXPECTED.json holds: count, dtype ("uint8"|"uint16"|"float32"), geometry [C, H, W], frames_per_chunk,
attrs {name: text}, labels, splits, sample_ids, frame_offsets, frames (one flat list per sample), and optionally
skipped_samples (the list of {id, path, reason} the skipped_samples attribute holds, read with json.loads).
Exits 0 when everything matches, 1 (listing every mismatch) otherwise.

Needs h5py, hdf5plugin and numpy. Set up a private venv once:
    python3 -m venv scripts/.venv
    scripts/.venv/bin/pip install h5py==3.16.0 hdf5plugin==7.1.0 numpy==2.4.6
"""
import json
import sys

import h5py
import hdf5plugin  # noqa: F401  (registers the zstd filter 32015 with h5py's libhdf5)
import numpy as np


def attr_text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.generic):
        return str(value.item())
    return str(value)


def main(cache_path, expected_path):
    with open(expected_path, encoding="utf-8") as f:
        want = json.load(f)
    problems = []

    def check(what, got, expected):
        if got != expected:
            problems.append(f"{what}: got {got!r}, expected {expected!r}")

    with h5py.File(cache_path, "r") as f:
        attrs = {name: attr_text(f.attrs[name]) for name in f.attrs}
        for name, text in want["attrs"].items():
            check(f"attribute {name}", attrs.get(name), text)
        check("format_version type", type(f.attrs["format_version"].item()).__name__, "int")
        if "skipped_samples" in want:
            check("skipped_samples", json.loads(f.attrs["skipped_samples"]), want["skipped_samples"])

        frames = f["frames"]
        c, h, w = want["geometry"]
        check("frames dtype", frames.dtype.name, want["dtype"])
        check("frames shape", list(frames.shape), [want["frame_offsets"][-1], c, h, w])
        check("frames chunks", list(frames.chunks), [want["frames_per_chunk"], c, h, w])
        check("frames filters", list(frames._filters.keys()), ["32015"])

        check("labels dtype", f["labels"].dtype.name, "int32")
        check("labels", f["labels"][:].tolist(), want["labels"])
        check("splits dtype", f["splits"].dtype.name, "uint8")
        check("splits", f["splits"][:].tolist(), want["splits"])
        check("frame_offsets dtype", f["frame_offsets"].dtype.name, "int64")
        check("frame_offsets", f["frame_offsets"][:].tolist(), want["frame_offsets"])
        ids = [s.decode("utf-8") if isinstance(s, bytes) else s for s in f["sample_ids"].asstr()[:]]
        check("sample_ids", ids, want["sample_ids"])

        offsets = want["frame_offsets"]
        for i, flat in enumerate(want["frames"]):
            got = frames[offsets[i]:offsets[i + 1]]
            expected = np.asarray(flat, dtype=want["dtype"]).reshape(got.shape)
            if not np.array_equal(got, expected):
                problems.append(f"frames of sample {i} differ ({int((got != expected).sum())} elements)")

    for p in problems:
        print("MISMATCH", p)
    print("OK" if not problems else f"{len(problems)} mismatches")
    return 0 if not problems else 1


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
