import Catalog

/// The `annotation` object the JSON report puts under every response: what the
/// catalog says about its status code.
///
/// The same few hundred bytes of catalog prose are written for every response
/// of every call: JSON escaping was a third of the instructions `analyze
/// --format ndjson` ran, most of it on these texts. So each registered code's
/// strings are escaped once, on first use, and for compact output the whole
/// object is kept rendered. (A class: handing one out of the table is one
/// reference, not six arrays.)
final class AnnotationJSON: Sendable {
    private let fields: Fields
    /// The whole object as a compact writer writes it.
    private let compact: [UInt8]

    init(_ entry: CatalogEntry) {
        fields = Fields(entry)
        var w = JSONWriter(pretty: false)
        fields.write(&w)
        compact = w.bytes
    }

    /// The annotation for a response with `status`; nil when the catalog has
    /// nothing to say (outside 100…699).
    static func forStatus(_ status: Int) -> AnnotationJSON? {
        if status >= firstCode && status < firstCode + registered.count, let cached = registered[status - firstCode] {
            return cached
        }
        // An unregistered code: the catalog makes its fallback entry on request.
        return Catalog.entry(for: status).map(AnnotationJSON.init)
    }

    /// Writes the object where the writer's next value goes.
    func write(_ w: inout JSONWriter) {
        if w.pretty {
            fields.write(&w)
        } else {
            w.rawValue(compact)
        }
    }

    /// Writes the compact object inside a raw value (`JSONWriter.beginRawValue`).
    func writeCompact(_ w: inout JSONWriter) {
        compact.withUnsafeBytes { w.rawBytes($0) }
    }

    /// What the object says, its strings escaped already (the inside of each
    /// JSON string literal).
    private struct Fields: Sendable {
        let responseClass: String
        let isRegistered: Bool
        let reason: [UInt8]
        let meaning: [UInt8]
        let whenYouSeeIt: [UInt8]
        let howToFix: [UInt8]

        init(_ entry: CatalogEntry) {
            responseClass = entry.responseClass.rawValue
            isRegistered = entry.isRegistered
            reason = JSONWriter.escapedBytes(entry.reason)
            meaning = JSONWriter.escapedBytes(entry.meaning)
            whenYouSeeIt = JSONWriter.escapedBytes(entry.whenYouSeeIt)
            howToFix = JSONWriter.escapedBytes(entry.howToFix)
        }

        /// The object, keys in the order the report has always had them.
        func write(_ w: inout JSONWriter) {
            w.beginObject()
            w.field("class", responseClass)
            w.field("registered", isRegistered)
            w.field("registeredReason", escaped: reason)
            w.field("meaning", escaped: meaning)
            w.field("whenYouSeeIt", escaped: whenYouSeeIt)
            w.field("howToFix", escaped: howToFix)
            w.endObject()
        }
    }

    private static let firstCode = 100

    /// Every registered code's annotation, at `code - firstCode`. A `static let`
    /// is built once, on first use, safely across threads; catalog entries
    /// never change.
    private static let registered: [AnnotationJSON?] = {
        var table = [AnnotationJSON?](repeating: nil, count: 600)
        for entry in Catalog.entries where entry.code >= firstCode && entry.code - firstCode < table.count {
            table[entry.code - firstCode] = AnnotationJSON(entry)
        }
        return table
    }()
}
