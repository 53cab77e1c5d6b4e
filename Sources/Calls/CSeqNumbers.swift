/// The CSeq numbers of a call's INVITE attempts, each once: one, or two
/// after a digest challenge, as a rule.
///
/// Why not an array: the attempts are gathered twice for every INVITE call
/// that ends (`InviteContext`, `DialogAnalysis`), and an array of one number
/// was an allocation each time. The first two are kept inline, any more in
/// an array.
struct CSeqNumbers {
    private var first: UInt32 = 0
    private var second: UInt32 = 0
    private var inlineCount = 0
    private var more: [UInt32] = []

    var isEmpty: Bool { inlineCount == 0 }

    func contains(_ number: UInt32) -> Bool {
        (inlineCount > 0 && first == number) || (inlineCount > 1 && second == number)
            || (!more.isEmpty && more.contains(number))
    }

    /// Adds `number` unless it is there already.
    mutating func insert(_ number: UInt32) {
        guard !contains(number) else { return }
        switch inlineCount {
        case 0:
            first = number
            inlineCount = 1
        case 1:
            second = number
            inlineCount = 2
        default:
            more.append(number)
        }
    }

    /// The highest; nil when there is none.
    var max: UInt32? {
        guard inlineCount > 0 else { return nil }
        var highest = inlineCount > 1 ? Swift.max(first, second) : first
        for number in more where number > highest { highest = number }
        return highest
    }
}
