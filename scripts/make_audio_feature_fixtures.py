#!/usr/bin/env python3
"""Reference log-mel and MFCC features for SpikeAudio's front end, computed by librosa on shared WAV samples.

Writes Tests/SpikeAudioTests/Fixtures/librosa_features.json. Run with the pinned venv:
    scripts/.venv-audio/bin/python scripts/make_audio_feature_fixtures.py [SAMPLES_DIR]
The venv is created with pinned versions by:
    python3 -m venv scripts/.venv-audio && scripts/.venv-audio/bin/pip install \
        librosa==0.11.0 numpy==2.4.6 scipy==1.17.1 soundfile==0.14.0
Audio is read by soundfile as float64 (int16 / 32768, the same scaling as WAVReader), padded with zeros or
trimmed to 16000 samples, and every step runs in float64 (the Swift side is float32; the tests state the
tolerance).
"""
import json
import os
import sys

import librosa
import numpy as np
import scipy.fft
import soundfile

CONFIGS = {
    # librosa's usual keyword-spotting setup: 25 ms Hann in a 512-point FFT, 10 ms hop, centred frames.
    "slaney_db": dict(
        params=dict(n_fft=512, win_length=400, hop_length=160, center=True, n_mels=40, fmin=20.0, fmax=4000.0,
                    htk=False, norm="slaney", power=2.0),
        compression="db", mfcc=13,
        clips=["speechcommands/sc_v002_test_yes_022cd682_nohash_0.wav", "speechcommands/tflm_yes_30ms.wav"]),
    # HTK mel, unnormalised magnitude filters, 30 ms window = FFT, 5 ms hop, no centring, natural log.
    "htk_ln": dict(
        params=dict(n_fft=480, win_length=480, hop_length=80, center=False, n_mels=20, fmin=20.0, fmax=8000.0,
                    htk=True, norm=None, power=1.0),
        compression="ln", mfcc=10,
        clips=["speechcommands/sc_v002_test_stop_022cd682_nohash_0.wav", "speechcommands/tflm_noise_1000ms.wav"]),
}
CLIP_SAMPLES = 16000
LN_OFFSET = 1e-6


def features(y, cfg):
    p = cfg["params"]
    mel = librosa.feature.melspectrogram(y=y, sr=16000, window="hann", pad_mode="constant", **p)
    if cfg["compression"] == "db":
        logmel = librosa.power_to_db(mel, ref=1.0, amin=1e-10, top_db=80.0)
    else:
        logmel = np.log(mel + LN_OFFSET)
    mfcc = scipy.fft.dct(logmel, type=2, axis=0, norm="ortho")[: cfg["mfcc"]]
    return logmel.T, mfcc.T  # frame-major, as FeatureMatrix


def main():
    samples = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../shared/samples")
    out = {"generator": f"librosa {librosa.__version__}, numpy {np.__version__}, scipy {scipy.__version__}",
           "clip_samples": CLIP_SAMPLES, "ln_offset": LN_OFFSET, "configs": {}}
    for name, cfg in CONFIGS.items():
        entry = {"params": cfg["params"], "compression": cfg["compression"], "mfcc": cfg["mfcc"], "clips": {}}
        for clip in cfg["clips"]:
            y, sr = soundfile.read(os.path.join(samples, clip), dtype="float64")
            assert sr == 16000
            y = np.pad(y, (0, max(0, CLIP_SAMPLES - len(y))))[:CLIP_SAMPLES]
            logmel, mfcc = features(y, cfg)
            entry["clips"][os.path.basename(clip)] = {
                "frames": logmel.shape[0],
                "logmel": [round(float(v), 4) for v in logmel.ravel()],
                "mfcc": [round(float(v), 4) for v in mfcc.ravel()],
            }
        out["configs"][name] = entry
    path = os.path.join(os.path.dirname(__file__), "../Tests/SpikeAudioTests/Fixtures/librosa_features.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {os.path.normpath(path)} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()
