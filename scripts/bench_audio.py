#!/usr/bin/env python3
"""The Python side of scripts/bench-audio: WAV decode (soundfile) and the same log-mel front end (librosa,
float32 input as in a typical pipeline) + a numpy delta encoder, on the same files, one process.
Prints one JSON object. Usage: bench_audio.py --repeat N --passes P FILE..."""
import argparse
import json
import os
import statistics
import time

import librosa
import numpy as np
import soundfile


def median_seconds(repeat, body):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        body()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def delta_events(logmel, threshold=1.0, cap=8):
    """Send-on-delta per mel channel, as SpikeEncoding.delta (counts only)."""
    ref = logmel[:, 0].copy()
    total = 0
    for f in range(1, logmel.shape[1]):
        diff = logmel[:, f] - ref
        n = np.minimum(np.floor(np.abs(diff) / threshold), cap)
        ref += np.sign(diff) * n * threshold
        total += int(n.sum())
    return total


def features(clip):
    clip = np.pad(clip, (0, max(0, 16000 - len(clip))))[:16000]
    mel = librosa.feature.melspectrogram(y=clip, sr=16000, n_fft=512, win_length=400, hop_length=160, center=True,
                                         pad_mode="constant", n_mels=40, fmin=20, fmax=4000, htk=False, norm="slaney")
    return librosa.power_to_db(mel, ref=1.0, amin=1e-7, top_db=40.0)  # AudioEventEncoding.speechFrontEnd


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--passes", type=int, default=20)
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    size = sum(os.path.getsize(f) for f in a.files)
    decode = median_seconds(a.repeat, lambda: [soundfile.read(f, dtype="float32") for _ in range(a.passes) for f in a.files])
    clips = []
    for f in a.files:
        y, _ = soundfile.read(f, dtype="float32")
        clips += [y[i:i + 16000] for i in range(0, len(y), 16000)]
    features(clips[0])  # warm-up (numba / fft plan caches)
    passes = max(1, a.passes // 10)  # librosa is slower: fewer passes, same clips
    front = median_seconds(a.repeat, lambda: [delta_events(features(c)) for _ in range(passes) for c in clips])
    print(json.dumps({"bench": "audio-python", "librosa": librosa.__version__, "soundfile": soundfile.__version__,
                      "wav_mb_per_s": size * a.passes / decode / 1e6, "clips": len(clips) * passes,
                      "clips_per_s": len(clips) * passes / front}))


if __name__ == "__main__":
    main()
