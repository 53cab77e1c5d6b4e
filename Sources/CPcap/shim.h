// The one C header siptrace includes: libpcap, found through pkg-config.
#ifndef SIPTRACE_CPCAP_SHIM_H
#define SIPTRACE_CPCAP_SHIM_H
#include <pcap/pcap.h>
#include <stdio.h>
#include <unistd.h>
#endif
