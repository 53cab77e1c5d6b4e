/// The link types siptrace decodes, as libpcap reports them (`pcap_datalink`).
///
/// Values are DLT_ numbers as seen on Linux; where the file's LINKTYPE_ number
/// differs (raw IP), both are listed. See https://www.tcpdump.org/linktypes.html.
public enum LinkType {
    /// BSD loopback: a 4-byte address family in the capturing host's byte order.
    public static let null: Int32 = 0
    public static let ethernet: Int32 = 1
    /// Raw IP, no link header: DLT_RAW is 12 on most systems, 14 on OpenBSD, and
    /// LINKTYPE_RAW (101) in files.
    public static let rawIP: Set<Int32> = [12, 14, 101]
    /// OpenBSD loopback: like `null` but the family is in network byte order.
    public static let loop: Int32 = 108
    /// Linux cooked capture v1 (`tcpdump -i any` on older systems).
    public static let linuxSLL: Int32 = 113
    /// Raw IPv4 and raw IPv6 (LINKTYPE_IPV4, LINKTYPE_IPV6).
    public static let ipv4: Int32 = 228
    public static let ipv6: Int32 = 229
    /// Linux cooked capture v2 (`tcpdump -i any` on libpcap ≥ 1.10).
    public static let linuxSLL2: Int32 = 276

    /// Whether `decode` understands this link type at all.
    public static func isSupported(_ linkType: Int32) -> Bool {
        linkType == null || linkType == ethernet || rawIP.contains(linkType) || linkType == loop
            || linkType == linuxSLL || linkType == linuxSLL2 || linkType == ipv4 || linkType == ipv6
    }
}
