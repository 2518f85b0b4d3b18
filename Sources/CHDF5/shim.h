// Functions for the libhdf5 macros Swift cannot import (they expand to H5open() + a global id).
#ifndef SPIKESTREAM_CHDF5_SHIM_H
#define SPIKESTREAM_CHDF5_SHIM_H
#include <hdf5.h>

static inline hid_t ss_H5P_DEFAULT(void) { return H5P_DEFAULT; }
static inline hid_t ss_H5P_FILE_ACCESS(void) { return H5P_FILE_ACCESS; }
static inline hid_t ss_H5P_FILE_CREATE(void) { return H5P_FILE_CREATE; }
static inline hid_t ss_H5P_DATASET_CREATE(void) { return H5P_DATASET_CREATE; }
static inline hid_t ss_H5P_DATASET_ACCESS(void) { return H5P_DATASET_ACCESS; }
static inline hid_t ss_H5P_DATASET_XFER(void) { return H5P_DATASET_XFER; }
static inline hid_t ss_H5S_ALL(void) { return H5S_ALL; }

static inline unsigned ss_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
static inline unsigned ss_H5F_ACC_RDWR(void) { return H5F_ACC_RDWR; }
static inline unsigned ss_H5F_ACC_TRUNC(void) { return H5F_ACC_TRUNC; }
static inline unsigned ss_H5F_ACC_EXCL(void) { return H5F_ACC_EXCL; }

static inline hsize_t ss_H5S_UNLIMITED(void) { return H5S_UNLIMITED; }
static inline size_t ss_H5T_VARIABLE(void) { return H5T_VARIABLE; }

static inline hid_t ss_H5T_NATIVE_UINT8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t ss_H5T_NATIVE_UINT16(void) { return H5T_NATIVE_UINT16; }
static inline hid_t ss_H5T_NATIVE_INT32(void) { return H5T_NATIVE_INT32; }
static inline hid_t ss_H5T_NATIVE_INT64(void) { return H5T_NATIVE_INT64; }
static inline hid_t ss_H5T_NATIVE_FLOAT(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t ss_H5T_NATIVE_HBOOL(void) { return H5T_NATIVE_HBOOL; }
static inline hid_t ss_H5T_NATIVE_DOUBLE(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t ss_H5T_C_S1(void) { return H5T_C_S1; }
static inline hid_t ss_H5T_STD_U8LE(void) { return H5T_STD_U8LE; }
static inline hid_t ss_H5T_STD_U16LE(void) { return H5T_STD_U16LE; }
static inline hid_t ss_H5T_STD_I32LE(void) { return H5T_STD_I32LE; }
static inline hid_t ss_H5T_STD_I64LE(void) { return H5T_STD_I64LE; }
static inline hid_t ss_H5T_IEEE_F32LE(void) { return H5T_IEEE_F32LE; }

static inline unsigned ss_H5Z_FLAG_REVERSE(void) { return H5Z_FLAG_REVERSE; }
static inline unsigned ss_H5Z_FLAG_OPTIONAL(void) { return H5Z_FLAG_OPTIONAL; }
static inline unsigned ss_H5Z_FLAG_MANDATORY(void) { return H5Z_FLAG_MANDATORY; }
static inline int ss_H5Z_CLASS_T_VERS(void) { return H5Z_CLASS_T_VERS; }
static inline hid_t ss_H5E_DEFAULT(void) { return H5E_DEFAULT; }

/// Silences libhdf5's automatic error-stack printing; errors are reported by the Swift wrapper instead.
static inline void ss_silence_errors(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }
#endif
