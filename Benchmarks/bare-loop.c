/*
 * bare-loop: the floor for reading a capture with libpcap.
 *
 *   bare-loop FILE            pcap_next_ex over every packet, nothing else
 *   bare-loop --memmem FILE   and memmem(data, caplen, "SIP/2.0", 7) per packet
 *
 * Prints the packet count (and hits) so the work cannot be optimised away.
 * Built by compare.sh: cc -O2 -o bare-loop bare-loop.c -lpcap
 */
#define _GNU_SOURCE
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    int search = 0;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--memmem") == 0) search = 1;
        else path = argv[i];
    }
    if (path == NULL) {
        fprintf(stderr, "usage: bare-loop [--memmem] FILE\n");
        return 2;
    }
    char errbuf[PCAP_ERRBUF_SIZE];
    pcap_t *handle = pcap_open_offline(path, errbuf);
    if (handle == NULL) {
        fprintf(stderr, "bare-loop: %s\n", errbuf);
        return 2;
    }
    struct pcap_pkthdr *header;
    const u_char *data;
    unsigned long packets = 0, hits = 0, bytes = 0;
    int status;
    while ((status = pcap_next_ex(handle, &header, &data)) == 1) {
        packets++;
        bytes += header->caplen;
        if (search && memmem(data, header->caplen, "SIP/2.0", 7) != NULL) hits++;
    }
    if (status == PCAP_ERROR) fprintf(stderr, "bare-loop: %s\n", pcap_geterr(handle));
    pcap_close(handle);
    if (search) printf("%lu packets, %lu bytes, %lu with SIP/2.0\n", packets, bytes, hits);
    else printf("%lu packets, %lu bytes\n", packets, bytes);
    return status == PCAP_ERROR ? 1 : 0;
}
