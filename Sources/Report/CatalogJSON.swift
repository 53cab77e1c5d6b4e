import Catalog

/// JSON for the catalog commands (`explain`, `compare`), written with `JSONWriter`
/// so key order is stable and the output needs no Foundation.
///
/// An entry's keys come from `CatalogEntry.fields`; `meaning`, `whenYouSeeIt` and
/// `howToFix` are the names the `analyze` annotation uses too.
public enum CatalogJSON {
    /// One entry as an object.
    public static func entry(_ entry: CatalogEntry, pretty: Bool = true) -> String {
        var w = JSONWriter(pretty: pretty)
        write(entry, into: &w)
        return w.output
    }

    /// A class and every registered code in it.
    public static func responseClass(_ responseClass: ResponseClass, pretty: Bool = true) -> String {
        var w = JSONWriter(pretty: pretty)
        w.beginObject()
        w.field("class", responseClass.rawValue)
        w.field("label", responseClass.label)
        w.field("first", responseClass.codes.lowerBound)
        w.field("last", responseClass.codes.upperBound)
        w.field("final", responseClass.isFinal)
        w.field("summary", responseClass.summary)
        w.field("fallbackCode", responseClass.fallbackCode)
        w.key("codes")
        writeArray(Catalog.entries(in: responseClass), into: &w)
        w.endObject()
        return w.output
    }

    /// The whole registry.
    public static func list(_ entries: [CatalogEntry] = Catalog.entries, pretty: Bool = true) -> String {
        var w = JSONWriter(pretty: pretty)
        w.beginObject()
        w.field("count", entries.count)
        w.key("codes")
        writeArray(entries, into: &w)
        w.endObject()
        return w.output
    }

    /// Two codes side by side, keys in the order of the text rendering.
    public static func comparison(_ comparison: Comparison, pretty: Bool = true) -> String {
        var w = JSONWriter(pretty: pretty)
        w.beginObject()
        w.key("first")
        write(comparison.first, into: &w)
        w.key("second")
        write(comparison.second, into: &w)
        w.field("classStatement", comparison.classStatement)
        w.field("differences", strings: comparison.differences)
        w.field("inCommon", strings: comparison.inCommon)
        w.field("whenToUseWhich", strings: comparison.whenToUseWhich)
        w.endObject()
        return w.output
    }

    /// Writes `entry` as an object at the writer's current position.
    public static func write(_ entry: CatalogEntry, into w: inout JSONWriter) {
        w.beginObject()
        for field in entry.fields {
            w.key(text: field.key)
            switch field.value {
            case .int(let value): w.int(value)
            case .string(let value): w.string(value)
            case .bool(let value): w.bool(value)
            case .strings(let values):
                w.beginArray()
                for value in values { w.string(value) }
                w.endArray()
            case .ints(let values):
                w.beginArray()
                for value in values { w.int(value) }
                w.endArray()
            }
        }
        w.endObject()
    }

    private static func writeArray(_ entries: [CatalogEntry], into w: inout JSONWriter) {
        w.beginArray()
        for entry in entries { write(entry, into: &w) }
        w.endArray()
    }
}
