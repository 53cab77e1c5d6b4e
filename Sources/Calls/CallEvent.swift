import Decode
import SIP

/// Something that happened to a call, told as it happens (`siptrace live`).
///
/// Events are cut from the same messages the call tracker records, so what a live
/// session prints agrees with what `analyze` says of the same packets afterwards.
public struct CallEvent: Sendable, Equatable {
    /// What happened. The raw values are the `event` names of the ndjson output,
    /// a contract that users' scripts read: new names may be added, none renamed.
    public enum Kind: String, Sendable, CaseIterable, Equatable {
        /// The first INVITE of a Call-ID (not a retransmission, not a re-INVITE).
        case callStarted
        /// A provisional response to the INVITE other than 100 (180, 183, ...).
        case provisional
        /// 401 or 407: the request must be sent again with credentials (RFC 3261 §22).
        case challenged
        /// The first 2xx to the INVITE.
        case answered
        /// A final response of 300 or more ended the INVITE (a 487 after CANCEL excepted).
        case failed
        /// The caller cancelled: 487 Request Terminated after a CANCEL (RFC 3261 §9).
        case cancelled
        /// The first BYE of the call.
        case ended
        /// A non-INVITE exchange (REGISTER, OPTIONS, MESSAGE, ...) got a 2xx.
        case requestCompleted
        /// A non-INVITE exchange got a final response of 300 or more (401/407 excepted).
        case requestFailed
        /// The call went silent past the idle timeout without ending and was dropped.
        case timedOut
    }

    /// Which side of a call sent the BYE.
    public enum Party: String, Sendable, Equatable {
        case caller, callee
    }

    public var kind: Kind
    /// Capture time of the message that caused the event (for `timedOut`: when
    /// the call was given up), nanoseconds since the Unix epoch.
    public var time: Int64
    /// The frame of that message; nil for `timedOut`.
    public var frame: Int?
    public var callID: String
    /// `INVITE` for calls; otherwise the request's method (`REGISTER`).
    public var method: String
    public var from: NameAddress?
    public var to: NameAddress?
    /// Where the message came from and went, when a message caused the event.
    public var source: Endpoint?
    public var destination: Endpoint?
    /// The response code and reason phrase behind the event.
    public var status: Int?
    public var reason: String?
    /// `provisional`: this response carries SDP. `answered`: some provisional
    /// response before the answer carried SDP.
    public var earlyMedia: Bool?
    /// `answered`: first INVITE to the first 2xx, when the INVITE was seen.
    public var setupMs: Double?
    /// `ended`: the 2xx to the BYE, when the answer was seen.
    public var durationMs: Double?
    /// `ended`: who hung up, when the caller's From tag is known.
    public var endedBy: Party?
    /// `timedOut`: how the call stood when it was given up.
    public var outcome: CallOutcome?

    public init(
        kind: Kind, time: Int64, frame: Int?, callID: String, method: String, from: NameAddress? = nil,
        to: NameAddress? = nil, source: Endpoint? = nil, destination: Endpoint? = nil, status: Int? = nil,
        reason: String? = nil, earlyMedia: Bool? = nil, setupMs: Double? = nil, durationMs: Double? = nil,
        endedBy: Party? = nil, outcome: CallOutcome? = nil
    ) {
        self.kind = kind
        self.time = time
        self.frame = frame
        self.callID = callID
        self.method = method
        self.from = from
        self.to = to
        self.source = source
        self.destination = destination
        self.status = status
        self.reason = reason
        self.earlyMedia = earlyMedia
        self.setupMs = setupMs
        self.durationMs = durationMs
        self.endedBy = endedBy
        self.outcome = outcome
    }
}
