#!/usr/bin/env python3
"""Python side of scripts/bench-prophesee: decode throughput of expelliarmus (the C-backed Prophesee reader on
PyPI) on the same EVT 2.0 / EVT 3.0 / DAT files. Prints one JSON object: {encoding: {"events", "seconds",
"events_per_s"}} (median of --repeat runs of Wizard(encoding).read(path)).
"""
import argparse
import json
import time

from expelliarmus import Wizard


def median_read(encoding, path, repeat):
    times, events = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        arr = Wizard(encoding=encoding).read(path)
        times.append(time.perf_counter() - start)
        events = len(arr)
    seconds = sorted(times)[len(times) // 2]
    return {"events": events, "seconds": seconds, "events_per_s": events / seconds}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("files", nargs="+", help="ENCODING=PATH, e.g. evt3=bench-out/large.evt3.raw")
    args = parser.parse_args()
    result = {}
    for spec in args.files:
        encoding, path = spec.split("=", 1)
        result[encoding] = median_read(encoding, path, args.repeat)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
