"""Publishes a recording's events as an AEDAT 4 network stream with iniVation's own dv-processing
`dv.io.NetworkWriter`, the way DV publishes a live camera, for `spikestream stream --connect` to read.

  dv_publish.py --port P --file REC.aedat4              publish REC's events
  dv_publish.py --port P --generate SEED --out REC.aedat4
                                                         make a recording of seeded random events, write it with
                                                         dv-processing's MonoCameraWriter, publish the same events

Binds 127.0.0.1:P, prints `ready` on stdout, waits (at most --wait s) for a client, sends the events in packets
of --packet events (waiting for each to leave the writer's queue), then waits until the last one has gone and
exits, which closes the client's connection as a stopped publisher does. Exit 3: no client came.
"""
import argparse
import os
import sys
import time

import dv_processing as dv
import numpy as np


def read_events(path):
    recording = dv.io.MonoCameraRecording(path)
    store = dv.EventStore()
    while recording.isRunning():
        batch = recording.getNextEventBatch()
        if batch is not None:
            store.add(batch)
    return store, recording.getCameraName(), recording.getEventResolution()


def generate(seed, path, count=60000, width=320, height=240, duration_us=600000):
    rng = np.random.default_rng(seed)
    t0 = 1_700_000_000_000_000
    times = np.sort(rng.integers(0, duration_us, count)) + t0
    xs = rng.integers(0, width, count)
    ys = rng.integers(0, height, count)
    ps = rng.integers(0, 2, count)
    store = dv.EventStore()
    for t, x, y, p in zip(times.tolist(), xs.tolist(), ys.tolist(), ps.tolist()):
        store.push_back(t, x, y, bool(p))
    writer = dv.io.MonoCameraWriter(path, dv.io.MonoCameraWriter.EventOnlyConfig("generated", (width, height)))
    writer.writeEvents(store)
    del writer
    return store, "generated", (width, height)


def drain(writer, limit_s=10.0):
    deadline = time.monotonic() + limit_s
    while writer.getQueuedPacketCount() > 0 and time.monotonic() < deadline:
        time.sleep(0.002)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--file")
    parser.add_argument("--generate", type=int)
    parser.add_argument("--out")
    parser.add_argument("--packet", type=int, default=5000)
    parser.add_argument("--wait", type=float, default=30.0)
    args = parser.parse_args()
    if args.file:
        store, camera, resolution = read_events(args.file)
    else:
        store, camera, resolution = generate(args.generate, args.out)
    stream = dv.io.Stream.EventStream(0, "events", camera, resolution)
    writer = dv.io.NetworkWriter("127.0.0.1", args.port, stream)
    print("ready", flush=True)
    deadline = time.monotonic() + args.wait
    while writer.getClientCount() == 0:
        if time.monotonic() > deadline:
            print("no client connected", file=sys.stderr)
            sys.exit(3)
        time.sleep(0.01)
    time.sleep(0.1)  # the header reaches the client before the first packet either way; this is margin only
    for start in range(0, len(store), args.packet):
        writer.writeEvents(store.slice(start, min(args.packet, len(store) - start)))
        drain(writer)
    time.sleep(0.2)
    print(f"published {len(store)} events", file=sys.stderr, flush=True)
    # Deleting dv-processing's writer (or leaving the interpreter) can hang joining its threads; the work is
    # done, so leave at once: the kernel closes the clients' connections, as when a publisher stops.
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
