// jpeglib.h expects FILE and size_t to be declared before it.
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <jpeglib.h>

// libjpeg's default error handler calls exit(). These wrappers install one that records
// the message and longjmps back into the wrapper, so corrupt data becomes an error value
// and no jump ever crosses a Swift frame.

/// libjpeg's error manager extended with the jump target and the message.
typedef struct {
    struct jpeg_error_mgr manager;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
} pleura_jpeg_failure;

static void pleura_jpeg_on_error(j_common_ptr cinfo) {
    pleura_jpeg_failure *failure = (pleura_jpeg_failure *)cinfo->err;
    (*cinfo->err->format_message)(cinfo, failure->message);
    longjmp(failure->jump, 1);
}

// A warning means the data is damaged (a premature end, a bad Huffman code); libjpeg
// would fill the rest with gray and carry on. Damaged pixels must not pass as an image,
// so a warning fails the decode too. Trace messages (level > 0) are ignored.
static void pleura_jpeg_on_message(j_common_ptr cinfo, int level) {
    if (level < 0) pleura_jpeg_on_error(cinfo);
}

/// The decoded layout: 1 channel for gray, 3 for colour (decoded to RGB).
typedef struct {
    unsigned int width;
    unsigned int height;
    int channels;
} pleura_jpeg_layout;

/// Decodes a JPEG held in memory with the default (JDCT_ISLOW) settings. With `pixels`
/// NULL it only fills `layout` (the header pass); otherwise it writes
/// width * height * channels bytes, which `capacity` must cover. Returns 0 on success,
/// or -1 with `message` filled.
static inline int pleura_jpeg_decode(const unsigned char *bytes, size_t size,
                                     pleura_jpeg_layout *layout,
                                     unsigned char *pixels, size_t capacity,
                                     char *message, size_t message_size) {
    struct jpeg_decompress_struct cinfo;
    pleura_jpeg_failure failure;
    failure.message[0] = 0;
    cinfo.err = jpeg_std_error(&failure.manager);
    failure.manager.error_exit = pleura_jpeg_on_error;
    failure.manager.emit_message = pleura_jpeg_on_message;
    if (setjmp(failure.jump)) {
        jpeg_destroy_decompress(&cinfo);
        snprintf(message, message_size, "%s", failure.message);
        return -1;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, bytes, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);
    if (cinfo.num_components == 1) {
        cinfo.out_color_space = JCS_GRAYSCALE;
    } else if (cinfo.num_components == 3) {
        cinfo.out_color_space = JCS_RGB;
    } else {
        snprintf(failure.message, sizeof failure.message,
                 "unsupported JPEG with %d components (only gray and colour)", cinfo.num_components);
        longjmp(failure.jump, 1);
    }
    layout->width = cinfo.image_width;
    layout->height = cinfo.image_height;
    layout->channels = cinfo.num_components;
    if (pixels) {
        jpeg_start_decompress(&cinfo);
        size_t row_bytes = (size_t)cinfo.output_width * (size_t)cinfo.output_components;
        if (row_bytes == 0 || cinfo.output_height > capacity / row_bytes) {
            snprintf(failure.message, sizeof failure.message, "pixel buffer too small for the decoded image");
            longjmp(failure.jump, 1);
        }
        while (cinfo.output_scanline < cinfo.output_height) {
            JSAMPROW row = pixels + (size_t)cinfo.output_scanline * row_bytes;
            jpeg_read_scanlines(&cinfo, &row, 1);
        }
        jpeg_finish_decompress(&cinfo);
    }
    jpeg_destroy_decompress(&cinfo);
    return 0;
}

/// Encodes 8-bit gray samples as a baseline JPEG at `quality` (1-100) with the standard
/// Huffman tables; `jfif` 0 omits the JFIF APP0 marker (as SIIM's DICOM fragments do).
/// On success returns 0 and a malloc'd buffer in `*out` (the caller frees it).
static inline int pleura_jpeg_encode_gray(const unsigned char *pixels, unsigned int width, unsigned int height,
                                          int quality, int jfif,
                                          unsigned char **out, unsigned long *out_size,
                                          char *message, size_t message_size) {
    struct jpeg_compress_struct cinfo;
    pleura_jpeg_failure failure;
    failure.message[0] = 0;
    *out = NULL;
    *out_size = 0;
    cinfo.err = jpeg_std_error(&failure.manager);
    failure.manager.error_exit = pleura_jpeg_on_error;
    failure.manager.emit_message = pleura_jpeg_on_message;
    if (setjmp(failure.jump)) {
        jpeg_destroy_compress(&cinfo);
        free(*out);
        *out = NULL;
        snprintf(message, message_size, "%s", failure.message);
        return -1;
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, out, out_size);
    cinfo.image_width = width;
    cinfo.image_height = height;
    cinfo.input_components = 1;
    cinfo.in_color_space = JCS_GRAYSCALE;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    cinfo.write_JFIF_header = jfif ? TRUE : FALSE;
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = (JSAMPROW)(pixels + (size_t)cinfo.next_scanline * width);
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    return 0;
}
