# Sourced by the set-up commands: installs what a fresh Debian machine with only Swift lacks.
# Debian packages: the C libraries SpikeStream links. Python venv: h5py + hdf5plugin for the interop tests,
# Pillow to decode the GIFs `spikestream render gif` writes.

spikestream_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

ensure_debian_packages() {
  local wanted=(libhdf5-dev libzstd-dev liblz4-dev libopenblas-dev libkissfft-dev libsamplerate0-dev libpng-dev pkg-config python3-venv espeak-ng time)
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

# A venv with pinned h5py + hdf5plugin + numpy + Pillow; prints its python path.
ensure_python_venv() {
  local venv="$spikestream_root/scripts/.venv"
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import h5py, hdf5plugin, numpy, PIL" 2>/dev/null; then
    echo "==> creating $venv (h5py, hdf5plugin, numpy, Pillow)" >&2
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q --disable-pip-version-check h5py==3.16.0 hdf5plugin==7.1.0 numpy==2.4.6 pillow==13.0.0 >&2
  fi
  echo "$venv/bin/python"
}
