/// An incremental HTTP/1.1 request parser: a pure state machine with no I/O.
///
/// Feed it bytes as they arrive, then call `next()` until it returns nil; each call yields one complete
/// request (head, de-chunked body, trailers) in the order the client pipelined them. After a request that
/// ends the connection (`Connection: close`, or HTTP/1.0 without keep-alive) the parser ignores whatever
/// follows. After an error it stays failed: the stream's framing is lost and the connection must close.
///
/// Cost: every byte is scanned once for line ends and copied once into its request.
/// Not thread-safe: confine a parser to one connection's thread.
public struct HTTP1RequestParser: Sendable {
    /// Where the parser stands between requests, for choosing which timeout applies.
    public enum Phase: Sendable, Equatable {
        /// No byte of a next request has arrived.
        case idle
        /// Part of a request line or header section has arrived.
        case head
        /// The head is complete and the body (or its trailers) is arriving.
        case body
        /// A request ended the connection; further bytes are ignored.
        case closed
        /// A parse error occurred; `next()` throws it again.
        case failed
    }

    private enum State {
        case requestLine
        case headerLines
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailerLines
        case closed
        case failed(HTTPParseError)
    }

    /// The limits this parser enforces.
    public let limits: HTTP1Limits
    private var buffer: [UInt8] = []
    private var start = 0
    private var scannedLineBytes = 0
    private var state = State.requestLine
    private var request = HTTPRequest(method: "", target: "")
    private var sectionBytes = 0
    private var continueExpected = false

    /// Makes a parser that enforces `limits`.
    public init(limits: HTTP1Limits = HTTP1Limits()) {
        self.limits = limits
    }

