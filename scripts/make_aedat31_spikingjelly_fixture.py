#!/usr/bin/env python3
"""Cross-checks our AEDAT 3.1 writer with SpikingJelly's reader (docs/DATASETS.md).

1. Exports the fixture files that `AEDAT31Writer` writes from the recipes in
   Tests/SpikeFormatsTests/AEDAT31FixtureRecipes.swift (by running the AEDAT31FixtureTests suite with
   SPIKESTREAM_AEDAT31_FIXTURE_OUT pointing at the fixture folder).
2. Decodes each with spikingjelly.datasets.utils.load_aedat_v3 (SpikingJelly 2.0.0, torch CPU) in the
   git-ignored venv scripts/.venv-sj, created here with pinned versions.
3. Writes the decodings to Tests/SpikeFormatsTests/Fixtures/aedat31/spikingjelly_load_aedat_v3.json.

Usage: scripts/make_aedat31_spikingjelly_fixture.py [--no-export] [--venv-only]
(from anywhere; creating the venv takes a few minutes the first time)
"""
import hashlib
import importlib.util
import json
import os
import subprocess
import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "scripts" / ".venv-sj"
FIXTURES = ROOT / "Tests" / "SpikeFormatsTests" / "Fixtures" / "aedat31"
# torch's CPU-only wheel (pip finds 2.13.0+cpu through this machine class's find-links; from PyPI's index
# `torch==2.13.0` works too but pulls the CUDA libraries).
PINS = ["torch==2.13.0+cpu", "spikingjelly==2.0.0", "numpy==2.4.6"]
SMALL = 200  # files with at most this many events list every event


def ensure_venv():
    python = VENV / "bin" / "python"
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    if not python.exists():
        print(f"==> creating {VENV} ({', '.join(PINS)})", file=sys.stderr)
        subprocess.check_call([sys.executable, "-m", "venv", str(VENV)])
    check = subprocess.run([str(python), "-c", "import spikingjelly, torch"], capture_output=True)
    if check.returncode != 0:
        subprocess.check_call([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *PINS])
    os.execv(str(python), [str(python), __file__, *sys.argv[1:]])


def import_load_aedat_v3():
    """Returns spikingjelly.datasets.utils.load_aedat_v3.

    PyPI's torchvision/torchaudio wheels are CUDA builds that cannot load beside torch's CPU wheel (and no CPU
    build of them is reachable here), while `spikingjelly.datasets/__init__` imports every dataset module and
    with it torchvision. So utils.py is loaded on its own, with `torchvision.transforms` stubbed: utils.py uses
    it only for two image-plotting helpers; load_aedat_v3 itself needs struct and numpy only.
    """
    import spikingjelly
    try:
        import torchvision.transforms  # noqa: F401 — the real one, where it works
    except Exception:
        for name in [m for m in sys.modules if m.split(".")[0] == "torchvision"]:
            del sys.modules[name]
        stub = types.ModuleType("torchvision")
        stub.transforms = types.ModuleType("torchvision.transforms")
        sys.modules.update({"torchvision": stub, "torchvision.transforms": stub.transforms})
    folder = Path(spikingjelly.__file__).parent / "datasets"
    package = types.ModuleType("spikingjelly.datasets")
    package.__path__ = [str(folder)]
    sys.modules["spikingjelly.datasets"] = package
    spec = importlib.util.spec_from_file_location("spikingjelly.datasets.utils", folder / "utils.py")
    utils = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = utils
    spec.loader.exec_module(utils)
    return utils.load_aedat_v3


def export_fixture_files():
    FIXTURES.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, SPIKESTREAM_AEDAT31_FIXTURE_OUT=str(FIXTURES))
    scratch = os.environ.get("SPIKESTREAM_SCRATCH", ".build-fixtures")
    subprocess.check_call(["swift", "build", "--scratch-path", scratch, "--build-tests"], cwd=ROOT, env=env,
                          stdout=sys.stderr)
    subprocess.check_call(["swift", "test", "--scratch-path", scratch, "--skip-build", "--filter",
                           "AEDAT31FixtureTests/recipesReproduceFixtures"], cwd=ROOT, env=env, stdout=sys.stderr)


def summarise(path, load):
    d = load(str(path))
    t, x, y, p = (d[k].astype("int64") for k in ("t", "x", "y", "p"))
    rows = [[int(a), int(b), int(c), int(e)] for a, b, c, e in zip(t, x, y, p)]
    out = {
        "file": path.name,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "event_count": len(rows),
        "sum_t": int(t.sum()), "sum_x": int(x.sum()), "sum_y": int(y.sum()), "sum_p": int(p.sum()),
        "first_events": rows[:5], "last_events": rows[-5:],
    }
    if len(rows) <= SMALL:
        out["events"] = rows
    return out


def main():
    ensure_venv()
    if "--venv-only" in sys.argv:
        return
    from importlib.metadata import version
    load_aedat_v3 = import_load_aedat_v3()

    if "--no-export" not in sys.argv:
        export_fixture_files()
    files = sorted(FIXTURES.glob("*.aedat"))
    result = {
        "spikingjelly_version": version("spikingjelly"),
        "torch_version": version("torch"),
        "function": "spikingjelly.datasets.utils.load_aedat_v3",
        "note": "SpikingJelly decodes every eventCapacity slot of type-1 packets and ignores the valid bit and "
                "eventNumber; t = timestamp | eventTSOverflow << 31. Events as [t_us, x, y, p].",
        "files": [summarise(f, load_aedat_v3) for f in files],
    }
    out = FIXTURES / "spikingjelly_load_aedat_v3.json"
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"wrote {out} ({len(files)} files, spikingjelly {result['spikingjelly_version']})", file=sys.stderr)


if __name__ == "__main__":
    main()
