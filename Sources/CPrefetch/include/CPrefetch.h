#ifndef SIPTRACE_CPREFETCH_H
#define SIPTRACE_CPREFETCH_H

/// Asks the CPU to start loading the cache line at `address` for a read soon.
/// A hint only: it never faults and changes no value.
static inline void siptrace_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
