/// The rules given as command-line flags, as the user typed them, so a one-line
/// CI gate needs no rules file: `--every-call-answered --min-ser 0.95`.
///
/// Each flag is its rule's name with dashes (`--max-pdd` is `max_pdd`), and its
/// value is parsed exactly as the rules file's is. Percentile timings take an
/// expression: `--timing 'pdd.p95<=2s'`.
public struct RuleFlags: Sendable, Equatable {
    public var everyCallAnswered = false
    public var maxFailed: String?
    public var failOn: String?
    public var noIncomplete = false
    public var minSER: String?
    public var minSEER: String?
    public var minSCR: String?
    public var minASR: String?
    public var maxISA: String?
    public var maxPDD: String?
    public var maxSetup: String?
    public var maxDuration: String?
    /// `NAME<=DURATION` each: `pdd.p95<=2s`, `setup.median<=500ms`.
    public var timings: [String] = []
    public var noUnansweredInvite = false
    public var noUnacked200 = false
    public var maxRetransmissions: String?
    public var noMalformed = false

    public init() {}

    /// The rules, in the order the README lists them. Throws on the first value
    /// that does not parse, naming the flag.
    public func rules() throws(CheckError) -> [Rule] {
        var given: [(name: String, value: String)] = []
        func add(_ name: String, _ value: String?) {
            if let value { given.append((name, value)) }
        }
        func add(_ name: String, _ on: Bool) {
            if on { given.append((name, "true")) }
        }
        add("every_call_answered", everyCallAnswered)
        add("max_failed", maxFailed)
        add("fail_on", failOn)
        add("no_incomplete", noIncomplete)
        add("min_ser", minSER)
        add("min_seer", minSEER)
        add("min_scr", minSCR)
        add("min_asr", minASR)
        add("max_isa", maxISA)
        add("max_pdd", maxPDD)
        add("max_setup", maxSetup)
        add("max_duration", maxDuration)
        add("no_unanswered_invite", noUnansweredInvite)
        add("no_unacked_200", noUnacked200)
        add("max_retransmissions", maxRetransmissions)
        add("no_malformed", noMalformed)
        var rules: [Rule] = []
        for (name, value) in given {
            let flag = "--" + name.replacingUnderscores
            do {
                if let rule = try RuleParser.rule(named: name, value: .scalar(value)) { rules.append(rule) }
            } catch {
                switch error {
                case .badValue(let why): throw CheckError("\(flag) '\(value)': \(why)")
                case .unknownName: throw CheckError("\(flag): unknown rule")
                }
            }
        }
        for expression in timings {
            rules.append(try RuleFlags.timing(expression))
        }
        return rules
    }

    /// `pdd.p95<=2s` → the timing rule; spaces around `<=` are allowed.
    static func timing(_ expression: String) throws(CheckError) -> Rule {
        let example = "like 'pdd.p95<=2s' or 'setup.max<=4s'"
        let parts = expression.split(separator: "<=", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw CheckError("--timing '\(expression)': expects NAME<=DURATION, \(example)") }
        let name = parts[0].trimmingSpaces
        guard TimingRule.parseName(name) != nil else {
            let what = "is not a timing (pdd, setup or duration, then .max, .median or .pN)"
            throw CheckError("--timing '\(expression)': '\(name)' \(what), \(example)")
        }
        let rule: Rule?
        do {
            rule = try RuleParser.rule(named: name, value: .scalar(String(parts[1])))
        } catch {
            switch error {
            case .badValue(let why): throw CheckError("--timing '\(expression)': \(why)")
            case .unknownName: throw CheckError("--timing '\(expression)': expects NAME<=DURATION, \(example)")
            }
        }
        guard let rule else { throw CheckError("--timing '\(expression)': expects NAME<=DURATION, \(example)") }
        return rule
    }

    /// File rules with the flags' on top: a flag replaces the file's rule of the
    /// same name where it stood (`--min-ser 0.9` loosens the file's `min_ser`
    /// for one run), and rules only in the flags follow the file's.
    public static func combine(file: [Rule], flags: [Rule]) -> [Rule] {
        var combined = file
        for rule in flags {
            if let i = combined.firstIndex(where: { $0.name == rule.name }) {
                combined[i] = rule
            } else {
                combined.append(rule)
            }
        }
        return combined
    }
}

extension String {
    var replacingUnderscores: String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}
