#!/usr/bin/env python3
"""Mutation trial of `spikestream inspect` on the real samples (standard library only).

Each sample file gets mutants from a fixed-seed generator: bit flips, truncation, appended junk, huge size fields
and maximal timestamps (format-aware where the format has them). `inspect` runs on each with a 10 s limit. A
mutant fails the trial when inspect dies from a signal, hangs, exits non-zero without saying why, or succeeds
with impossible values: a negative time, a coordinate outside the sensor it reports, a negative count.

Usage: mutate_inspect.py SPIKESTREAM SAMPLES_DIR [--aedat31 DIR] [--seed N] [--per-file K]
Prints one line per failure and a summary; exits 1 on any failure.
"""
import argparse
import os
import random
import re
import subprocess
import sys
import tempfile

LIMIT_S = 10


def header_end(data):
    """Offset after the leading '#' lines of an AEDAT file."""
    i = 0
    while data[i:i + 1] == b"#":
        j = data.find(b"\n", i)
        if j < 0:
            return len(data)
        i = j + 1
    return i


def put32(data, offset, value, big=False):
    if 0 <= offset <= len(data) - 4:
        data[offset:offset + 4] = value.to_bytes(4, "big" if big else "little")


def flips(rng, data, fmt):
    start = header_end(data) if fmt.startswith("aedat") and rng.random() < 0.7 else 0
    for _ in range(rng.randint(1, 16)):
        if len(data) > start:
            data[rng.randrange(start, len(data))] ^= 1 << rng.randrange(8)
    return data


def truncate(rng, data, fmt):
    return data[:rng.randrange(len(data))] if data else data


def junk(rng, data, fmt):
    return data + bytearray(rng.randrange(256) for _ in range(rng.randint(1, 64)))


def huge_size(rng, data, fmt):
    big = rng.choice([0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0x7FFFFFF0])
    if fmt == "wav":
        fields = [4] + [data.find(tag) + 4 for tag in (b"fmt ", b"data") if data.find(tag) >= 0]
        put32(data, rng.choice(fields), big)
    elif fmt == "aedat31":
        # Packet header: type, source (2 + 2), eventSize, tsOffset, tsOverflow, capacity, number, valid (4 each).
        put32(data, header_end(data) + rng.choice([4, 8, 16, 20, 24]), big)
    elif fmt == "aedat2":
        line = b"# " + b"x" * rng.choice([70_000, 1_000_000]) + b"\r\n"
        first = data.find(b"\n") + 1
        data[first:first] = line
    else:  # nmnist has no size field: the largest record instead
        data[-5:] = b"\xff" * 5
    return data


def max_time(rng, data, fmt):
    body = header_end(data)
    if fmt == "aedat2":
        records = (len(data) - body) // 8
        if records:
            r = rng.randrange(records)
            put32(data, body + 8 * r + 4, 0xFFFFFFFF, big=True)
            if rng.random() < 0.5:  # and every later record at the top too
                for k in range(r, records):
                    put32(data, body + 8 * k + 4, 0xFFFFFFFF, big=True)
    elif fmt == "aedat31":
        put32(data, body + 12, 0xFFFFFFFF)  # eventTSOverflow
        put32(data, body + 28 + 4, 0x7FFFFFFF)  # first event's timestamp
    elif fmt == "nmnist":
        records = len(data) // 5
        if records:
            r = rng.randrange(records)
            data[5 * r + 2] |= 0x7F
            data[5 * r + 3:5 * r + 5] = b"\xff\xff"
    else:
        return flips(rng, data, fmt)
    return data


MUTATIONS = [flips, truncate, junk, huge_size, max_time]


def fmt_of(path):
    name = path.lower()
    if name.endswith(".wav"):
        return "wav"
    if name.endswith((".bin", ".bs2")):
        return "nmnist"
    with open(path, "rb") as f:
        return "aedat31" if b"AER-DAT3" in f.read(64) else "aedat2"


