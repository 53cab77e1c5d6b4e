// The one C header siptrace includes: libpcap, found through pkg-config.
#ifndef SIPTRACE_CPCAP_SHIM_H
#define SIPTRACE_CPCAP_SHIM_H
#include <pcap/pcap.h>
#include <stdio.h>
#include <unistd.h>
#if defined(__linux__)
// __fsetlocking: the reading thread alone uses libpcap's FILE (see OfflineCapture).
#include <stdio_ext.h>
#endif
#endif