    /// Appends bytes received from the connection.
    public mutating func feed(_ bytes: some Sequence<UInt8>) {
        switch state {
        case .closed, .failed: return
        default: break
        }
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 4096 && start * 2 > buffer.count {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Where the parser stands; `idle` means no part of a next request is buffered.
    public var phase: Phase {
        switch state {
        case .requestLine: start == buffer.count ? .idle : .head
        case .headerLines: .head
        case .fixedBody, .chunkSize, .chunkData, .chunkDataEnd, .trailerLines: .body
        case .closed: .closed
        case .failed: .failed
        }
    }

    /// The number of bytes received but not yet consumed into a request.
    public var bufferedByteCount: Int { buffer.count - start }

    /// Returns true once after a head that asked for `Expect: 100-continue` while its body is still missing.
    ///
    /// The server then sends `HTTP/1.1 100 Continue` so the client starts sending the body.
    public mutating func takeContinueExpectation() -> Bool {
        defer { continueExpected = false }
        return continueExpected
    }

    /// Returns the next complete request, or nil when more bytes are needed (or the connection has ended).
    ///
    /// - Throws: `HTTPParseError` when the bytes break HTTP/1.1 or a limit; every later call throws it again.
    public mutating func next() throws(HTTPParseError) -> HTTPRequest? {
        do {
            return try advance()
        } catch {
            state = .failed(error)
            buffer = []
            start = 0
            throw error
        }
    }

    private mutating func advance() throws(HTTPParseError) -> HTTPRequest? {
        while true {
            switch state {
            case .failed(let error):
                throw error
            case .closed:
                return nil
            case .requestLine:
                guard let line = try nextLine(limit: limits.maxRequestLineLength, tooLong: .requestLineTooLong)
                else { return nil }
                if line.isEmpty { continue }  // RFC 9112 section 2.2: ignore empty lines before a request
                let parsed = try RequestLine(buffer[line])
                request = HTTPRequest(method: parsed.method, target: parsed.target, version: parsed.version)
                sectionBytes = 0
                state = .headerLines
            case .headerLines:
                guard let line = try nextSectionLine() else { return nil }
                if line.isEmpty {
                    if let complete = try finishHead() { return complete }
                } else {
                    request.headers.add(try parseLimitedField(line, count: request.headers.count))
                }
            case .fixedBody(let remaining):
                let left = takeBody(upTo: remaining)
                if left > 0 {
                    state = .fixedBody(remaining: left)
                    return nil
                }
                return finishRequest()
            case .chunkSize:
                guard let line = try nextLine(limit: limits.maxChunkLineLength, tooLong: .malformedChunk)
                else { return nil }
                let size = try parseChunkSizeLine(buffer[line])
                guard size <= limits.maxBodySize - request.body.count else {
                    throw HTTPParseError(.bodyTooLarge, "the chunked body is above the limit of \(limits.maxBodySize)")
                }
                sectionBytes = 0
                state = size == 0 ? .trailerLines : .chunkData(remaining: size)
            case .chunkData(let remaining):
                let left = takeBody(upTo: remaining)
                state = left > 0 ? .chunkData(remaining: left) : .chunkDataEnd
                if left > 0 { return nil }
            case .chunkDataEnd:
                guard try takeChunkEnd() else { return nil }
                state = .chunkSize
            case .trailerLines:
                guard let line = try nextSectionLine() else { return nil }
                if line.isEmpty { return finishRequest() }
                request.trailers.add(try parseLimitedField(line, count: request.trailers.count))
            }
        }
    }

    /// Decides the body framing once the head is complete; returns the request at once if it has no body.
    private mutating func finishHead() throws(HTTPParseError) -> HTTPRequest? {
        try checkHost(headers: request.headers, version: request.version)
        let framing = try HTTP1BodyFraming(
            headers: request.headers, version: request.version, maxBodySize: limits.maxBodySize)
        request.keepAlive = requestKeepsAlive(headers: request.headers, version: request.version)
        let expectation = request.headers["Expect"]?.lowercased()
        continueExpected = expectation == "100-continue" && request.version == HTTPVersion.http1_1 && framing != .none
        switch framing {
        case .none: return finishRequest()
        case .contentLength(let length): state = .fixedBody(remaining: length)
        case .chunked: state = .chunkSize
        }
        return nil
    }

    private mutating func finishRequest() -> HTTPRequest {
        let complete = request
        request = HTTPRequest(method: "", target: "")
        continueExpected = false
        if complete.keepAlive {
            state = .requestLine
        } else {
            state = .closed
            buffer = []
            start = 0
        }
        return complete
    }
}

extension HTTP1RequestParser {
    /// The next CRLF-terminated line without its CRLF, or nil if it has not fully arrived.
    ///
    /// - Parameter limit: the most bytes the line may have, CRLF included; beyond it `tooLong` is thrown.
    private mutating func nextLine(limit: Int, tooLong: HTTPParseError.Code) throws(HTTPParseError) -> Range<Int>? {
        let searchFrom = start + scannedLineBytes
        guard let lineFeed = buffer[searchFrom...].firstIndex(of: ASCII.lf) else {
            scannedLineBytes = buffer.count - start
            if scannedLineBytes >= limit {
                throw HTTPParseError(tooLong, "a line is longer than the limit of \(limit) bytes")
            }
            return nil
        }
        guard lineFeed + 1 - start <= limit else {
            throw HTTPParseError(tooLong, "a line is longer than the limit of \(limit) bytes")
        }
        guard lineFeed > start, buffer[lineFeed - 1] == ASCII.cr else {
            throw HTTPParseError(.invalidLineEnding, "a line ends in a bare LF instead of CRLF")
        }
        let line = start..<(lineFeed - 1)
        if buffer[line].contains(ASCII.cr) {
            throw HTTPParseError(.invalidLineEnding, "a line contains a bare CR")
        }
        start = lineFeed + 1
        scannedLineBytes = 0
        return line
    }

    /// The next line of a header or trailer section, counted against the section size limit.
    private mutating func nextSectionLine() throws(HTTPParseError) -> Range<Int>? {
        let remaining = limits.maxHeaderSectionSize - sectionBytes
        guard let line = try nextLine(limit: remaining, tooLong: .headerSectionTooLarge) else { return nil }
        sectionBytes += line.count + 2
        return line
    }

    private func parseLimitedField(_ line: Range<Int>, count: Int) throws(HTTPParseError) -> HTTPHeaders.Field {
        guard count < limits.maxHeaderCount else {
            throw HTTPParseError(.tooManyHeaders, "the request has more than \(limits.maxHeaderCount) fields")
        }
        return try parseFieldLine(buffer[line])
    }

    /// Moves up to `remaining` buffered bytes into the body; returns how many are still to come.
    private mutating func takeBody(upTo remaining: Int) -> Int {
        let count = min(remaining, buffer.count - start)
        request.body.append(contentsOf: buffer[start..<(start + count)])
        start += count
        return remaining - count
    }

    /// Consumes the CRLF after a chunk's data; false if it has not arrived yet.
    private mutating func takeChunkEnd() throws(HTTPParseError) -> Bool {
        let available = buffer.count - start
        if available >= 1 && buffer[start] != ASCII.cr || available >= 2 && buffer[start + 1] != ASCII.lf {
            throw HTTPParseError(.malformedChunk, "a chunk's data is not followed by CRLF")
        }
        guard available >= 2 else { return false }
        start += 2
        return true
    }
}

extension HTTPHeaders {
    mutating func add(_ field: Field) {
        add(name: field.name, value: field.value)
    }
}
