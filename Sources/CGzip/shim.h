#ifndef SPIKESTREAM_CGZIP_SHIM_H
#define SPIKESTREAM_CGZIP_SHIM_H
#include <zlib.h>
#endif
