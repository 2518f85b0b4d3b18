#!/usr/bin/env python3
"""Turns the Swift (JSON lines) and Python (JSON) benchmark outputs of scripts/bench into a Markdown table."""
import json, platform, subprocess, sys


def main(swift_path, python_path, large_events):
    swift = {}
    for line in open(swift_path):
        if line.strip().startswith("{"):
            row = json.loads(line)
            swift[row["bench"]] = row
    py = json.load(open(python_path))

    def ratio(a, b):
        return f"{a / b:.1f}×" if b else "—"

    def m(x):
        return f"{x / 1e6:,.1f} M"

    rows = [
        ("decode N-MNIST, 8 shared samples", m(swift["decode-samples"]["events_per_s"]) + " ev/s",
         m(py["samples"]["decode_events_per_s"]) + " ev/s",
         ratio(swift["decode-samples"]["events_per_s"], py["samples"]["decode_events_per_s"])),
        (f"decode N-MNIST, {int(large_events):,}-event file", m(swift["decode-large"]["events_per_s"]) + " ev/s",
         m(py["large"]["decode_events_per_s"]) + " ev/s",
         ratio(swift["decode-large"]["events_per_s"], py["large"]["decode_events_per_s"])),
        ("bin nTimeBins=16, shared samples", m(swift["bin-samples"]["events_per_s"]) + " ev/s",
         m(py["samples"]["bin_events_per_s"]) + " ev/s",
         ratio(swift["bin-samples"]["events_per_s"], py["samples"]["bin_events_per_s"])),
        ("bin nTimeBins=16 (tonic-compatible mode), shared samples",
         m(swift["bin-tonic-samples"]["events_per_s"]) + " ev/s", m(py["samples"]["bin_events_per_s"]) + " ev/s",
         ratio(swift["bin-tonic-samples"]["events_per_s"], py["samples"]["bin_events_per_s"])),
        (f"bin nTimeBins=16, {int(large_events):,}-event file", m(swift["bin-large"]["events_per_s"]) + " ev/s",
         m(py["large"]["bin_events_per_s"]) + " ev/s",
         ratio(swift["bin-large"]["events_per_s"], py["large"]["bin_events_per_s"])),
        ("cache random reads, N-MNIST T=16 (samples/s)",
         f"{swift['cache']['random_read_samples_per_s']:,.0f} ({swift['cache']['random_read_MB_per_s']:,.0f} MB/s)",
         f"{py['cache']['random_read_samples_per_s']:,.0f} ({py['cache']['random_read_MB_per_s']:,.0f} MB/s)",
         ratio(swift["cache"]["random_read_samples_per_s"], py["cache"]["random_read_samples_per_s"])),
        ("cache write, N-MNIST T=16 (samples/s)",
         f"{swift['cache']['write_samples_per_s']:,.0f} ({swift['cache']['write_MB_per_s']:,.0f} MB/s)",
         f"{py['cache']['write_samples_per_s']:,.0f} ({py['cache']['write_MB_per_s']:,.0f} MB/s)",
         ratio(swift["cache"]["write_samples_per_s"], py["cache"]["write_samples_per_s"])),
    ]
    cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                         capture_output=True, text=True).stdout.strip()
    print(f"Machine: {cpu}, {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores; "
          f"Python {platform.python_version()}, tonic {py['tonic']}, numpy {py['numpy']}, h5py {py['h5py']}, "
          f"hdf5plugin {py['hdf5plugin']}.\n")
    print("| work | SpikeStream | tonic / h5py | speed-up |")
    print("|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main(*sys.argv[1:4])
