import CPcap

/// libpcap's own short name for a link type (`EN10MB`, `LINUX_SLL2`), or `DLT_<n>`.
public func linkTypeName(_ linkType: Int32) -> String {
    if let name = pcap_datalink_val_to_name(linkType) {
        return String(cString: name)
    }
    return "DLT_\(linkType)"
}
