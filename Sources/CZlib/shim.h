// zlib, found through pkg-config (`zlib`; Debian `zlib1g-dev`). Only `Decode/Inflate.swift`
// calls it.
#ifndef SIPTRACE_CZLIB_SHIM_H
#define SIPTRACE_CZLIB_SHIM_H
#include <zlib.h>

// `inflateInit2` is a function-like macro (it passes ZLIB_VERSION and the struct size
// so the library can check them), and Swift imports no function-like macros.
static inline int siptrace_inflateInit2(z_streamp stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}
#endif
