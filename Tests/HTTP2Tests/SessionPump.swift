import HTTP2

/// Moves bytes between a client and a server session in memory until both fall silent.
///
/// `answer` sees every request the server completes and may respond at once. Returns the number of
/// rounds that carried bytes, so a test can tell that flow control made the exchange take several.
@discardableResult
func pump(
    _ client: HTTP2ClientSession, _ server: HTTP2ServerSession, maxRounds: Int = 2_000,
    answer: (HTTP2ServerSession, HTTP2Request) throws -> Void = { _, _ in }
) throws -> Int {
    for round in 0..<maxRounds {
        let toServer = client.outgoing()
        if !toServer.isEmpty { try server.receive(toServer) }
        for request in server.takeRequests() { try answer(server, request) }
        let toClient = server.outgoing()
        if !toClient.isEmpty { try client.receive(toClient) }
        if toServer.isEmpty, toClient.isEmpty { return round }
    }
    throw PumpError.didNotSettle
}

struct PumpError: Error {
    static let didNotSettle = PumpError()
}

/// Deterministic bytes of a given length, different for each seed, so a reordered or cut body shows.
func patternBytes(count: Int, seed: UInt8) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed) &+ $0 >> 8) }
}

/// One raw HTTP/2 frame (RFC 9113 4.1), for feeding a server bytes no well-behaved client sends.
func rawFrame(type: UInt8, flags: UInt8 = 0, streamID: UInt32 = 0, payload: [UInt8] = []) -> [UInt8] {
    let length = UInt32(payload.count)
    let header: [UInt8] = [
        UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff), type, flags,
        UInt8(streamID >> 24 & 0x7f), UInt8(streamID >> 16 & 0xff), UInt8(streamID >> 8 & 0xff),
        UInt8(streamID & 0xff),
    ]
    return header + payload
}

/// The client connection preface every HTTP/2 connection starts with.
let clientMagic = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

/// A header block in HPACK's simplest form: every field a literal without indexing, no Huffman coding.
func literalHeaderBlock(_ fields: [(String, String)]) -> [UInt8] {
    fields.flatMap { name, value -> [UInt8] in
        precondition(name.utf8.count < 127 && value.utf8.count < 127, "only short literals are encoded")
        return [0x00, UInt8(name.utf8.count)] + Array(name.utf8) + [UInt8(value.utf8.count)] + Array(value.utf8)
    }
}

/// Splits bytes a session sent into frames (type, stream, payload); the bytes must start on a frame.
func parseFrames(_ bytes: [UInt8]) -> [(type: UInt8, streamID: UInt32, payload: [UInt8])] {
    var frames: [(type: UInt8, streamID: UInt32, payload: [UInt8])] = []
    var offset = 0
    while offset + 9 <= bytes.count {
        let length = Int(bytes[offset]) << 16 | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2])
        let streamID = bytes[offset + 5..<offset + 9].reduce(UInt32(0)) { $0 << 8 | UInt32($1) } & 0x7fff_ffff
        let end = min(offset + 9 + length, bytes.count)
        frames.append((bytes[offset + 3], streamID, Array(bytes[offset + 9..<end])))
        offset = end
    }
    return frames
}
