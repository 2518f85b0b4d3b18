#ifndef SPIKESTREAM_CSAMPLERATE_SHIM_H
#define SPIKESTREAM_CSAMPLERATE_SHIM_H
#include <samplerate.h>
#endif
