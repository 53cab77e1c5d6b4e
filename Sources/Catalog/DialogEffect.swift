/// What a response does to dialogs.
///
/// RFC 3261 §12.1: only a 2xx, or a 101–199 that carries a To tag, answering an
/// INVITE creates a dialog (early for the 1xx, confirmed for the 2xx); RFC 6665
/// §4.1.2 adds SUBSCRIBE and REFER. RFC 6228 gives one response, 199, the job of
/// ending an early dialog.
public enum DialogEffect: String, Sendable, CaseIterable {
    /// The response creates no dialog.
    case none
    /// With a To tag, answering an INVITE, it creates an early dialog.
    case early
    /// Answering an INVITE (or SUBSCRIBE, REFER) it creates a confirmed dialog.
    case confirmed
    /// It ends one early dialog of a forked INVITE (RFC 6228).
    case endsEarly

    /// The effect in words, completing "the response …".
    public var phrase: String {
        switch self {
        case .none: "creates no dialog"
        case .early: "can create an early dialog in answer to an INVITE, when a To tag is present"
        case .confirmed: "creates a confirmed dialog in answer to an INVITE, SUBSCRIBE or REFER"
        case .endsEarly: "ends one early dialog of a forked INVITE while the others go on"
        }
    }
}
