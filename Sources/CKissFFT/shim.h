#ifndef SPIKESTREAM_CKISSFFT_SHIM_H
#define SPIKESTREAM_CKISSFFT_SHIM_H
/* The flags of Debian's kissfft-float.pc, which SwiftPM does not pass through. */
#define kiss_fft_scalar float
#define KISS_FFT_SHARED
#include <kissfft/kiss_fftr.h>
#endif
