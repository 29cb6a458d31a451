import Testing

@testable import Transport

@Suite("HTTP/1.1 request parser: requests it accepts")
struct HTTP1ParserAcceptTests {
    @Test func parsesRequestLineAndHeaders() throws {
        let outcome = parseBothWays(
            "GET /records?since=5 HTTP/1.1\r\nHost: node.example\r\nAccept:  text/html \r\n\r\n")
        #expect(outcome.error == nil)
        let request = try #require(outcome.requests.first)
        #expect(request.method == "GET")
        #expect(request.target == "/records?since=5")
        #expect(request.path == "/records")
        #expect(request.query == "since=5")
        #expect(request.version == .http1_1)
        #expect(request.headers["accept"] == "text/html")
        #expect(request.headers["HOST"] == "node.example")
        #expect(request.body.isEmpty)
        #expect(request.keepAlive)
    }

    @Test func keepsRepeatedHeadersInOrder() throws {
        let outcome = parseBothWays("GET / HTTP/1.1\r\nHost: a\r\nX-Tag: one\r\nx-tag: two\r\n\r\n")
        let request = try #require(outcome.requests.first)
        #expect(request.headers.values(for: "X-TAG") == ["one", "two"])
        #expect(request.headers.count == 3)
    }

    @Test func readsContentLengthBody() throws {
        let outcome = parseBothWays("POST /r HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world")
        let request = try #require(outcome.requests.first)
        #expect(String(decoding: request.body, as: UTF8.self) == "hello world")
    }

    @Test func acceptsRepeatedIdenticalContentLength() throws {
        let outcome = parseBothWays(
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\nContent-Length: 3\r\n\r\nabc")
        #expect(outcome.error == nil)
        #expect(outcome.requests.first?.body == Array("abc".utf8))
    }

    @Test func decodesChunkedBodyIgnoringExtensionsAndKeepingTrailers() throws {
        let text =
            "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n6 ; another\r\n world\r\nA\r\n0123456789\r\n0\r\nDigest: abc\r\n\r\n"
        let outcome = parseBothWays(text)
        #expect(outcome.error == nil)
        let request = try #require(outcome.requests.first)
        #expect(String(decoding: request.body, as: UTF8.self) == "hello world0123456789")
        #expect(request.trailers["digest"] == "abc")
    }

    @Test func answersPipelinedRequestsInOrder() {
        let text =
            "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
            + "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi"
            + "POST /3 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nyo\r\n0\r\n\r\n"
            + "GET /4 HTTP/1.1\r\nHost: a\r\n\r\n"
        let outcome = parseBothWays(text)
        #expect(outcome.error == nil)
        #expect(outcome.requests.map(\.target) == ["/1", "/2", "/3", "/4"])
        #expect(outcome.requests.map { String(decoding: $0.body, as: UTF8.self) } == ["", "hi", "yo", ""])
    }

    @Test func ignoresEmptyLinesBeforeARequest() {
        let outcome = parseBothWays("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(outcome.requests.count == 1)
    }

    @Test func http11KeepsAliveUnlessConnectionClose() {
        #expect(parseWhole("GET / HTTP/1.1\r\nHost: a\r\n\r\n").requests.first?.keepAlive == true)
        #expect(parseWhole("GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n").requests.first?.keepAlive == false)
        let listed = parseWhole("GET / HTTP/1.1\r\nHost: a\r\nConnection: te, close\r\n\r\n")
        #expect(listed.requests.first?.keepAlive == false)
    }

    @Test func http10ClosesUnlessKeepAlive() {
        #expect(parseWhole("GET / HTTP/1.0\r\n\r\n").requests.first?.keepAlive == false)
        let kept = parseWhole("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(kept.requests.first?.keepAlive == true)
        #expect(kept.requests.first?.version == .http1_0)
    }

    @Test func ignoresBytesAfterARequestThatCloses() {
        let outcome = parseWhole(
            "GET /a HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(outcome.requests.map(\.target) == ["/a"])
        #expect(outcome.error == nil)
    }

    @Test func servesHigherHTTP1MinorVersionsAsHTTP11() {
        #expect(parseWhole("GET / HTTP/1.7\r\nHost: a\r\n\r\n").requests.first?.version == .http1_1)
    }

    @Test func reportsPhasesForTimeouts() throws {
        var parser = HTTP1RequestParser()
        #expect(parser.phase == .idle)
        parser.feed(Array("GET / HT".utf8))
        #expect(try parser.next() == nil)
        #expect(parser.phase == .head)
        parser.feed(Array("TP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nab".utf8))
        #expect(try parser.next() == nil)
        #expect(parser.phase == .body)
        parser.feed(Array("cd".utf8))
        #expect(try parser.next()?.body == Array("abcd".utf8))
        #expect(parser.phase == .idle)
    }

    @Test func asksForContinueOnceWhenTheBodyIsExpected() throws {
        var parser = HTTP1RequestParser()
        parser.feed(Array("PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))
        #expect(try parser.next() == nil)
        let first = parser.takeContinueExpectation()
        let second = parser.takeContinueExpectation()
        #expect(first)
        #expect(!second)
        parser.feed(Array("ok".utf8))
        #expect(try parser.next()?.body == Array("ok".utf8))
    }

    @Test func acceptsLimitsExactlyAtTheirBound() {
        let line = "GET /\(String(repeating: "a", count: 10)) HTTP/1.1\r\n"
        let limits = HTTP1Limits(
            maxRequestLineLength: line.utf8.count, maxHeaderSectionSize: "Host: a\r\n\r\n".utf8.count,
            maxHeaderCount: 1, maxBodySize: 3)
        let outcome = parseBothWays(line + "Host: a\r\n\r\n", limits: limits)
        #expect(outcome.error == nil)
        #expect(outcome.requests.count == 1)
        let body = parseBothWays(
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc", limits: HTTP1Limits(maxBodySize: 3))
        #expect(body.requests.first?.body.count == 3)
    }
}
