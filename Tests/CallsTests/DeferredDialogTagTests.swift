import Testing

@testable import Calls

/// A streamed call's dialog keeps where its tags are in the call's text as
/// whole offsets: a text past 2 GiB must neither trap nor read other bytes.
@Suite struct DeferredDialogTagTests {
    @Test func offsetsPastTwoGigabytes() {
        let far = (Int(Int32.max) - 2)..<(Int(Int32.max) + 3)
        var dialog = Dialog(deferredTo: far, from: (1 << 32)..<((1 << 32) + 1))
        // No text handed over: nothing to read, and nothing read.
        #expect(dialog.toTag == nil && dialog.fromTag == nil)
        dialog.readTags(from: Array("abc".utf8))
        #expect(dialog.toTag == nil && dialog.fromTag == nil)
        #expect(!Dialog.withDeferredTag(of: [dialog], 0, to: true) { _ in })
    }

    @Test func tagsReadFromTheTextUntilSet() {
        var dialog = Dialog(deferredTo: 3..<5, from: 0..<3)
        dialog.readTags(from: Array("abcde".utf8))
        #expect(dialog.toTag == "de" && dialog.fromTag == "abc")
        var bytes: [UInt8] = []
        #expect(Dialog.withDeferredTag(of: [dialog], 0, to: true) { bytes = Array($0) })
        #expect(bytes == Array("de".utf8))
        #expect(
            Dialog.withDeferredTag(of: [Dialog(toTag: "x", fromTag: nil), dialog], 1, to: false) { bytes = Array($0) })
        #expect(bytes == Array("abc".utf8))
        dialog.toTag = nil
        #expect(dialog.toTag == nil && !Dialog.withDeferredTag(of: [dialog], 0, to: true) { _ in })
        #expect(dialog == Dialog(toTag: nil, fromTag: "abc"))
    }
}
