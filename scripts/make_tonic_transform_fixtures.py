#!/usr/bin/env python3
"""Golden outputs of tonic 1.7.0's Denoise and RefractoryPeriod for SpikeTransforms' cross-check tests.

Decodes every shared N-MNIST sample (*.bin, *.bs2) with tonic's own reader and every MNIST-DVS sample
(mnist-dvs-aedat2/*.aedat) with numpy per FORMATS.md section 2 in SpikeStream's convention
(x = 127 - raw_x, y = 127 - raw_y, p = 1 - raw_p), runs the transforms for a few parameters and writes one
JSON per sample to Tests/SpikeTransformsTests/Fixtures/transforms_<sample>.json.

Usage:  python3 scripts/make_tonic_transform_fixtures.py [SAMPLES_DIR]     (default: ../shared/samples)

Without tonic 1.7.0 in the running interpreter, the script creates scripts/.venv-tonic with the pinned
packages and re-runs itself there.

Fixture shape:
  {"sample": name, "input": DIGEST, "results": [
     {"transform": "denoise", "filterTime": 10000, "kept": KEPT_RUNS, "output": DIGEST}, ...]}
DIGEST = {"count", "sum_t", "sum_x", "sum_y", "sum_p", "fnv"}: fnv is FNV-1a 64 over t, x, y, p of every
event in order, each as a 64-bit two's-complement value (the test recomputes it on its own decoding).
KEPT_RUNS are the lengths of alternating runs of kept and dropped input events, starting with kept.
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "lib"))
from tonic_venv import ensure_tonic  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "Tests" / "SpikeTransformsTests" / "Fixtures"
FILTER_TIMES = [1000, 10000]
PERIODS = [0, 1000, 10000]
MASK64 = (1 << 64) - 1


def read_mnist_dvs(path, np):
    """AEDAT 2.0, big-endian (address, timestamp) records after '#' header lines; DVS128 address bits."""
    data = Path(path).read_bytes()
    offset = 0
    while data[offset:offset + 1] == b"#":
        offset = data.index(b"\n", offset) + 1
    words = np.frombuffer(data[offset:], dtype=">u4").reshape(-1, 2)
    address, t = words[:, 0].astype(np.int64), words[:, 1].astype(np.int64)
    pixel = (address & 0x80008000) == 0
    events = np.zeros(int(pixel.sum()), dtype=[("x", int), ("y", int), ("t", int), ("p", int)])
    events["x"] = 127 - ((address[pixel] & 0xFE) >> 1)
    events["y"] = 127 - ((address[pixel] & 0x7F00) >> 8)
    events["p"] = 1 - (address[pixel] & 1)
    events["t"] = t[pixel]
    return events


def digest(events):
    h = 0xCBF29CE484222325
    for e in zip(events["t"].tolist(), events["x"].tolist(), events["y"].tolist(), events["p"].tolist()):
        for v in e:
            h = ((h ^ (v & MASK64)) * 0x100000001B3) & MASK64
    return {"count": len(events), "sum_t": int(events["t"].sum()), "sum_x": int(events["x"].sum()),
            "sum_y": int(events["y"].sum()), "sum_p": int(events["p"].sum()), "fnv": format(h, "016x")}


def kept_runs(events, kept, np):
    """Run lengths of kept/dropped input events; tonic's outputs are order-preserving subsets."""
    mask = np.zeros(len(events), dtype=bool)
    # Match output events to input events in order (each output event is the next equal input event).
    j = 0
    for i, e in enumerate(events):
        if j < len(kept) and tuple(e) == tuple(kept[j]):
            mask[i] = True
            j += 1
    assert j == len(kept), "tonic's output is not an ordered subset of its input"
    runs, current, length = [], True, 0
    for m in mask.tolist():
        if m == current:
            length += 1
        else:
            runs.append(length)
            current, length = m, 1
    runs.append(length)
    return runs


def main():
    ensure_tonic(__file__)
    import numpy as np
    import tonic
    from tonic.io import read_mnist_file

    samples = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "samples"
    dtype = np.dtype([("x", int), ("y", int), ("t", int), ("p", int)])
    inputs = [(p, read_mnist_file(str(p), dtype=dtype)) for p in sorted((samples / "nmnist").iterdir())
              if p.suffix in (".bin", ".bs2")]
    inputs += [(p, read_mnist_dvs(p, np)) for p in sorted((samples / "mnist-dvs-aedat2").glob("*.aedat"))]
    if not inputs:
        sys.exit(f"no samples under {samples}")
    OUT.mkdir(parents=True, exist_ok=True)
    for path, events in inputs:
        results = []
        for ft in FILTER_TIMES:
            kept = tonic.transforms.Denoise(filter_time=ft)(events.copy())
            results.append({"transform": "denoise", "filterTime": ft, "kept": kept_runs(events, kept, np),
                            "output": digest(kept)})
        for period in PERIODS:
            kept = tonic.transforms.RefractoryPeriod(delta=period)(events.copy())
            results.append({"transform": "refractory", "period": period, "kept": kept_runs(events, kept, np),
                            "output": digest(kept)})
        doc = {"tonic": tonic.__version__, "numpy": np.__version__, "sample": path.name,
               "folder": path.parent.name, "input": digest(events), "results": results}
        target = OUT / f"transforms_{path.name}.json"
        target.write_text(json.dumps(doc, separators=(",", ":")) + "\n")
        print(f"{target.relative_to(REPO)}: {target.stat().st_size} bytes, {len(events)} events")


if __name__ == "__main__":
    main()
