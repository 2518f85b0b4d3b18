#ifndef SPIKESTREAM_CBLAS_SHIM_H
#define SPIKESTREAM_CBLAS_SHIM_H
#include <cblas.h>
/* OpenBLAS's own thread control: SpikeStream runs BLAS single-threaded and parallelises in Swift. */
void openblas_set_num_threads(int num_threads);
#endif
