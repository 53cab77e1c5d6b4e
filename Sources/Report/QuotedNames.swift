import Calls

/// Each call outcome and dialog stage as a JSON string, quotes included,
/// ready to copy into a compact line (`JSONReport.writeCompact`).
///
/// Why: a call's line writes five or six of these names, and escaping a name
/// known to need none (`rawString` on its `rawValue`) took some three hundred
/// instructions each on the tracking thread, more than the numbers around
/// them. `QuotedNamesTests` holds every literal to its `rawValue`, as
/// `rawString` writes it; the switches are exhaustive, so a new case cannot
/// be forgotten.
extension CallOutcome {
    var quotedJSON: StaticString {
        switch self {
        case .answered: "\"answered\""
        case .failed: "\"failed\""
        case .cancelled: "\"cancelled\""
        case .completed: "\"completed\""
        case .incomplete: "\"incomplete\""
        }
    }
}

extension DialogStage {
    var quotedJSON: StaticString {
        switch self {
        case .trying: "\"trying\""
        case .ringing: "\"ringing\""
        case .earlyMedia: "\"early-media\""
        case .confirmed: "\"confirmed\""
        case .established: "\"established\""
        case .terminating: "\"terminating\""
        case .terminated: "\"terminated\""
        case .failed: "\"failed\""
        case .cancelled: "\"cancelled\""
        }
    }
}
