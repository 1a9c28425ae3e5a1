// libpng reports errors by longjmp, which must never cross a Swift frame. These wrappers
// keep every setjmp/longjmp inside C and hand Swift a status code plus a message instead.
#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

/// Error state shared by the reader and writer: where to jump and what went wrong.
typedef struct {
    jmp_buf jump;
    char message[256];
} pleura_png_failure;

/// An in-memory PNG stream being read.
typedef struct {
    const unsigned char *bytes;
    size_t size;
    size_t position;
} pleura_png_source;

/// A growing in-memory buffer being written.
typedef struct {
    unsigned char *bytes;
    size_t size;
    size_t capacity;
} pleura_png_sink;

/// The decoded layout after the reader's transforms: 1 (gray), 2 (gray+alpha), 3 (RGB)
/// or 4 (RGBA) channels of 8- or 16-bit samples; 16-bit samples arrive little-endian.
/// `stored_row_bytes` is a row as the file stores it, before the transforms, which bounds
/// how much the compressed data can honestly expand to.
typedef struct {
    unsigned int width;
    unsigned int height;
    int bit_depth;
    int channels;
    int interlaced;
    int palette;
    size_t row_bytes;
    size_t stored_row_bytes;
} pleura_png_layout;

static void pleura_png_on_error(png_structp png, png_const_charp message) {
    pleura_png_failure *failure = (pleura_png_failure *)png_get_error_ptr(png);
    strncpy(failure->message, message ? message : "unknown libpng error", sizeof failure->message - 1);
    failure->message[sizeof failure->message - 1] = 0;
    longjmp(failure->jump, 1);
}

// Warnings (e.g. an unknown ancillary chunk) do not stop decoding and must not print.
static void pleura_png_on_warning(png_structp png, png_const_charp message) {
    (void)png; (void)message;
}

static void pleura_png_read_bytes(png_structp png, png_bytep out, size_t count) {
    pleura_png_source *source = (pleura_png_source *)png_get_io_ptr(png);
    if (count > source->size - source->position) png_error(png, "unexpected end of PNG data");
    memcpy(out, source->bytes + source->position, count);
    source->position += count;
}

static void pleura_png_write_bytes(png_structp png, png_bytep data, size_t count) {
    pleura_png_sink *sink = (pleura_png_sink *)png_get_io_ptr(png);
    if (count > sink->capacity - sink->size) {
        size_t capacity = sink->capacity ? sink->capacity : 4096;
        while (count > capacity - sink->size) {
            if (capacity > ((size_t)-1) / 2) png_error(png, "PNG output too large");
            capacity *= 2;
        }
        unsigned char *grown = (unsigned char *)realloc(sink->bytes, capacity);
        if (!grown) png_error(png, "out of memory while encoding PNG");
        sink->bytes = grown;
        sink->capacity = capacity;
    }
    memcpy(sink->bytes + sink->size, data, count);
    sink->size += count;
}

static void pleura_png_flush(png_structp png) { (void)png; }

// Sets up the transforms every read uses: palette and low bit depths expand to 8 bits,
// tRNS becomes an alpha channel, 16-bit samples become little-endian.
static void pleura_png_configure(png_structp png, png_infop info, pleura_png_layout *layout) {
    png_read_info(png, info);
    int color = png_get_color_type(png, info);
    int depth = png_get_bit_depth(png, info);
    layout->palette = color == PNG_COLOR_TYPE_PALETTE;
    layout->interlaced = png_get_interlace_type(png, info) != PNG_INTERLACE_NONE;
    layout->stored_row_bytes = png_get_rowbytes(png, info);
    if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    if (depth == 16) png_set_swap(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    layout->width = png_get_image_width(png, info);
    layout->height = png_get_image_height(png, info);
    layout->bit_depth = png_get_bit_depth(png, info);
    layout->channels = png_get_channels(png, info);
    layout->row_bytes = png_get_rowbytes(png, info);
}

/// Decodes a PNG held in memory. With `pixels` NULL it only fills `layout` (the header
/// pass); otherwise it writes `layout->row_bytes * layout->height` bytes to `pixels`,
/// which must hold `capacity` bytes. Returns 0 on success, or -1 with `message` filled.
static inline int pleura_png_decode(const unsigned char *bytes, size_t size,
                                    pleura_png_layout *layout,
                                    unsigned char *pixels, size_t capacity,
                                    char *message, size_t message_size) {
    pleura_png_failure failure;
    failure.message[0] = 0;
    pleura_png_source source = { bytes, size, 0 };
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &failure,
                                             pleura_png_on_error, pleura_png_on_warning);
    if (!png) { snprintf(message, message_size, "cannot create PNG reader"); return -1; }
    png_infop info = png_create_info_struct(png);
    // Row pointers are heap memory so they survive the jump; volatile keeps the pointer
    // itself out of a register that longjmp would restore stale.
    png_bytep *volatile rows = NULL;
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        snprintf(message, message_size, "cannot create PNG info");
        return -1;
    }
    if (setjmp(failure.jump)) {
        free(rows);
        png_destroy_read_struct(&png, &info, NULL);
        snprintf(message, message_size, "%s", failure.message);
        return -1;
    }
    png_set_read_fn(png, &source, pleura_png_read_bytes);
    pleura_png_configure(png, info, layout);
    if (pixels) {
        if (layout->row_bytes == 0 || layout->height > capacity / layout->row_bytes)
            png_error(png, "pixel buffer too small for the decoded image");
        rows = (png_bytep *)malloc(sizeof(png_bytep) * layout->height);
        if (!rows) png_error(png, "out of memory for PNG row pointers");
        for (unsigned int y = 0; y < layout->height; y++) rows[y] = pixels + (size_t)y * layout->row_bytes;
        png_read_image(png, rows);
        png_read_end(png, NULL);
    }
    free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    return 0;
}

/// Encodes `height` rows of `width` samples (`channels` 1 or 3, `bit_depth` 8 or 16;
/// 16-bit samples big-endian as PNG stores them), non-interlaced, with no time or text
/// chunk, so equal pixels give equal bytes. On success returns 0 and a malloc'd buffer in
/// `*out` (the caller frees it); on failure returns -1 with `message` filled.
static inline int pleura_png_encode(const unsigned char *pixels, unsigned int width, unsigned int height,
                                    int channels, int bit_depth,
                                    unsigned char **out, size_t *out_size,
                                    char *message, size_t message_size) {
    pleura_png_failure failure;
    failure.message[0] = 0;
    pleura_png_sink sink = { NULL, 0, 0 };
    *out = NULL;
    *out_size = 0;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &failure,
                                              pleura_png_on_error, pleura_png_on_warning);
    if (!png) { snprintf(message, message_size, "cannot create PNG writer"); return -1; }
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        snprintf(message, message_size, "cannot create PNG info");
        return -1;
    }
    if (setjmp(failure.jump)) {
        free(sink.bytes);
        png_destroy_write_struct(&png, &info);
        snprintf(message, message_size, "%s", failure.message);
        return -1;
    }
    png_set_write_fn(png, &sink, pleura_png_write_bytes, pleura_png_flush);
    int color = channels == 3 ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_GRAY;
    png_set_IHDR(png, info, width, height, bit_depth, color, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    size_t row_bytes = (size_t)width * (size_t)channels * (size_t)(bit_depth / 8);
    for (unsigned int y = 0; y < height; y++)
        png_write_row(png, (png_const_bytep)(pixels + (size_t)y * row_bytes));
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    *out = sink.bytes;
    *out_size = sink.size;
    return 0;
}
