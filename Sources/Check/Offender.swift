/// One call (or a frame outside any call) that broke a rule, with the frames
/// that show it, so the reader can open the capture at the right place.
public struct Offender: Sendable, Equatable {
    /// Nil for a frame that belongs to no call (a malformed message).
    public var callID: String?
    public var frames: [Int]
    /// Why this one broke the rule: `486 Busy Here`, `PDD 3.2s`.
    public var detail: String

    public init(callID: String?, frames: [Int], detail: String) {
        self.callID = callID
        self.frames = frames
        self.detail = detail
    }
}
