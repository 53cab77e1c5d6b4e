import SIP

/// What `DialogAnalysis` reads of a message. A report's `MessageRecord` (its
/// conformance below) and a streamed call's message with the call's text
/// beside it (`StreamedInput`) both give it, so one analysis serves both.
protocol DialogInput {
    var frame: Int { get }
    var timestamp: Int64 { get }
    var isRetransmission: Bool { get }
    var isOtherHop: Bool { get }
    var requestMethod: String? { get }
    /// `requestMethod` as a code (`.none` for a response), and the CSeq's
    /// number and method code: what the analysis reads of every message.
    /// (A streamed message keeps these as they are; its names are looked up,
    /// and the analysis asks for them only where it shows them.)
    var requestCode: MethodCode { get }
    var cseqSequence: UInt32? { get }
    var cseqCode: MethodCode { get }
    var responseStatus: Int? { get }
    /// A response's reason phrase; nil for a request.
    var reasonPhrase: String? { get }
    var cseqValue: CSeq? { get }
    /// The From and To tags as compared (`Tag`'s `==` says what `String`'s
    /// would), each as a string (`tagString`, for events' details) and a new
    /// dialog with them (`dialog`). A record's are its strings; a streamed
    /// message's are bytes in its call's text (`TagBytes`), and its dialogs
    /// read them from there when shown: no string made.
    associatedtype Tag: Equatable
    var fromTagKey: Tag? { get }
    var toTagKey: Tag? { get }
    func tagString(_ tag: Tag) -> String
    /// A new dialog with these tags (see `Dialog.init(deferredTo:from:)`).
    func dialog(toTag: Tag?, fromTag: Tag?) -> Dialog
    var bodyIsSDP: Bool { get }
    var rseqValue: UInt32? { get }
    var sipfragLine: String? { get }
    var referTarget: String? { get }
    var minSEValue: Int? { get }
    var sessionExpiresValue: Int? { get }
    /// `SIPMessage.summaryLine`.
    var summaryText: String { get }
    /// The first media of the message's SDP, read only for UPDATEs and
    /// INVITEs with a To tag (hold, resume, codec changes in a dialog); a
    /// streamed message keeps it for those alone.
    var offeredMedia: SDPMedia? { get }
}

extension MessageRecord: DialogInput {
    var requestMethod: String? { message.method }
    var requestCode: MethodCode { message.method.map { MethodCode($0) } ?? .none }
    var cseqSequence: UInt32? { message.cseq?.number }
    var cseqCode: MethodCode { message.cseq.map { MethodCode($0.method) } ?? .none }
    var responseStatus: Int? { message.status }
    var reasonPhrase: String? {
        if case .response(_, let reason) = message.kind { return reason }
        return nil
    }
    var cseqValue: CSeq? { message.cseq }
    var fromTagKey: String? { message.from?.tag }
    var toTagKey: String? { message.to?.tag }
    func tagString(_ tag: String) -> String { tag }
    func dialog(toTag: String?, fromTag: String?) -> Dialog { Dialog(toTag: toTag, fromTag: fromTag) }
    var bodyIsSDP: Bool { message.hasSDP }
    var rseqValue: UInt32? { message.rseq }
    var sipfragLine: String? { message.sipfrag }
    var referTarget: String? { message.referTo }
    var minSEValue: Int? { message.minSE }
    var sessionExpiresValue: Int? { message.sessionExpires }
    var summaryText: String { message.summaryLine }
    var offeredMedia: SDPMedia? { message.sdp?.media.first }
}
