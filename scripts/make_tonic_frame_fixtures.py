#!/usr/bin/env python3
"""Golden frames from tonic 1.7.0's ToFrame for SpikeTransforms' `compat: .tonic` tests.

Runs tonic.transforms.ToFrame on every shared N-MNIST sample (*.bin, *.bs2, decoded by tonic's own
reader, independent of ours) for a fixed list of configurations, and writes one compact JSON per sample to
Tests/SpikeTransformsTests/Fixtures/tonic_frames_<sample>.json.

Usage:  python3 scripts/make_tonic_frame_fixtures.py [SAMPLES_DIR]      (default: ../shared/samples)

If the running interpreter lacks tonic==1.7.0, the script creates scripts/.venv-tonic with the pinned
packages and re-runs itself there. Any interpreter that already has tonic 1.7.0 is used as is.

Fixture shape (per sample):
  {"sample": name, "event_count": N, "frames": [
     {"config": {...ToFrame keyword arguments...}, "shape": [T, P, H, W], "dtype": "int16",
      "sum": total, "index_delta": [...], "value": [...]}, ...]}
Non-zero entries in row-major (C) order; "index_delta" holds the first flat index, then the gaps between
consecutive flat indices (keeps the files small); "value" the int16 values at those indices.
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "lib"))
from tonic_venv import ensure_tonic  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "Tests" / "SpikeTransformsTests" / "Fixtures"
SENSOR = (34, 34, 2)

CONFIGS = [
    {"n_time_bins": 1},
    {"n_time_bins": 1, "overlap": 0.1},
    {"n_time_bins": 16},
    {"n_time_bins": 16, "overlap": 0.1},
    {"n_time_bins": 17},
    {"n_time_bins": 17, "overlap": 0.25},
    {"n_event_bins": 10},
    {"n_event_bins": 10, "overlap": 0.3},
    {"time_window": 10000, "include_incomplete": False},
    {"time_window": 10000, "include_incomplete": True},
    {"time_window": 10000, "overlap": 2500, "include_incomplete": True},
    {"event_count": 500},
    {"event_count": 500, "overlap": 100, "include_incomplete": True},
]


def main():
    ensure_tonic(__file__)
    import numpy as np
    import tonic
    from tonic.io import read_mnist_file

    samples = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "samples"
    files = sorted(p for p in (samples / "nmnist").iterdir() if p.suffix in (".bin", ".bs2"))
    if not files:
        sys.exit(f"no N-MNIST samples under {samples / 'nmnist'}")
    dtype = np.dtype([("x", int), ("y", int), ("t", int), ("p", int)])
    OUT.mkdir(parents=True, exist_ok=True)
    for path in files:
        events = read_mnist_file(str(path), dtype=dtype)
        entries = []
        for config in CONFIGS:
            frames = tonic.transforms.ToFrame(sensor_size=SENSOR, **config)(events.copy())
            flat = frames.reshape(-1)
            index = np.flatnonzero(flat)
            delta = np.diff(index, prepend=0)
            entries.append({
                "config": config,
                "shape": list(frames.shape),
                "dtype": str(frames.dtype),
                "sum": int(flat.astype(np.int64).sum()),
                "index_delta": delta.tolist(),
                "value": flat[index].tolist(),
            })
        doc = {"tonic": tonic.__version__, "numpy": np.__version__, "sample": path.name,
               "event_count": len(events), "frames": entries}
        target = OUT / f"tonic_frames_{path.name}.json"
        target.write_text(json.dumps(doc, separators=(",", ":")) + "\n")
        print(f"{target.relative_to(REPO)}: {target.stat().st_size} bytes")


if __name__ == "__main__":
    main()
