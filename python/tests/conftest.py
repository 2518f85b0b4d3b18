"""Caches written with h5py exactly as docs/CACHE.md lays them out (zstd through hdf5plugin, fixed-length UTF-8
root attributes, variable-length UTF-8 sample ids, an /events group), and one made by `spikestream preprocess`
when SPIKESTREAM_BIN names the binary."""
import os
import subprocess

import h5py
import hdf5plugin
import numpy as np
import pytest

FRAME_COUNTS = [3, 5, 2, 4, 1, 3]
LABELS = [7, 1, 0, 3, 9, 2]
SPLITS = [0, 1, 2, 0, 1, 0]
IDS = ["Train/7/a.bin", "Test/1/b.bin", "Train/0/é.bin", "Train/3/d.bin#0-100", "Test/9/e.bin", "Train/2/f.bin"]
EVENT_COUNTS = [4, 0, 7, 3, 5, 2]
SENSOR = (6, 5, 2)


def fixed_utf8(text):
    """A fixed-length UTF-8 string attribute value, as SpikeStream writes them."""
    data = text.encode("utf-8")
    return np.array(data, dtype=h5py.string_dtype("utf-8", len(data)))


def write_cache(path, complete=True, events=True, class_names=None, fmt="spikestream-cache"):
    """A 6-sample cache: uint16 frames [ΣT, 2, 5, 6] with a value pattern, every split, optional events."""
    rows = sum(FRAME_COUNTS)
    r, c, y, x = np.indices((rows, 2, 5, 6))
    frames = ((r * 31 + c * 7 + y * 5 + x * 3) % 50 * 1000).astype("<u2")
    with h5py.File(path, "w") as f:
        for name, value in (("format", fmt), ("dataset", "h5py-fixture"), ("transform", '{"binning":"test"}'),
                            ("cache_key", "ab" * 32), ("created_by", "conftest.py")):
            f.attrs.create(name, fixed_utf8(value))
        f.attrs["format_version"] = np.int64(1)
        f.attrs["complete"] = np.uint8(1 if complete else 0)
        if class_names is not None:
            f.attrs.create("class_names", fixed_utf8(class_names))
        f.create_dataset("frames", data=frames, chunks=(2, 2, 5, 6), maxshape=(None, 2, 5, 6),
                         **hdf5plugin.Zstd(clevel=3))
        f.create_dataset("frame_offsets", data=np.concatenate([[0], np.cumsum(FRAME_COUNTS)]).astype("<i8"))
        f.create_dataset("labels", data=np.array(LABELS, dtype="<i4"))
        f.create_dataset("splits", data=np.array(SPLITS, dtype="u1"))
        f.create_dataset("sample_ids", data=IDS, dtype=h5py.string_dtype("utf-8"))
        if events:
            n = sum(EVENT_COUNTS)
            i = np.arange(n)
            group = f.create_group("events")
            for attr, value in zip(("sensor_width", "sensor_height", "sensor_polarities"), SENSOR):
                group.attrs[attr] = np.uint32(value)
            columns = {"t": (i * 997 + 5_000_000_000).astype("<i8"), "x": (i * 5 % SENSOR[0]).astype("<u2"),
                       "y": (i * 3 % SENSOR[1]).astype("<u2"), "p": (i % 2).astype("u1")}
            for name, column in columns.items():
                group.create_dataset(name, data=column, chunks=(8,), maxshape=(None,), **hdf5plugin.Zstd())
            group.create_dataset("offsets", data=np.concatenate([[0], np.cumsum(EVENT_COUNTS)]).astype("<i8"))
    return str(path)


@pytest.fixture
def cache(tmp_path):
    return write_cache(tmp_path / "fixture.h5")


@pytest.fixture(scope="session")
def preprocessed_cache(tmp_path_factory):
    """A cache of 30 synthetic N-MNIST samples (2 train + 1 test per digit) with events, made by the CLI."""
    binary = os.environ.get("SPIKESTREAM_BIN")
    if not binary:
        pytest.skip("SPIKESTREAM_BIN is not set: no `spikestream` binary to build a cache with "
                    "(scripts/test sets it after `swift build`)")
    folder = tmp_path_factory.mktemp("preprocessed")
    root, out = folder / "synthetic", folder / "synthetic.h5"
    subprocess.run([binary, "synth", "--out", str(root), "--train-per-class", "2", "--test-per-class", "1"],
                   check=True, capture_output=True)
    subprocess.run([binary, "preprocess", "--root", str(root), "--out", str(out), "--time-bins", "4",
                    "--store-events", "--workers", "2"], check=True, capture_output=True)
    return str(out)
