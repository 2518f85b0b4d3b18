// glibc's allocator tuning (malloc.h), which Swift's Glibc module does not export.
#ifndef SPIKESTREAM_CMALLOC_SHIM_H
#define SPIKESTREAM_CMALLOC_SHIM_H
#include <malloc.h>

static inline int ss_mallopt_mmap_threshold(int bytes) { return mallopt(M_MMAP_THRESHOLD, bytes); }
static inline int ss_mallopt_trim_threshold(int bytes) { return mallopt(M_TRIM_THRESHOLD, bytes); }
#endif
