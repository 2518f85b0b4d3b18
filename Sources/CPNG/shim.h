#ifndef SPIKESTREAM_CPNG_SHIM_H
#define SPIKESTREAM_CPNG_SHIM_H
/* libpng's simplified API (png_image) reports errors through its struct instead of longjmp, so it is safe to
   call from Swift. These wrappers fill the struct (whose version/format fields are macros) and copy the
   message out, so no png_image crosses into Swift. */
#include <png.h>
#include <string.h>

/* Encodes 8-bit RGB rows (stride width·3) as PNG. With out == NULL only *size is set (the bytes needed).
   Returns 1 on success, 0 with `message` (64 bytes) filled on failure. */
static inline int ss_png_encode_rgb8(const unsigned char *rgb, png_uint_32 width, png_uint_32 height,
                                     void *out, size_t *size, char message[64]) {
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = width;
    image.height = height;
    image.format = PNG_FORMAT_RGB;
    png_alloc_size_t bytes = out ? *size : 0;
    int ok = png_image_write_to_memory(&image, out, &bytes, 0, rgb, (png_int_32)(width * 3), NULL);
    *size = bytes;
    if (!ok) memcpy(message, image.message, 64);
    png_image_free(&image);
    return ok;
}

/* Decodes a PNG to 8-bit RGB. With out == NULL (or capacity < width·height·3) only the size is read.
   Returns 1 on success, 0 with `message` filled on failure. */
static inline int ss_png_decode_rgb8(const void *data, size_t count, unsigned char *out, size_t capacity,
                                     png_uint_32 *width, png_uint_32 *height, char message[64]) {
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, data, count)) {
        memcpy(message, image.message, 64);
        png_image_free(&image);
        return 0;
    }
    image.format = PNG_FORMAT_RGB;
    *width = image.width;
    *height = image.height;
    if (out == NULL || capacity < (size_t)image.width * image.height * 3) {
        png_image_free(&image);
        return 1;
    }
    int ok = png_image_finish_read(&image, NULL, out, (png_int_32)(image.width * 3), NULL);
    if (!ok) memcpy(message, image.message, 64);
    png_image_free(&image);
    return ok;
}
#endif
