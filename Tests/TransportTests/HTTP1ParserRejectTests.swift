import Testing

@testable import Transport

/// One malformed or over-limit request, the error it must produce and the status that error maps to.
struct RejectCase: CustomTestStringConvertible, Sendable {
    var name: String
    var text: String
    var limits = HTTP1Limits()
    var code: HTTPParseError.Code
    var status: Int

    var testDescription: String { name }
}

private let host = "Host: a\r\n"
private let small = HTTP1Limits(
    maxRequestLineLength: 32, maxHeaderSectionSize: 64, maxHeaderCount: 3, maxBodySize: 8, maxChunkLineLength: 16)

private let rejectCases: [RejectCase] = [
    RejectCase(
        name: "request line too long", text: "GET /\(String(repeating: "x", count: 40)) HTTP/1.1\r\n\(host)\r\n",
        limits: small, code: .requestLineTooLong, status: 414),
    RejectCase(
        name: "request line too long before its end arrives", text: "GET /\(String(repeating: "x", count: 40))",
        limits: small, code: .requestLineTooLong, status: 414),
    RejectCase(
        name: "header section too large",
        text: "GET / HTTP/1.1\r\n\(host)X-Big: \(String(repeating: "y", count: 60))\r\n\r\n",
        limits: small, code: .headerSectionTooLarge, status: 431),
    RejectCase(
        name: "header section too large before it ends",
        text: "GET / HTTP/1.1\r\nX-Big: \(String(repeating: "y", count: 70))",
        limits: small, code: .headerSectionTooLarge, status: 431),
    RejectCase(
        name: "too many headers", text: "GET / HTTP/1.1\r\n\(host)A: 1\r\nB: 2\r\nC: 3\r\n\r\n",
        limits: small, code: .tooManyHeaders, status: 431),
    RejectCase(
        name: "body too large by Content-Length", text: "POST / HTTP/1.1\r\n\(host)Content-Length: 9\r\n\r\n",
        limits: small, code: .bodyTooLarge, status: 413),
    RejectCase(
        name: "body too large when chunked",
        text: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n4\r\nabcd\r\n0\r\n\r\n",
        limits: small, code: .bodyTooLarge, status: 413),
    RejectCase(
        name: "Content-Length too big for an integer",
        text: "POST / HTTP/1.1\r\n\(host)Content-Length: 99999999999999999999999\r\n\r\n", code: .bodyTooLarge,
        status: 413),
    RejectCase(
        name: "Content-Length with Transfer-Encoding",
        text: "POST / HTTP/1.1\r\n\(host)Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        code: .contentLengthWithTransferEncoding, status: 400),
    RejectCase(
        name: "conflicting Content-Length fields",
        text: "POST / HTTP/1.1\r\n\(host)Content-Length: 4\r\nContent-Length: 5\r\n\r\nabcde",
        code: .conflictingContentLength, status: 400),
    RejectCase(
        name: "conflicting Content-Length list", text: "POST / HTTP/1.1\r\n\(host)Content-Length: 4, 5\r\n\r\nabcde",
        code: .conflictingContentLength, status: 400),
    RejectCase(
        name: "signed Content-Length", text: "POST / HTTP/1.1\r\n\(host)Content-Length: +4\r\n\r\nabcd",
        code: .invalidContentLength, status: 400),
    RejectCase(
        name: "empty Content-Length", text: "POST / HTTP/1.1\r\n\(host)Content-Length:\r\n\r\n",
        code: .invalidContentLength, status: 400),
    RejectCase(
        name: "chunk size not hexadecimal",
        text: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\nxyz\r\nabc\r\n0\r\n\r\n",
        code: .malformedChunk, status: 400),
    RejectCase(
        name: "chunk size with junk after it",
        text: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n3 junk\r\nabc\r\n0\r\n\r\n",
        code: .malformedChunk, status: 400),
    RejectCase(
        name: "chunk size with too many digits",
        text: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n00000000000000001\r\na\r\n0\r\n\r\n",
        limits: HTTP1Limits(maxChunkLineLength: 64), code: .malformedChunk, status: 400),
    RejectCase(
        name: "chunk line too long",
        text: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n1;\(String(repeating: "e", count: 20))\r\n",
        limits: small, code: .malformedChunk, status: 400),
    RejectCase(
        name: "chunk data longer than its size",
        text: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
        code: .malformedChunk, status: 400),
    RejectCase(
        name: "unsupported transfer coding", text: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: gzip, chunked\r\n\r\n",
        code: .unsupportedTransferCoding, status: 501),
    RejectCase(
        name: "chunked twice", text: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked, chunked\r\n\r\n",
        code: .invalidTransferEncoding, status: 400),
    RejectCase(
        name: "Transfer-Encoding in HTTP/1.0", text: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        code: .invalidTransferEncoding, status: 400),
    RejectCase(
        name: "method not a token", text: "G(T / HTTP/1.1\r\n\(host)\r\n", code: .invalidMethod, status: 400),
    RejectCase(name: "empty method", text: " / HTTP/1.1\r\n\(host)\r\n", code: .invalidMethod, status: 400),
    RejectCase(
        name: "malformed version", text: "GET / HTTP/one\r\n\(host)\r\n", code: .invalidVersion, status: 400),
    RejectCase(name: "lowercase version", text: "GET / http/1.1\r\n\(host)\r\n", code: .invalidVersion, status: 400),
    RejectCase(
        name: "HTTP/2 on an HTTP/1 connection", text: "GET / HTTP/2.0\r\n\(host)\r\n", code: .unsupportedVersion,
        status: 505),
    RejectCase(name: "HTTP/0.9 request line", text: "GET /\r\n\r\n", code: .malformedRequestLine, status: 400),
    RejectCase(
        name: "two spaces in request line", text: "GET  / HTTP/1.1\r\n\(host)\r\n", code: .invalidTarget, status: 400),
    RejectCase(
        name: "target with a control byte", text: "GET /a\u{7F}b HTTP/1.1\r\n\(host)\r\n", code: .invalidTarget,
        status: 400),
    RejectCase(
        name: "obsolete line folding", text: "GET / HTTP/1.1\r\n\(host)X-A: one\r\n two\r\n\r\n",
        code: .obsoleteLineFolding, status: 400),
    RejectCase(
        name: "whitespace before colon", text: "GET / HTTP/1.1\r\n\(host)X-A : one\r\n\r\n", code: .malformedHeader,
        status: 400),
    RejectCase(
        name: "header without colon", text: "GET / HTTP/1.1\r\n\(host)X-A one\r\n\r\n", code: .malformedHeader,
        status: 400),
    RejectCase(
        name: "NUL in header value", text: "GET / HTTP/1.1\r\n\(host)X-A: o\u{0}e\r\n\r\n", code: .malformedHeader,
        status: 400),
    RejectCase(
        name: "bare LF line ending", text: "GET / HTTP/1.1\n\(host)\r\n", code: .invalidLineEnding, status: 400),
    RejectCase(
        name: "bare CR inside a header", text: "GET / HTTP/1.1\r\n\(host)X-A: a\rb\r\n\r\n", code: .invalidLineEnding,
        status: 400),
    RejectCase(name: "missing Host in HTTP/1.1", text: "GET / HTTP/1.1\r\n\r\n", code: .invalidHost, status: 400),
    RejectCase(
        name: "two Host fields", text: "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", code: .invalidHost, status: 400),
    RejectCase(
        name: "too many trailers",
        text: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n0\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n",
        limits: small, code: .tooManyHeaders, status: 431),
]

@Suite("HTTP/1.1 request parser: requests it refuses")
struct HTTP1ParserRejectTests {
    @Test(arguments: rejectCases)
    func refuses(_ rejectCase: RejectCase) {
        let outcome = parseBothWays(rejectCase.text, limits: rejectCase.limits)
        #expect(outcome.requests.isEmpty)
        #expect(outcome.error?.code == rejectCase.code)
        #expect(outcome.error?.status.code == rejectCase.status)
        #expect(outcome.error?.closesConnection == true)
    }

    @Test func staysFailedAndIgnoresLaterInput() throws {
        var parser = HTTP1RequestParser()
        parser.feed(Array("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n".utf8))
        #expect(throws: HTTPParseError.self) { try parser.next() }
        parser.feed(Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        let again = #expect(throws: HTTPParseError.self) { try parser.next() }
        #expect(again?.code == .invalidContentLength)
        #expect(parser.phase == .failed)
        #expect(parser.bufferedByteCount == 0)
    }

    @Test func answersEarlierPipelinedRequestsBeforeTheBadOne() {
        let outcome = parseBothWays("GET /ok HTTP/1.1\r\nHost: a\r\n\r\nGET /bad HTTP/9.9\r\nHost: a\r\n\r\n")
        #expect(outcome.requests.map(\.target) == ["/ok"])
        #expect(outcome.error?.code == .unsupportedVersion)
    }
}
