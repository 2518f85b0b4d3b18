"""Datasets over a SpikeStream HDF5 cache (layout: docs/CACHE.md).

Each dataset reads the cache's small arrays (offsets, labels, splits, sample ids) once, in the constructor, and
opens the HDF5 file for frames and events lazily: one h5py handle per process, reopened after a fork (the pid is
checked on every access) and never pickled, so `torch.utils.data.DataLoader(num_workers > 0)` works with the fork
and the spawn start methods alike.
"""
import json
import os

import h5py
import hdf5plugin  # noqa: F401  (registers the zstd filter 32015 with h5py's libhdf5)
import numpy as np

try:
    import torch
    from torch.utils.data import Dataset as _Base
except ImportError:  # torch is optional: the datasets are then plain indexable sequences
    torch = None
    _Base = object

FORMAT_NAME = "spikestream-cache"
FORMAT_VERSION = 1
SPLITS = {"train": 0, "test": 1, "validation": 2}

# tonic's field names (x, y, t, p); SpikeStream's column types.
EVENT_DTYPE = np.dtype([("x", "<u2"), ("y", "<u2"), ("t", "<i8"), ("p", "u1")])


class CacheError(ValueError):
    """The file is not a usable SpikeStream cache; the message says why and what to do."""


def _text(value):
    """A string attribute as str: fixed-length ones come back from h5py as bytes (numpy.bytes_)."""
    if isinstance(value, (bytes, np.bytes_)):
        return bytes(value).decode("utf-8")
    return str(value)


def _class_names(attrs):
    """The optional `class_names` root attribute: a JSON array in one string, or an array of strings."""
    if "class_names" not in attrs:
        return None
    value = attrs["class_names"]
    if isinstance(value, np.ndarray):
        return [_text(v) for v in value.tolist()]
    return [str(name) for name in json.loads(_text(value))]


class _CacheDataset(_Base):
    """What both datasets share: validation, split selection and the per-process HDF5 handle."""

    def __init__(self, path, split="train", transform=None):
        self.path = os.fspath(path)
        self.split = split
        self.transform = transform
        if split is not None and split not in SPLITS:
            raise ValueError(f"split must be one of {', '.join(map(repr, SPLITS))} or None (every sample); "
                             f"got {split!r}")
        with self._open_checked() as f:
            try:
                self._read_index(f, split)
            except KeyError as error:
                raise CacheError(f"cache '{self.path}' is malformed: {error.args[0]}. Delete it and rebuild it with "
                                 "`spikestream preprocess`.") from None
        self._handle = self._datasets = self._pid = None

    def _read_index(self, f, split):
        """Reads the attributes, the split's rows, labels and ids, and what the subclass needs."""
        self.attrs = {name: (_text(v) if isinstance(v, (bytes, np.bytes_, str)) else v)
                      for name, v in f.attrs.items() if name != "class_names"}
        self.classes = _class_names(f.attrs)
        splits = f["splits"][:]
        if split is None:
            self._indices = np.arange(len(splits))
        else:
            self._indices = np.flatnonzero(splits == SPLITS[split])
            if len(self._indices) == 0:
                counts = ", ".join(f"{name} {int((splits == code).sum())}" for name, code in SPLITS.items())
                raise CacheError(f"cache '{self.path}' has no {split} samples (it holds {counts}); "
                                 "choose another split, or split=None for every sample")
        self._labels = f["labels"][:][self._indices]
        self.sample_ids = [str(i) for i in f["sample_ids"].asstr()[:][self._indices]]
        self._read_metadata(f)

    def _open_checked(self):
        """Opens the file and checks that it is a complete SpikeStream cache, or raises with what to do."""
        if not os.path.exists(self.path):
            raise FileNotFoundError(f"cache '{self.path}' does not exist. Build it with `spikestream preprocess` "
                                    "(docs/CACHE.md), or check the path.")
        try:
            f = h5py.File(self.path, "r")
        except OSError as error:
            raise CacheError(f"'{self.path}' is not a SpikeStream cache: h5py cannot open it as HDF5 ({error}). "
                             "Point to the .h5 file `spikestream preprocess` wrote.") from None
        try:
            found = _text(f.attrs.get("format", b""))
            if found != FORMAT_NAME:
                raise CacheError(f"'{self.path}' is not a SpikeStream cache (attribute format is '{found}', expected "
                                 f"'{FORMAT_NAME}'). Point to the .h5 file `spikestream preprocess` wrote.")
            version = int(f.attrs.get("format_version", -1))
            if version != FORMAT_VERSION:
                raise CacheError(f"cache '{self.path}' has format_version {version}; this package reads version "
                                 f"{FORMAT_VERSION}. Rebuild the cache with `spikestream preprocess`, or install "
                                 "the spikestream Python package of the same release.")
            if not bool(f.attrs.get("complete", False)):
                raise CacheError(f"cache '{self.path}' is incomplete (attribute complete=false): its writer was "
                                 "interrupted or is still running. Rerun `spikestream preprocess` with the same "
                                 "settings to finish it, then open the .h5 file it renames it to.")
        except BaseException:
            f.close()
            raise
        return f

    def _read_metadata(self, f):
        """Reads what a subclass needs from the open file besides labels and ids."""
        raise NotImplementedError

    def _columns(self):
        """This process's h5py datasets of `_column_names`, through a handle opened on first use and again in a
        forked child. Looking the datasets up once, not per sample, halves the cost of a read."""
        if self._pid != os.getpid():
            # A handle inherited through fork belongs to the parent: forget it without closing it.
            self._handle = h5py.File(self.path, "r")
            self._datasets = {name: self._handle[name] for name in self._column_names}
            self._pid = os.getpid()
        return self._datasets

    def __getstate__(self):
        state = self.__dict__.copy()
        state.update(_handle=None, _datasets=None, _pid=None)
        return state

    def close(self):
        """Closes this process's handle; the next access reopens it."""
        if self._handle is not None and self._pid == os.getpid():
            self._handle.close()
        self._handle = self._datasets = self._pid = None

    def __len__(self):
        return len(self._indices)

    def _row(self, index):
        """The cache row of split-relative `index` (negative counts from the end); IndexError past either end."""
        count = len(self._indices)
        if not -count <= index < count:
            raise IndexError(f"index {index} is out of range for {count} samples")
        return int(self._indices[index])

    def __getitem__(self, index):
        row = self._row(index)
        item = self._read(row)
        if self.transform is not None:
            item = self.transform(item)
        return item, int(self._labels[index])

    @property
    def labels(self):
        """The labels of this split's samples, in cache order."""
        return self._labels.copy()

    def __repr__(self):
        return f"{type(self).__name__}('{self.path}', split={self.split!r}, {len(self)} samples)"


