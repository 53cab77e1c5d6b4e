import CPcap
import Synchronization

/// Owns one libpcap handle and closes it when the last user lets go.
///
/// Shared by reference so that the capture, its `-w` writer and a signal handler's
/// `LoopBreaker` can each keep it alive: a Ctrl-C arriving while the capture is
/// being torn down must never reach a closed handle.
final class PcapHandle: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): the pointer is immutable. Only the owning
    // thread reads packets through it; other threads call nothing but
    // `pcap_breakloop`, which libpcap documents as safe from a signal handler and,
    // on Linux (1.10+), from another thread (it sets a flag and writes an eventfd).
    let pointer: OpaquePointer
    /// Set by `LoopBreaker`; the capture loop checks it each time it wakes up,
    /// since a non-blocking handle waits in our own `poll`, not in libpcap's.
    let stopRequested = Atomic<Bool>(false)

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        pcap_close(pointer)
    }

    /// libpcap's last error message for this handle.
    var lastError: String {
        String(cString: pcap_geterr(pointer))
    }
}

/// Stops a running `LiveCapture` from anywhere: another thread, a signal source.
/// Keeps the handle open for as long as it exists.
public struct LoopBreaker: Sendable {
    let handle: PcapHandle

    /// Makes the capture loop return `.broken` at its next wake-up; with a read
    /// timeout set, that is within one timeout even if no packet arrives.
    public func breakLoop() {
        handle.stopRequested.store(true, ordering: .releasing)
        pcap_breakloop(handle.pointer)
    }
}
