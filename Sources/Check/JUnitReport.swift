import Report

/// The verdicts as JUnit XML, the format Jenkins, GitLab and GitHub test
/// reporters read: a `testsuite` per capture, a `testcase` per rule and per
/// expected call, and for a failed one a `failure` whose message is the
/// measured value beside the bound and whose text lists the offending calls
/// and frames.
///
/// Attributes follow the schema those tools accept (the Ant JUnit schema, as
/// `Tests/CheckTests/junit.xsd` describes it): `tests`, `failures`, `errors`,
/// `skipped` and `time` on each suite; `name`, `classname` and `time` on each
/// test case.
public struct JUnitReport: Sendable {
    /// Offenders written in a failure's text; the rest are counted.
    public var maxOffenders: Int

    public init(maxOffenders: Int = 100) {
        self.maxOffenders = maxOffenders
    }

    public func render(_ captures: [CaptureVerdict]) -> String {
        let tests = captures.reduce(0) { $0 + $1.verdicts.count }
        let failures = captures.reduce(0) { $0 + $1.failures }
        let time = captures.reduce(0) { $0 + $1.seconds }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"siptrace check\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\""
        out += " time=\"\(seconds(time))\">\n"
        for capture in captures { render(capture, into: &out) }
        out += "</testsuites>\n"
        return out
    }

    private func render(_ capture: CaptureVerdict, into out: inout String) {
        let name = XMLText.attribute(capture.file)
        let classname = XMLText.attribute(JUnitReport.classname(capture.file))
        out += "  <testsuite name=\"\(name)\" tests=\"\(capture.verdicts.count)\" failures=\"\(capture.failures)\""
        out += " errors=\"0\" skipped=\"0\" time=\"\(seconds(capture.seconds))\">\n"
        for verdict in capture.verdicts {
            out += "    <testcase name=\"\(XMLText.attribute(verdict.rule))\" classname=\"\(classname)\" time=\"0\""
            if verdict.passed {
                out += "/>\n"
                continue
            }
            out += ">\n"
            out += "      <failure message=\"\(XMLText.attribute(verdict.statement))\""
            out += " type=\"\(XMLText.attribute(verdict.rule))\">"
            out += XMLText.text(failureText(verdict))
            out += "</failure>\n"
            out += "    </testcase>\n"
        }
        var summary = capture.summary
        if let truncation = capture.truncation { summary += "\nwarning: " + truncation }
        out += "    <system-out>\(XMLText.text(summary))</system-out>\n"
        out += "  </testsuite>\n"
    }

    /// The statement, then one line per offender.
    private func failureText(_ verdict: Verdict) -> String {
        var lines = [verdict.statement]
        let text = CheckTextReport()
        for offender in verdict.offenders.prefix(maxOffenders) {
            lines.append(text.line(offender))
        }
        if verdict.offenders.count > maxOffenders {
            lines.append("… and \(verdict.offenders.count - maxOffenders) more")
        }
        return lines.joined(separator: "\n")
    }

    /// `siptrace.check.mix_pcap` for `captures/mix.pcap`: reporters split a
    /// classname at its dots into package and class, so the file's own dots
    /// become underscores and its folders are left to the suite's name.
    static func classname(_ file: String) -> String {
        let base = file.split(separator: "/").last.map(String.init) ?? file
        return "siptrace.check." + String(base.map { $0 == "." ? "_" : $0 })
    }

    /// Writes the report to `path`, for `--junit FILE`.
    public func write(_ captures: [CaptureVerdict], to path: String) throws(CheckError) {
        try FileText.write(render(captures), to: path, what: "JUnit report")
    }

    private func seconds(_ s: Double) -> String {
        formatDecimal(s, fractionDigits: 3)
    }
}
