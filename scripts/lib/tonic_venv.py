"""Shared by the tonic fixture scripts: re-run the calling script under scripts/.venv-tonic (tonic 1.7.0,
numpy 2.4.6, created on first use) unless tonic 1.7.0 is importable in the current interpreter."""
import os
import subprocess
import sys
from pathlib import Path

PINS = ["tonic==1.7.0", "numpy==2.4.6"]
VENV = Path(__file__).resolve().parent.parent / ".venv-tonic"


def ensure_tonic(script):
    try:
        from importlib.metadata import version
        if version("tonic") == "1.7.0":
            return
    except Exception:
        pass
    python = VENV / "bin" / "python"
    if Path(sys.executable).resolve() == python.resolve():
        sys.exit("scripts/.venv-tonic lacks tonic 1.7.0; delete it and re-run")
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *PINS], check=True)
    os.execv(str(python), [str(python), script, *sys.argv[1:]])
