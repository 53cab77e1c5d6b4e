// The scans are header-only (see include/CByteScan.h); the hash seed is here.
#include "CByteScan.h"

#include <time.h>
#if defined(__APPLE__)
#include <stdlib.h>
#else
#include <sys/random.h>
#endif

// Odd, and never zero: a fixed value only until the constructor below runs.
uint64_t siptrace_hash_seed_value = 0x9E3779B97F4A7C15u;

// Runs when the program (or the test bundle) is loaded, before any Swift
// code: every hash of the process uses this one seed.
__attribute__((constructor)) static void siptrace_draw_hash_seed(void) {
    uint64_t seed = 0;
#if defined(__APPLE__)
    arc4random_buf(&seed, sizeof seed);
#else
    if (getrandom(&seed, sizeof seed, 0) != (ssize_t)sizeof seed) {
        // No entropy yet (early boot): the clock, still different per run.
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        seed = (uint64_t)now.tv_nsec * 0x9E3779B97F4A7C15u ^ (uint64_t)now.tv_sec;
    }
#endif
    siptrace_hash_seed_value = seed | 1;
}
