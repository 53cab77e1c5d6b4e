#ifndef SIPTRACE_CBYTESCAN_H
#define SIPTRACE_CBYTESCAN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// The mask of `byte` among the 64 bytes at `q`, all of which are read.
static inline uint64_t siptrace_byte_mask64_of(const uint8_t *q, uint8_t byte) {
#if defined(__SSE2__)
    const __m128i pattern = _mm_set1_epi8((char)byte);
    uint64_t m0 = (uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)q), pattern));
    uint64_t m1 = (uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(q + 16)), pattern));
    uint64_t m2 = (uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(q + 32)), pattern));
    uint64_t m3 = (uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(q + 48)), pattern));
    return m0 | m1 << 16 | m2 << 32 | m3 << 48;
#else
    uint64_t mask = 0;
    for (int k = 0; k < 64; k++) {
        if (q[k] == byte) mask |= (uint64_t)1 << k;
    }
    return mask;
#endif
}

/// A mask of where `byte` is among the 64 bytes at `p`: bit k is set when
/// p[k] == byte. Only the first `available` bytes after `p` and the `behind`
/// bytes before it are read; bytes past `available` count as not equal.
/// When fewer than 64 are available, the window is read back from their end
/// (64 bytes that end where the buffer ends) and shifted into place, or,
/// when the whole buffer is shorter than 64 bytes, copied to a zeroed
/// buffer first: never read outside the buffer.
///
/// Why C: Swift has vector compares but no way to turn their lanes into a bit
/// mask in one instruction (SSE2's movemask, which every x86-64 CPU has);
/// elsewhere a plain loop gives the same mask. Why read back: the last
/// window of nearly every message is short, and the copy (a `memset` and a
/// `memcpy` call) cost more than the compares.
static inline uint64_t siptrace_byte_mask64(const uint8_t *p, size_t available, size_t behind, uint8_t byte) {
    if (available >= 64) return siptrace_byte_mask64_of(p, byte);
    if (available == 0) return 0;
    if (behind >= 64 - available) {
        size_t back = 64 - available;  /* 1...63: the shift is defined */
        return siptrace_byte_mask64_of(p - back, byte) >> back;
    }
    uint8_t buffer[64];
    memset(buffer, 0, sizeof buffer);
    memcpy(buffer, p, available);
    return siptrace_byte_mask64_of(buffer, byte) & (((uint64_t)1 << available) - 1);
}

/// A mask of where `byte` is among the 16 bytes at `p`: bit k is set when
/// p[k] == byte. All 16 bytes are read: the caller vouches for them.
///
/// Why: a header name is found by its colon, nearly always within the
/// line's first 16 bytes; one compare finds it where a word-at-a-time loop
/// took two or three steps and their set-up.
static inline uint32_t siptrace_byte_mask16(const uint8_t *p, uint8_t byte) {
#if defined(__SSE2__)
    return (uint32_t)(uint16_t)_mm_movemask_epi8(
        _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)p), _mm_set1_epi8((char)byte)));
#else
    uint32_t mask = 0;
    for (int k = 0; k < 16; k++) {
        if (p[k] == byte) mask |= (uint32_t)1 << k;
    }
    return mask;
#endif
}

/// The seed of siptrace's byte hash (`ByteHash`), drawn at random when the
/// program is loaded (`bytescan.c`). Why C: a Swift `static let` is made on
/// first use behind a lock-free check, a call on every read, and the hash is
/// seeded three to five times for each message. Written once, by the loader's
/// constructor, before any other code runs: read it, never write it.
extern uint64_t siptrace_hash_seed_value;

static inline uint64_t siptrace_hash_seed(void) { return siptrace_hash_seed_value; }

#endif
