#ifndef SPIKESTREAM_CZSTD_SHIM_H
#define SPIKESTREAM_CZSTD_SHIM_H
#include <zstd.h>
#endif
