/// The header lines of a parsed message (`SIPMessageView.headers`), in order:
/// a collection of `HeaderField`s, compared element by element.
///
/// Why not an array: the parser writes a field per header line, some nine
/// a message, and `Array.append` checked the buffer's uniqueness and
/// capacity on each (a call and a few loads, per line). The parser owns one
/// room of `SIPParser.maximumHeaders` fields instead, checks once per
/// message that no view still holds it (else it takes a new room, so a view
/// keeps its headers whatever is parsed after it), and then writes the
/// fields with plain stores.
public struct HeaderFields: RandomAccessCollection, Equatable, ExpressibleByArrayLiteral, CustomStringConvertible {
    let room: HeaderRoom
    public let endIndex: Int

    public var startIndex: Int { 0 }

    /// The first `count` fields of `room`, which must be written.
    init(_ room: HeaderRoom, count: Int) {
        precondition(count >= 0 && count <= room.capacity, "more header fields than their room")
        self.room = room
        endIndex = count
    }

    /// Fields made by hand (tests, and messages built without a parser).
    public init(_ fields: [HeaderField]) {
        let room = HeaderRoom(capacity: fields.count)
        // SAFETY: the room holds `fields.count` fields; each is written once.
        for (i, field) in fields.enumerated() { (room.fields + i).initialize(to: field) }
        self.init(room, count: fields.count)
    }

    public init(arrayLiteral fields: HeaderField...) {
        self.init(fields)
    }

    public subscript(position: Int) -> HeaderField {
        precondition(position >= 0 && position < endIndex, "header index out of range")
        // SAFETY: 0 <= position < endIndex <= room.capacity, and the first
        // endIndex fields are written (see `init(_:count:)`).
        return room.fields[position]
    }

    /// Steps through the room directly: the default iterator went through
    /// the checked subscript and the room's reference for every field.
    public struct Iterator: IteratorProtocol {
        let fields: UnsafeMutablePointer<HeaderField>
        let room: HeaderRoom
        var index: Int
        let end: Int

        public mutating func next() -> HeaderField? {
            guard index < end else { return nil }
            // SAFETY: index < end, the fields written (see `init(_:count:)`);
            // `room` keeps them allocated while the iterator lives.
            defer { index &+= 1 }
            return fields[index]
        }
    }

    public func makeIterator() -> Iterator {
        Iterator(fields: room.fields, room: room, index: 0, end: endIndex)
    }

    /// The fields as an array prints them (a test's failure shows them so).
    public var description: String { Array(self).description }

    public static func == (a: HeaderFields, b: HeaderFields) -> Bool {
        a.elementsEqual(b)
    }
}

/// Room for a message's header fields (see `HeaderFields`): allocated once,
/// written by the parser, read through the views that hold it.
///
/// `HeaderField` is plain data (a one-byte name and two ranges), so fields
/// are written over each other with no deinitialisation, and the memory is
/// given back without one.
final class HeaderRoom {
    let fields: UnsafeMutablePointer<HeaderField>
    let capacity: Int

    init(capacity: Int = SIPParser.maximumHeaders) {
        self.capacity = max(1, capacity)
        fields = .allocate(capacity: self.capacity)
    }

    deinit {
        fields.deallocate()
    }
}
