import multiprocessing
import pickle

import h5py
import numpy as np
import pytest
from conftest import EVENT_COUNTS, FRAME_COUNTS, IDS, LABELS, SENSOR, SPLITS, write_cache

from spikestream import CacheError, SpikeStreamEvents, SpikeStreamFrames

try:
    import torch
    from torch.utils.data import DataLoader
except ImportError:
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="torch is not importable here (scripts/test runs these "
                                 "tests again with scripts/.venv-torch when it exists)")


def direct(path, split):
    """What h5py reads straight from the file for one split: (frames, events or None, label, id) per sample."""
    code = {"train": 0, "test": 1, "validation": 2}[split]
    with h5py.File(path, "r") as f:
        offsets = f["frame_offsets"][:]
        rows = np.flatnonzero(f["splits"][:] == code)
        ids = f["sample_ids"].asstr()[:]
        samples = []
        for i in rows:
            frames = f["frames"][offsets[i]:offsets[i + 1]]
            events = None
            if "events" in f:
                o = f["events/offsets"][:]
                events = {name: f["events"][name][o[i]:o[i + 1]] for name in "txyp"}
            samples.append((frames, events, int(f["labels"][i]), ids[i]))
    return samples


@pytest.mark.parametrize("split", ["train", "test", "validation"])
def test_frames_equal_h5py_reads_in_cache_order(cache, split):
    dataset = SpikeStreamFrames(cache, split=split)
    want = direct(cache, split)
    assert len(dataset) == len(want) == SPLITS.count({"train": 0, "test": 1, "validation": 2}[split])
    assert dataset.sample_ids == [w[3] for w in want]
    assert dataset.labels.tolist() == [w[2] for w in want]
    for (frames, label), (want_frames, _, want_label, _) in zip(dataset, want):
        assert frames.dtype == np.uint16 and frames.shape[1:] == (2, 5, 6)
        np.testing.assert_array_equal(frames, want_frames)
        assert label == want_label and isinstance(label, int)


def test_split_filtering_matches_the_splits_column(cache):
    train = SpikeStreamFrames(cache)
    assert len(train) == 3
    assert train.sample_ids == [IDS[0], IDS[3], IDS[5]]
    assert [label for _, label in train] == [LABELS[0], LABELS[3], LABELS[5]]
    assert [len(frames) for frames, _ in train] == [FRAME_COUNTS[0], FRAME_COUNTS[3], FRAME_COUNTS[5]]
    everything = SpikeStreamFrames(cache, split=None)
    assert everything.sample_ids == IDS and everything.labels.tolist() == LABELS
    np.testing.assert_array_equal(train[-1][0], everything[5][0])
    with pytest.raises(IndexError):
        train[3]
    with pytest.raises(ValueError, match="split must be one of 'train', 'test', 'validation' or None"):
        SpikeStreamFrames(cache, split="val")


def test_float32_and_transform(cache):
    stored = SpikeStreamFrames(cache, split="test")
    scaled = SpikeStreamFrames(cache, split="test", dtype="float32", transform=lambda x: x / 1000)
    frames, label = scaled[1]
    assert frames.dtype == np.float32 and label == LABELS[4]
    np.testing.assert_array_equal(frames, stored[1][0].astype(np.float32) / 1000)
    assert frames.max() == 49.0
    with pytest.raises(ValueError, match="dtype must be None"):
        SpikeStreamFrames(cache, dtype="float16")


def test_classes_and_attributes(tmp_path, cache):
    assert SpikeStreamFrames(cache).classes is None
    named = write_cache(tmp_path / "named.h5", class_names='["zero", "one", "deux", "trois"]')
    dataset = SpikeStreamFrames(named)
    assert dataset.classes == ["zero", "one", "deux", "trois"]
    assert dataset.attrs["dataset"] == "h5py-fixture" and dataset.attrs["transform"] == '{"binning":"test"}'


@pytest.mark.parametrize("split", ["train", "test", "validation"])
def test_events_equal_h5py_reads(cache, split):
    dataset = SpikeStreamEvents(cache, split=split)
    want = direct(cache, split)
    assert dataset.sensor_size == SENSOR
    assert len(dataset) == len(want)
    for (events, label), (_, want_events, want_label, _) in zip(dataset, want):
        assert events.dtype.names == ("x", "y", "t", "p")
        assert [events.dtype[name] for name in "xytp"] == [np.dtype("<u2"), np.dtype("<u2"), np.dtype("<i8"),
                                                             np.dtype("u1")]
        for name in "txyp":
            np.testing.assert_array_equal(events[name], want_events[name])
        assert label == want_label
    counts = [len(events) for events, _ in dataset]
    assert counts == [EVENT_COUNTS[i] for i, s in enumerate(SPLITS) if s == {"train": 0, "test": 1,
                                                                             "validation": 2}[split]]


def test_events_known_values(cache):
    events, label = SpikeStreamEvents(cache, split="validation")[0]  # sample 2: global events 4 ..< 11
    assert label == 0
    assert events["t"].tolist() == [5_000_000_000 + 997 * i for i in range(4, 11)]
    assert events["x"].tolist() == [i * 5 % 6 for i in range(4, 11)]
    assert events["p"].tolist() == [0, 1, 0, 1, 0, 1, 0]


def test_missing_events_says_to_rebuild_with_store_events(tmp_path):
    frames_only = write_cache(tmp_path / "frames-only.h5", events=False)
    with pytest.raises(CacheError, match=r"no events \(/events\).*--store-events"):
        SpikeStreamEvents(frames_only)
    assert len(SpikeStreamFrames(frames_only)) == 3