def samples(root, aedat31):
    files = []
    for folder, exts in [("nmnist", (".bin", ".bs2")), ("mnist-dvs-aedat2", (".aedat",)),
                         ("aedat2-header", (".aedat",))]:
        d = os.path.join(root, folder)
        if os.path.isdir(d):
            files += sorted(os.path.join(d, n) for n in os.listdir(d) if n.endswith(exts))
    wav = os.path.join(root, "speechcommands")
    if os.path.isdir(wav):  # the three smallest recordings
        files += sorted((os.path.join(wav, n) for n in os.listdir(wav) if n.endswith(".wav")), key=os.path.getsize)[:3]
    if aedat31 and os.path.isdir(aedat31):
        files += sorted(os.path.join(aedat31, n) for n in os.listdir(aedat31) if n.endswith(".aedat"))
    return files


def impossible(output, fmt):
    """What is impossible in a successful summary, or None."""
    ints = lambda key: [int(v) for v in re.findall(r"-?\d+", re.search(rf"^{key}:(.*)$", output, re.M).group(1))] \
        if re.search(rf"^{key}:", output, re.M) else []
    if fmt == "wav":
        frames = ints("frames")
        return "negative frame count" if frames and frames[0] < 0 else None
    sensor, count = ints("sensor"), ints("event_count")
    if not sensor or not count:
        return "no sensor or event count in the summary"
    if count[0] < 0:
        return f"event_count {count[0]}"
    if count[0] == 0:
        return None
    t, x, y = ints(r"t \(µs\)"), ints("x"), ints("y")
    if not t or min(t) < 0:
        return f"time {t}"
    if not x or max(x) >= sensor[0] or min(x) < 0:
        return f"x {x} outside the {sensor[0]}-wide sensor"
    if not y or max(y) >= sensor[1] or min(y) < 0:
        return f"y {y} outside the {sensor[1]}-high sensor"
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spikestream")
    parser.add_argument("samples")
    parser.add_argument("--aedat31", help="a folder of AEDAT 3.1 files to mutate as well")
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--per-file", type=int, default=12)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    files = samples(args.samples, args.aedat31)
    summarised = refused = 0
    failures = []
    with tempfile.TemporaryDirectory(prefix="spikestream-mutants-") as tmp:
        for path in files:
            fmt = fmt_of(path)
            with open(path, "rb") as f:
                original = f.read()
            for k in range(args.per_file):
                mutation = MUTATIONS[k % len(MUTATIONS)]
                mutant = os.path.join(tmp, f"{k}-{mutation.__name__}-{os.path.basename(path)}")
                with open(mutant, "wb") as f:
                    f.write(mutation(rng, bytearray(original), fmt))
                label = f"{os.path.basename(path)} {mutation.__name__} #{k}"
                try:
                    run = subprocess.run([args.spikestream, "inspect", mutant], capture_output=True, text=True,
                                         errors="replace", timeout=LIMIT_S)
                except subprocess.TimeoutExpired:
                    failures.append(f"{label}: hang (over {LIMIT_S} s)")
                    continue
                if run.returncode < 0 or run.returncode >= 128:
                    failures.append(f"{label}: died with status {run.returncode}: {run.stderr.strip()[-300:]}")
                elif run.returncode != 0:
                    refused += 1
                    if not run.stderr.strip():
                        failures.append(f"{label}: exit {run.returncode} without a message")
                else:
                    summarised += 1
                    problem = impossible(run.stdout, fmt)
                    if problem:
                        failures.append(f"{label}: success with impossible values: {problem}")
                if failures and failures[-1].startswith(label):
                    keep = os.path.join(os.environ.get("SPIKESTREAM_MUTANTS_KEEP", tmp), os.path.basename(mutant))
                    if keep != mutant:
                        os.makedirs(os.path.dirname(keep), exist_ok=True)
                        os.replace(mutant, keep)
                else:
                    os.remove(mutant)
    for failure in failures:
        print("FAIL", failure)
    print(f"mutation trial: {len(files) * args.per_file} mutants of {len(files)} samples (seed {args.seed}): "
          f"{summarised} summarised, {refused} refused with an error, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
