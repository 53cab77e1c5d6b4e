/// The container format of an offline capture.
public enum CaptureFormat: String, Sendable {
    case pcap
    case pcapng
}