def test_errors_name_the_problem_and_the_fix(tmp_path):
    other = tmp_path / "other.h5"
    with h5py.File(other, "w") as f:
        f["data"] = np.arange(3)
    with pytest.raises(CacheError, match=r"is not a SpikeStream cache \(attribute format is '', expected "
                                         r"'spikestream-cache'\)"):
        SpikeStreamFrames(other)
    wrong = write_cache(tmp_path / "wrong.h5", fmt="something-else")
    with pytest.raises(CacheError, match="attribute format is 'something-else'"):
        SpikeStreamEvents(wrong)
    text = tmp_path / "notes.h5"
    text.write_text("not HDF5")
    with pytest.raises(CacheError, match="h5py cannot open it as HDF5"):
        SpikeStreamFrames(text)
    partial = write_cache(tmp_path / "cache.h5.partial", complete=False)
    with pytest.raises(CacheError, match=r"incomplete \(attribute complete=false\).*Rerun `spikestream preprocess`"):
        SpikeStreamFrames(partial)
    with pytest.raises(FileNotFoundError, match="does not exist. Build it with `spikestream preprocess`"):
        SpikeStreamFrames(tmp_path / "absent.h5")


def test_empty_split_is_an_error_with_the_counts(tmp_path):
    path = write_cache(tmp_path / "c.h5")
    with h5py.File(path, "a") as f:
        f["splits"][...] = np.array([0, 1, 1, 0, 1, 0], dtype="u1")
    with pytest.raises(CacheError, match="has no validation samples .it holds train 3, test 3, validation 0."):
        SpikeStreamFrames(path, split="validation")


def test_a_cache_missing_a_dataset_is_malformed(tmp_path):
    path = write_cache(tmp_path / "c.h5")
    with h5py.File(path, "a") as f:
        del f["labels"]
    with pytest.raises(CacheError, match=r"c.h5' is malformed: .*'labels' doesn't exist.*Delete it and rebuild"):
        SpikeStreamFrames(path)


def _child_reads(dataset, inherited, queue):
    frames, label = dataset[0]
    queue.put((dataset._handle is not inherited, frames.tolist(), label))


def test_a_forked_child_opens_its_own_handle(cache):
    dataset = SpikeStreamFrames(cache)
    parent_frames, _ = dataset[0]  # the parent now holds an open handle
    inherited = dataset._handle
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_child_reads, args=(dataset, inherited, queue))
    child.start()
    own_handle, frames, label = queue.get(timeout=30)
    child.join(timeout=30)
    assert child.exitcode == 0 and own_handle
    assert frames == parent_frames.tolist() and label == LABELS[0]
    dataset[1]
    assert dataset._handle is inherited and inherited.id.valid  # the parent's handle is untouched


def test_pickling_drops_the_handle(cache):
    dataset = SpikeStreamEvents(cache)
    events, _ = dataset[1]
    copy = pickle.loads(pickle.dumps(dataset))
    assert copy._handle is None
    np.testing.assert_array_equal(copy[1][0], events)
    dataset.close()
    np.testing.assert_array_equal(dataset[1][0], events)  # reopens


@pytest.mark.torch
@needs_torch
def test_dataloader_with_two_workers(cache):
    dataset = SpikeStreamFrames(cache, split=None, dtype="float32", tensor=True)
    assert isinstance(dataset, torch.utils.data.Dataset)
    dataset[0]  # the parent holds a handle when the workers fork
    loader = DataLoader(dataset, batch_size=1, num_workers=2, multiprocessing_context="fork")
    got = [(frames[0], int(label)) for frames, label in loader]
    with h5py.File(cache, "r") as f:
        offsets = f["frame_offsets"][:]
        want = [f["frames"][offsets[i]:offsets[i + 1]].astype(np.float32) for i in range(len(LABELS))]
    assert [label for _, label in got] == LABELS
    for (frames, _), expected in zip(got, want):
        assert frames.dtype == torch.float32
        np.testing.assert_array_equal(frames.numpy(), expected)


@pytest.mark.torch
@needs_torch
def test_dataloader_batches_events_through_a_collate(cache):
    dataset = SpikeStreamEvents(cache, split="train")
    loader = DataLoader(dataset, batch_size=3, num_workers=2, collate_fn=lambda batch: batch)
    (batch,) = list(loader)
    assert [len(events) for events, _ in batch] == [EVENT_COUNTS[0], EVENT_COUNTS[3], EVENT_COUNTS[5]]
    assert [label for _, label in batch] == [LABELS[0], LABELS[3], LABELS[5]]


def test_a_cache_made_by_spikestream_preprocess(preprocessed_cache):
    with h5py.File(preprocessed_cache, "r") as f:
        splits = f["splits"][:]
    assert (splits == 0).sum() == 20 and (splits == 1).sum() == 10
    for split in ("train", "test"):
        frames_dataset = SpikeStreamFrames(preprocessed_cache, split=split)
        events_dataset = SpikeStreamEvents(preprocessed_cache, split=split)
        want = direct(preprocessed_cache, split)
        assert len(frames_dataset) == len(events_dataset) == len(want)
        assert events_dataset.sensor_size == (34, 34, 2)
        for (frames, label), (events, event_label), (want_frames, want_events, want_label, want_id), sample_id in zip(
                frames_dataset, events_dataset, want, frames_dataset.sample_ids):
            assert frames.shape == (4, 2, 34, 34) and frames.dtype == np.uint8
            np.testing.assert_array_equal(frames, want_frames)
            assert frames.sum() > 0 and len(events) > 0
            for name in "txyp":
                np.testing.assert_array_equal(events[name], want_events[name])
            assert label == event_label == want_label and sample_id == want_id
            assert sample_id.startswith("Train/" if split == "train" else "Test/")
