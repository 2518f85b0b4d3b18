#!/usr/bin/env python3
"""Decode throughput of many small AEDAT 2.0 files (the CIFAR10-DVS case) with tonic 1.7 and with plain NumPy.

tonic: its own header reader and record reader (tonic.io.read_aedat_header_from_file, get_aer_events_from_file)
plus the DVS128 field split of tonic.io.read_dvs_128; numpy: np.fromfile, a '#'-line header skip, big-endian
words, jAER-mirrored x/y and ON=1 polarity, int64 times. Prints one line per reader (median of 5 passes).
Usage: python bench_aedat_files.py FOLDER   (run by scripts/bench-aedat-files, one core)
"""
import sys, time, glob, numpy as np
from tonic.io import read_aedat_header_from_file, get_aer_events_from_file
files = sorted(glob.glob(sys.argv[1] + "/*.aedat"))
def tonic_all():
    n = 0
    for f in files:
        version, start, _ = read_aedat_header_from_file(f)
        ev = get_aer_events_from_file(f, version, start)
        # DVS128 field split as tonic.io.read_dvs_128 does it (x, y, p from the address word)
        addr = ev["address"]
        x = (addr >> 8) & 0x7F; y = (addr >> 1) & 0x7F; p = addr & 1
        n += len(ev)
    return n
def numpy_all():
    n = 0
    for f in files:
        raw = np.fromfile(f, dtype=np.uint8)
        # header: lines starting with '#'
        i = 0
        while raw[i] == 0x23:
            i = int(np.argmax(raw[i:] == 0x0A)) + i + 1
        words = raw[i:i + (len(raw) - i) // 8 * 8].view(">u4").reshape(-1, 2)
        a, t = words[:, 0], words[:, 1].astype(np.int64)
        x = 127 - ((a >> 1) & 0x7F); y = 127 - ((a >> 8) & 0x7F); p = 1 - (a & 1)
        n += len(a)
    return n
for name, fn in (("tonic", tonic_all), ("numpy", numpy_all)):
    times = []
    for _ in range(5):
        s = time.perf_counter(); n = fn(); times.append(time.perf_counter() - s)
    m = sorted(times)[2]
    print(f"{name}: {n} events, median {m:.4f} s, {n / m / 1e6:.1f} M events/s")
