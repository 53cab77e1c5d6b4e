/// The result of one rule on one capture: whether it held, what was measured
/// against what bound, and which calls and frames broke it.
public struct Verdict: Sendable, Equatable {
    /// What kind of number `measured` and `bound` are.
    public enum Unit: String, Sendable {
        /// 0 to 1.
        case ratio
        case milliseconds
        /// Things counted: calls, messages, frames.
        case count
        /// 0 to 100.
        case percent
    }

    /// The rule's name (`min_ser`, `call to=gone`): the JUnit test case's name.
    public var rule: String
    public var passed: Bool
    /// One line for people: the measured value beside the bound with the
    /// relation that holds between them (`SER 0.286 < 0.95`).
    public var statement: String
    /// Nil when nothing could be measured (no INVITE calls, no PDD at all).
    public var measured: Double?
    public var bound: Double?
    public var unit: Unit
    /// What broke the rule, in capture order; empty when it held.
    public var offenders: [Offender]

    public init(
        rule: String, passed: Bool, statement: String, measured: Double?, bound: Double?, unit: Unit,
        offenders: [Offender] = []
    ) {
        self.rule = rule
        self.passed = passed
        self.statement = statement
        self.measured = measured
        self.bound = bound
        self.unit = unit
        self.offenders = offenders
    }
}
