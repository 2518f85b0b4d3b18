"""Read SpikeStream HDF5 caches from Python: frames and events per sample, as NumPy arrays or torch tensors."""
from .dataset import EVENT_DTYPE, SPLITS, CacheError, SpikeStreamEvents, SpikeStreamFrames

__all__ = ["CacheError", "EVENT_DTYPE", "SPLITS", "SpikeStreamEvents", "SpikeStreamFrames"]
