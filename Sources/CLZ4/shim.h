#ifndef SPIKESTREAM_CLZ4_SHIM_H
#define SPIKESTREAM_CLZ4_SHIM_H
// liblz4's frame API: AEDAT 4 files compress their packets as LZ4 frames.
#include <lz4frame.h>
#endif
