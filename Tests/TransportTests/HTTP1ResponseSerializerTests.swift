import Testing

@testable import Transport

@Suite("HTTP/1.1 response serializer")
struct HTTP1ResponseSerializerTests {
    private let date = "Thu, 03 Dec 2026 13:45:59 GMT"

    @Test func writesStatusHeadersLengthDateAndBody() {
        let response = HTTPResponse(status: .ok, headers: HTTPHeaders([("X-Id", "7")]), body: Array("hi".utf8))
        let bytes = HTTP1ResponseSerializer.serialize(response, keepAlive: true, date: date)
        let expected = "HTTP/1.1 200 OK\r\nX-Id: 7\r\nDate: \(date)\r\nContent-Length: 2\r\n\r\nhi"
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }

    @Test func saysCloseWhenClosingAndKeepAliveToHTTP10() {
        let response = HTTPResponse(status: .notFound)
        let closing = HTTP1ResponseSerializer.serialize(response, keepAlive: false, date: date)
        #expect(String(decoding: closing, as: UTF8.self).contains("\r\nConnection: close\r\n"))
        let kept = HTTP1ResponseSerializer.serialize(response, requestVersion: .http1_0, keepAlive: true, date: date)
        #expect(String(decoding: kept, as: UTF8.self).contains("\r\nConnection: keep-alive\r\n"))
        let plain = HTTP1ResponseSerializer.serialize(response, keepAlive: true, date: date)
        #expect(!String(decoding: plain, as: UTF8.self).contains("Connection"))
    }

    @Test func replacesFramingFieldsAHandlerSet() {
        let headers = HTTPHeaders([("content-length", "999"), ("Transfer-Encoding", "chunked"), ("Connection", "x")])
        let response = HTTPResponse(status: .ok, headers: headers, body: Array("abc".utf8))
        let text = String(
            decoding: HTTP1ResponseSerializer.serialize(response, keepAlive: true, date: date), as: UTF8.self)
        #expect(text == "HTTP/1.1 200 OK\r\nDate: \(date)\r\nContent-Length: 3\r\n\r\nabc")
    }

    @Test func sendsNoBodyForHeadOrNoContent() {
        let response = HTTPResponse(status: .ok, body: Array("abc".utf8))
        let head = HTTP1ResponseSerializer.serialize(response, keepAlive: true, headRequest: true, date: date)
        #expect(String(decoding: head, as: UTF8.self).hasSuffix("Content-Length: 3\r\n\r\n"))
        let none = HTTP1ResponseSerializer.serialize(HTTPResponse(status: .noContent), keepAlive: true, date: date)
        #expect(String(decoding: none, as: UTF8.self) == "HTTP/1.1 204 No Content\r\nDate: \(date)\r\n\r\n")
    }

    @Test func neutralisesLineBreaksInValues() {
        let response = HTTPResponse(status: .ok, headers: HTTPHeaders([("X-A", "a\r\nSet-Cookie: b")]))
        let text = String(
            decoding: HTTP1ResponseSerializer.serialize(response, keepAlive: true, date: date), as: UTF8.self)
        #expect(text.contains("X-A: a  Set-Cookie: b\r\n") || text.contains("X-A: a Set-Cookie: b\r\n"))
        #expect(!text.contains("\r\nSet-Cookie"))
    }

    @Test func formatsIMFFixdate() {
        #expect(HTTPDate.format(secondsSince1970: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(secondsSince1970: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
    }
}
