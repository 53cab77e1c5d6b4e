// The scans are header-only (see include/CByteScan.h); the hash seed is here.
#include "CByteScan.h"

#include <stdio.h>
#include <time.h>
#if defined(__APPLE__) || defined(__OpenBSD__) || defined(__FreeBSD__) || defined(__NetBSD__)
#include <stdlib.h>
#define SIPTRACE_ARC4RANDOM 1
#elif defined(__has_include)
#if __has_include(<sys/random.h>)
#include <sys/random.h>
#define SIPTRACE_GETRANDOM 1
#endif
#endif

// Written by the constructor below only, before any Swift code runs; read
// through `siptrace_hash_seed()`. Odd, as every seed the constructor makes.
uint64_t siptrace_hash_seed_value = UINT64_C(0x9E3779B97F4A7C15);

// Runs when the program (or the test bundle) is loaded, before any Swift
// code: every hash of the process uses this one seed.
__attribute__((constructor)) static void siptrace_draw_hash_seed(void) {
    uint64_t seed = 0;
    int drawn = 0;
#if defined(SIPTRACE_ARC4RANDOM)
    arc4random_buf(&seed, sizeof seed);
    drawn = 1;
#elif defined(SIPTRACE_GETRANDOM)
    // Fails only where the call is missing (kernels before 3.17) or filtered
    // (some seccomp profiles); then /dev/urandom, then the clock.
    drawn = getrandom(&seed, sizeof seed, 0) == (ssize_t)sizeof seed;
#endif
    if (!drawn) {
        FILE *urandom = fopen("/dev/urandom", "rb");
        if (urandom) {
            drawn = fread(&seed, sizeof seed, 1, urandom) == 1;
            fclose(urandom);
        }
    }
    if (!drawn) {
        // Still different from run to run, if guessable.
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        seed = (uint64_t)now.tv_nsec * UINT64_C(0x9E3779B97F4A7C15) ^ (uint64_t)now.tv_sec;
    }
    siptrace_hash_seed_value = seed | 1;
}
