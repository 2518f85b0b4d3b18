"""Decodes a GIF with Pillow and prints what the SpikeRender tests compare: size, loop, per-frame durations
and every frame's RGB bytes as hex. Usage: pillow_decode_gif.py FILE.gif"""
import json
import sys

from PIL import Image, ImageSequence

with Image.open(sys.argv[1]) as image:
    frames = [frame.convert("RGB") for frame in ImageSequence.Iterator(image)]
    print(json.dumps({
        "format": image.format,
        "version": image.info.get("version", b"").decode(),
        "size": list(image.size),
        "loop": image.info.get("loop"),
        "durations": [frame.info.get("duration") for frame in ImageSequence.Iterator(image)],
        "frames": [frame.tobytes().hex() for frame in frames],
    }))
