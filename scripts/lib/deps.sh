# Sourced by the set-up commands: installs what a fresh Debian machine with only Swift lacks.
# Debian packages: the C libraries SpikeStream links. Python venv: h5py + hdf5plugin for the interop tests,
# Pillow to decode the GIFs `spikestream render gif` writes, pytest for the Python package's tests (python/).

spikestream_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

ensure_debian_packages() {
  local wanted=(libhdf5-dev libzstd-dev liblz4-dev libopenblas-dev libkissfft-dev libsamplerate0-dev libpng-dev zlib1g-dev pkg-config python3-venv espeak-ng time)
  local missing=()
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "==> installing Debian packages: ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# The pinned HDF5 readers and test runner of both venvs below.
interop_pins=(h5py==3.16.0 hdf5plugin==7.1.0 pytest==9.2.0)

# A venv with pinned h5py + hdf5plugin + numpy + Pillow + pytest; prints its python path.
ensure_python_venv() {
  local venv="$spikestream_root/scripts/.venv"
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import h5py, hdf5plugin, numpy, PIL, pytest" 2>/dev/null; then
    echo "==> creating $venv (h5py, hdf5plugin, numpy, Pillow, pytest)" >&2
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q --disable-pip-version-check "${interop_pins[@]}" numpy==2.4.6 pillow==13.0.0 >&2
  fi
  echo "$venv/bin/python"
}

# A venv with iniVation's dv-processing (pinned), whose NetworkWriter publishes the AEDAT 4 network streams that
# the `stream --connect` tests read; prints its python path, or nothing when it cannot be installed (those tests
# then say SKIPPED with the reason).
ensure_dv_venv() {
  local venv="$spikestream_root/scripts/.venv-dv"
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import dv_processing, numpy" 2>/dev/null; then
    echo "==> creating $venv (dv-processing)" >&2
    python3 -m venv "$venv" >&2 && "$venv/bin/pip" install -q --disable-pip-version-check dv-processing==2.0.4 numpy==2.4.6 >&2 \
      || { echo "==> dv-processing could not be installed; the stream --connect tests will be skipped" >&2; return 0; }
  fi
  echo "$venv/bin/python"
}

# The python of scripts/.venv-torch (made by scripts/bench-snn and scripts/bench-pipeline) for the Python
# package's DataLoader tests, given the pinned h5py + hdf5plugin + pytest once; prints nothing when that venv
# is absent: torch is never installed here (it is large), and those tests are then reported as skipped.
torch_test_python() {
  local python="$spikestream_root/scripts/.venv-torch/bin/python"
  [ -x "$python" ] && "$python" -c "import torch" 2>/dev/null || return 0
  if ! "$python" -c "import h5py, hdf5plugin, pytest" 2>/dev/null; then
    echo "==> adding h5py, hdf5plugin, pytest to scripts/.venv-torch" >&2
    "$python" -m pip install -q --disable-pip-version-check "${interop_pins[@]}" >&2
  fi
  echo "$python"
}

# The NIR interop venv (scripts/nir-check): the `nir` package, nirtorch, snnTorch and torch (PyPI's, or a CPU wheel
# where pip is set up with one), h5py + hdf5plugin to read the cache, and Norse when it installs (nir_check.py
# reports Norse as SKIPPED otherwise); prints its python path, or nothing when the install fails (the caller then
# reports the whole check as skipped).
nir_pins=(nir==1.0.8 nirtorch==2.6 snntorch==1.0.0)
ensure_nir_venv() {
  local venv="$spikestream_root/scripts/.venv-nir"
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import nir, nirtorch, snntorch, torch, h5py, hdf5plugin" 2>/dev/null; then
    echo "==> creating $venv (torch, nir, nirtorch, snntorch, h5py, hdf5plugin; then norse)" >&2
    python3 -m venv "$venv" >&2 || return 0
    # A CPU-only torch wheel where the machine keeps one (PyPI's torch brings ~5 GB of CUDA libraries that
    # these CPU checks never load); otherwise PyPI's.
    local cpu_wheel
    cpu_wheel="$(ls /opt/wheels/torch-*+cpu-cp3*-manylinux*_x86_64.whl 2>/dev/null | sort -V | tail -1 || true)"
    "$venv/bin/pip" install -q --disable-pip-version-check "${cpu_wheel:-torch}" "${nir_pins[@]}" "${interop_pins[@]}" numpy >&2 || return 0
    # Without its dependencies: they are installed above but for torchvision, whose newest release would
    # replace the CPU torch with PyPI's CUDA build; the NIR import does not use it.
    "$venv/bin/pip" install -q --disable-pip-version-check --no-deps norse==1.1.0 >&2 || echo "==> norse did not install" >&2
  fi
  echo "$venv/bin/python"
}
