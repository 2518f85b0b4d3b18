#!/usr/bin/env python3
"""Write a cache-layout HDF5 file with h5py + hdf5plugin.Zstd(), with known values, for SpikeStream's reader.

Usage: h5py_write_zstd.py OUT.h5 [whole-frames|split-frames]

Samples have T = 3, 5, 2, 4; frames are uint16 [14, 2, 3, 4]. The chunks never align with samples:
`whole-frames` uses chunks (3, 2, 3, 4) (each chunk holds whole frames: the reader's direct-chunk path),
`split-frames` uses (2, 1, 3, 4) (frames split across chunks: the reader's hyperslab fallback).
Value at global frame row r, channel c, row y, column x:
    (r*31 + c*7 + y*5 + x*3) % 50 * 1000   if (r + c + y + x) % 3 == 0, else 0
Root attrs are written the way a Python user would: numpy int64 format_version and a Python bool `complete`.

Needs h5py, hdf5plugin and numpy (see h5py_check_cache.py for the venv).
"""
import sys

import h5py
import hdf5plugin
import numpy as np

T = [3, 5, 2, 4]
LABELS = [7, 1, 0, 3]
SPLITS = [0, 1, 2, 0]
IDS = ["a/0.bin", "b/1.bin", "c/é.bin", "d/3.bin#0-100"]
CHUNKS = {"whole-frames": (3, 2, 3, 4), "split-frames": (2, 1, 3, 4)}


def main(out, mode):
    rows = sum(T)
    r, c, y, x = np.indices((rows, 2, 3, 4))
    frames = np.where((r + c + y + x) % 3 == 0, (r * 31 + c * 7 + y * 5 + x * 3) % 50 * 1000, 0).astype("<u2")
    with h5py.File(out, "w") as f:
        f.attrs["format"] = "spikestream-cache"
        f.attrs["format_version"] = np.int64(1)
        f.attrs["dataset"] = "h5py-fixture"
        f.attrs["transform"] = "[]"
        f.attrs["cache_key"] = "ab" * 32
        f.attrs["complete"] = True
        f.attrs["created_by"] = "h5py_write_zstd.py"
        f.create_dataset("frames", data=frames, chunks=CHUNKS[mode], maxshape=(None, 2, 3, 4),
                         **hdf5plugin.Zstd(clevel=5))
        f.create_dataset("frame_offsets", data=np.concatenate([[0], np.cumsum(T)]).astype("<i8"))
        f.create_dataset("labels", data=np.array(LABELS, dtype="<i4"))
        f.create_dataset("splits", data=np.array(SPLITS, dtype="u1"))
        f.create_dataset("sample_ids", data=IDS, dtype=h5py.string_dtype("utf-8"))
    print("wrote", out)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3) or (len(sys.argv) == 3 and sys.argv[2] not in CHUNKS):
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2] if len(sys.argv) == 3 else "whole-frames")
