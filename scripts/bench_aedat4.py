#!/usr/bin/env python3
"""Python side of scripts/bench-aedat4: AEDAT 4 decode throughput of the `aedat` package (the Rust-backed reader
on PyPI that tonic's read_aedat4 uses) on the same files. Each pass is tonic 1.7's read_aedat4: pick the lowest
event stream id from id_to_stream(), decode every packet, and np.concatenate the event packets of that stream into
one structured array (t int64, x int16, y int16, on bool). Prints one JSON object per file on one line:
{"events", "seconds", "events_per_s"} (median of --repeat passes), keyed by the path.
"""
import argparse
import json
import time

import aedat
import numpy as np


def read_aedat4(path):
    """tonic 1.7.0's tonic.io.read_aedat4, without the import of tonic."""
    decoder = aedat.Decoder(path)
    target_id = None
    for stream_id, stream in decoder.id_to_stream().items():
        if stream["type"] == "events" and (target_id is None or stream_id < target_id):
            target_id = stream_id
    if target_id is None:
        raise Exception("there are no events in the AEDAT file")
    return np.concatenate(tuple(packet["events"] for packet in decoder if packet["stream_id"] == target_id))


def median_read(path, repeat):
    times, events = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        events = len(read_aedat4(path))
        times.append(time.perf_counter() - start)
    seconds = sorted(times)[len(times) // 2]
    return {"events": events, "seconds": seconds, "events_per_s": events / seconds}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    print(json.dumps({path: median_read(path, args.repeat) for path in args.files}))


if __name__ == "__main__":
    main()
