#ifndef SIPTRACE_CPREFETCH_H
#define SIPTRACE_CPREFETCH_H

#include <stddef.h>
#include <stdint.h>

/// Asks the CPU to start loading the cache line at `address` for a read soon.
/// A hint only: it never faults and changes no value.
static inline void siptrace_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/// The same for every 64-byte cache line that holds some of the `count`
/// bytes at `start`: a value that begins part-way into a line spills into
/// one more line than its size alone suggests.
static inline void siptrace_prefetch_bytes(const void *start, size_t count) {
    uintptr_t line = (uintptr_t)start & ~(uintptr_t)63;
    uintptr_t end = (uintptr_t)start + count;
    for (; line < end; line += 64) {
        __builtin_prefetch((const void *)line, 0, 3);
    }
}

#endif