class SpikeStreamFrames(_CacheDataset):
    """`(frames, label)` per sample of a split, frames [T, C, H, W] as stored (or float32), in cache order.

    dtype: None (the stored uint8 / uint16 / float32) or "float32". tensor=True returns torch tensors (needs
    torch). transform, when given, is applied to the frames last.
    """

    def __init__(self, path, split="train", dtype=None, transform=None, tensor=False):
        if dtype not in (None, "float32", np.float32):
            raise ValueError(f"dtype must be None (the stored type) or 'float32'; got {dtype!r}")
        if tensor and torch is None:
            raise ImportError("tensor=True needs PyTorch (`pip install torch`); without it frames are NumPy arrays")
        self.dtype = None if dtype is None else np.float32
        self.tensor = tensor
        super().__init__(path, split, transform)

    _column_names = ("frames",)

    def _read_metadata(self, f):
        self._offsets = f["frame_offsets"][:]
        self.frame_shape = tuple(f["frames"].shape[1:])

    def _read(self, row):
        frames = self._columns()["frames"][self._offsets[row]:self._offsets[row + 1]]
        if self.dtype is not None:
            frames = frames.astype(self.dtype)
        return torch.from_numpy(frames) if self.tensor else frames


class SpikeStreamEvents(_CacheDataset):
    """`(events, label)` per sample of a split: a structured array with tonic's fields x, y (uint16), t (int64 µs),
    p (uint8), the events after the cache's pre-cache transforms. Needs a cache built with `--store-events`.

    sensor_size is (width, height, polarities), as tonic's transforms take it. transform, when given, is applied to
    the events (e.g. a tonic augmentation followed by tonic.transforms.ToFrame).
    """

    _column_names = tuple(f"events/{name}" for name in EVENT_DTYPE.names)

    def _read_metadata(self, f):
        if "events" not in f:
            raise CacheError(f"cache '{self.path}' stores frames only, no events (/events). Rebuild it with "
                             "`spikestream preprocess` with the same options plus --store-events (it writes a new "
                             "cache; the flag is part of the cache key), or use SpikeStreamFrames.")
        group = f["events"]
        self._offsets = group["offsets"][:]
        self.sensor_size = tuple(int(group.attrs[name])
                                 for name in ("sensor_width", "sensor_height", "sensor_polarities"))

    def _read(self, row):
        columns = self._columns()
        start, end = self._offsets[row], self._offsets[row + 1]
        events = np.empty(end - start, dtype=EVENT_DTYPE)
        for name in EVENT_DTYPE.names:
            events[name] = columns[f"events/{name}"][start:end]
        return events
