/// Reads a message of the sync protocol or a directory version field by field, turning a short read into the
/// message's own error (the entry reader's errors speak of entries).
struct FieldReader<Failure: Error> {
    private var reader: ByteReader
    private let total: Int
    private let fail: (String) -> Failure

    /// Reads `bytes`; `fail` makes the error for a sentence such as "the summary is truncated".
    init(_ bytes: [UInt8], fail: @escaping (String) -> Failure) {
        self.reader = ByteReader(bytes)
        self.total = bytes.count
        self.fail = fail
    }

    /// How many bytes are left; a decoder compares a count header against it before allocating anything.
    var remaining: Int { total - reader.offset }
    /// Where the next read starts.
    var offset: Int { reader.offset }
    var isAtEnd: Bool { reader.isAtEnd }

    mutating func bytes(_ count: Int) throws(Failure) -> [UInt8] {
        guard count <= remaining else { throw fail("truncated") }
        do { return Array(try reader.read(count: count)) } catch { throw fail("truncated") }
    }

    mutating func uint8() throws(Failure) -> UInt8 { try bytes(1)[0] }
    mutating func uint16() throws(Failure) -> UInt16 { UInt16(try bigEndian(2)) }
    mutating func uint32() throws(Failure) -> UInt32 { UInt32(try bigEndian(4)) }
    mutating func uint64() throws(Failure) -> UInt64 { try bigEndian(8) }

    /// A one-byte length, then that many bytes of UTF-8.
    mutating func shortText() throws(Failure) -> String {
        let length = Int(try uint8())
        guard let text = String(validating: try bytes(length), as: UTF8.self) else { throw fail("not UTF-8") }
        return text
    }

    /// Throws unless every byte was read.
    func expectEnd() throws(Failure) {
        guard isAtEnd else { throw fail("followed by extra bytes") }
    }

    /// Makes the message's error for `sentence`.
    func failure(_ sentence: String) -> Failure { fail(sentence) }

    private mutating func bigEndian(_ width: Int) throws(Failure) -> UInt64 {
        try bytes(width).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
