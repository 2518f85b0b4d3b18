#!/usr/bin/env python3
"""tonic 1.7.0's version of each transform timed by `spikestream bench transforms`, on the same events.

Usage:
  bench_transforms.py run EVENTS.npy [--loop-events N] [--repeat R]    -> JSON lines on stdout
  bench_transforms.py report SWIFT.jsonl TONIC.jsonl                   -> Markdown table on stdout

EVENTS.npy is the structured array the Swift command writes (--write-npy). tonic's per-event Python loops
(Denoise, RefractoryPeriod, Decimation) run on the first --loop-events events (default 1,000,000) since they
take ~2.5 s per million; every other transform runs on the whole stream. Rates are events per second either way.
"""
import json
import sys
import time

SENSOR = (128, 128, 2)
LOOPS = {"denoise:filterTime=10000", "refractory:period=1000", "decimation:n=4"}


def tonic_transforms():
    import tonic.transforms as T
    return {
        "denoise:filterTime=10000": T.Denoise(filter_time=10000),
        "refractory:period=1000": T.RefractoryPeriod(delta=1000),
        "centerCrop:size=64,64": T.CenterCrop(sensor_size=SENSOR, size=(64, 64)),
        "randomCrop:size=64,64": T.RandomCrop(sensor_size=SENSOR, target_size=(64, 64)),
        "downsample:spatialFactor=0.5,timeFactor=0.001": T.Downsample(time_factor=0.001, spatial_factor=0.5),
        "flipLR": T.RandomFlipLR(sensor_size=SENSOR, p=1.0),
        "flipUD": T.RandomFlipUD(sensor_size=SENSOR, p=1.0),
        "flipPolarity": T.RandomFlipPolarity(p=1.0),
        "randomFlip:axis=lr,p=1": T.RandomFlipLR(sensor_size=SENSOR, p=1.0),
        "mergePolarities": T.MergePolarities(),
        "cropTime:min=1000000,max=3000000": T.CropTime(min=1000000, max=3000000),
        "timeAlignment": T.TimeAlignment(),
        "timeSkew:coefficient=1.1,offset=5": T.TimeSkew(coefficient=1.1, offset=5),
        # Our timeJitter sorts by default; tonic's only with sort_timestamps=True.
        "timeJitter:std=100": T.TimeJitter(std=100, sort_timestamps=True),
        "spatialJitter:varX=1,varY=1,clipOutliers=true": T.SpatialJitter(sensor_size=SENSOR, var_x=1, var_y=1,
                                                                          clip_outliers=True),
        "dropEvent:p=0.1": T.DropEvent(p=0.1),
        "dropByTime:ratio=0.2": T.DropEventByTime(duration_ratio=0.2),
        "dropByArea:ratio=0.2": T.DropEventByArea(sensor_size=SENSOR, area_ratio=0.2),
        "dropPixel:pixels=10,10,20,20,30,30": T.DropPixel(coordinates=[(10, 10), (20, 20), (30, 30)]),
        "hotPixels:frequency=180": T.DropPixel(hot_pixel_frequency=180),
        "decimation:n=4": T.Decimation(n=4),
        "uniformNoise:n=100000": T.UniformNoise(sensor_size=SENSOR, n=100000),
        "voxelGrid:bins=10": T.ToVoxelGrid(sensor_size=SENSOR, n_time_bins=10),
        "timeSurface:dt=50000,tau=10000": T.ToTimesurface(sensor_size=SENSOR, dt=50000, tau=10000),
    }


def run(path, loop_events, repeat):
    import numpy as np
    import tonic
    events = np.load(path)
    np.random.seed(1)
    for name, transform in tonic_transforms().items():
        data = events[:loop_events] if name in LOOPS else events
        times, cpu_times = [], []
        for _ in range(repeat if name not in LOOPS else 1):
            copy = data.copy()
            start, cpu_start = time.perf_counter(), time.thread_time()
            transform(copy)
            times.append(time.perf_counter() - start)
            cpu_times.append(time.thread_time() - cpu_start)
        seconds = sorted(times)[len(times) // 2]
        cpu_seconds = sorted(cpu_times)[len(cpu_times) // 2]
        print(json.dumps({"bench": name, "events": len(data), "seconds": seconds,
                          "events_per_s": len(data) / seconds, "cpu_events_per_s": len(data) / cpu_seconds,
                          "tonic": tonic.__version__}), flush=True)


def report(swift_path, tonic_path):
    def load(p):
        return {r["bench"]: r for r in (json.loads(line) for line in open(p) if line.strip())}
    swift, tonic = load(swift_path), load(tonic_path)
    n = int(next(iter(swift.values()))["events"])
    print(f"Transforms on one synthetic time-ordered 128×128 stream of {n:,} events "
          "(`spikestream bench transforms`, median of runs; tonic 1.7.0 on the same events, its per-event "
          "Python loops on the first " f"{int(tonic.get('denoise:filterTime=10000', {}).get('events', 0)):,}).\n")
    print("Wall: elapsed time (median). CPU: the thread's CPU time (median), steadier on a shared machine.\n")
    print("| transform (spec) | SpikeStream M ev/s wall | tonic M ev/s wall | speed-up wall "
          "| SpikeStream M ev/s CPU | tonic M ev/s CPU | speed-up CPU |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, s in swift.items():
        t = tonic.get(name)
        ours, ours_cpu = s["events_per_s"] / 1e6, s["cpu_events_per_s"] / 1e6
        if t:
            theirs, theirs_cpu = t["events_per_s"] / 1e6, t["cpu_events_per_s"] / 1e6
            print(f"| `{name}` | {ours:,.1f} | {theirs:,.2f} | {ours / theirs:,.1f}× "
                  f"| {ours_cpu:,.1f} | {theirs_cpu:,.2f} | {ours_cpu / theirs_cpu:,.1f}× |")
        else:
            print(f"| `{name}` | {ours:,.1f} | — | — | {ours_cpu:,.1f} | — (no tonic equivalent) | — |")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "run":
        args = sys.argv[3:]
        opt = lambda k, d: int(args[args.index(k) + 1]) if k in args else d  # noqa: E731
        run(sys.argv[2], opt("--loop-events", 1_000_000), opt("--repeat", 3))
    elif len(sys.argv) == 4 and sys.argv[1] == "report":
        report(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
