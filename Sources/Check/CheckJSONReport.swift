import Report

/// The verdicts as JSON, for programs: the same facts as the text, with the
/// measured values and bounds as numbers. Written with `JSONWriter` so keys
/// keep their order and packet text is escaped.
public struct CheckJSONReport: Sendable {
    public init() {}

    public func render(_ captures: [CaptureVerdict]) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("siptrace", SIPTraceVersion.string)
        w.field("passed", captures.allSatisfy(\.passed))
        w.key("captures")
        w.beginArray()
        for capture in captures { write(capture, &w) }
        w.endArray()
        w.endObject()
        return w.output + "\n"
    }

    private func write(_ capture: CaptureVerdict, _ w: inout JSONWriter) {
        w.beginObject()
        w.field("file", capture.file)
        w.field("passed", capture.passed)
        w.field("calls", capture.calls)
        w.field("inviteCalls", capture.inviteCalls)
        w.field("sipMessages", capture.sipMessages)
        w.field("truncation", capture.truncation)
        w.key("rules")
        w.beginArray()
        for verdict in capture.verdicts {
            w.beginObject()
            w.field("rule", verdict.rule)
            w.field("passed", verdict.passed)
            w.field("statement", verdict.statement)
            w.field("measured", verdict.measured, fractionDigits: 6)
            w.field("bound", verdict.bound, fractionDigits: 6)
            w.field("unit", verdict.unit.rawValue)
            w.key("offenders")
            w.beginArray()
            for offender in verdict.offenders {
                w.beginObject()
                w.field("callId", offender.callID)
                w.field("frames", ints: offender.frames)
                w.field("detail", offender.detail)
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }
}
