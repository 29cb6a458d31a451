import Crypto
import Foundation
import Testing

/// Hostile clients over TLS against a served node: each is answered or cut off, and the node keeps serving.
@Suite struct HostileClientTests {
    @Test func garbageAfterTheHandshakeIsCutOffWhileOthersAreServed() throws {
        let federation = try TestFederation()
        let kenya = try federation.addNode("member", "KEN")
        let server = try ServingNode(kenya)
        let port = Int(server.portalURL.split(separator: ":").last!.filter(\.isNumber))!
        let root = try Certificate(pemRepresentation: try String(contentsOfFile: federation.rootPath, encoding: .utf8))
        var random = SystemRandomNumberGenerator()
        let garbage = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &random) }

        for alpn in [["http/1.1"], ["h2"]] {
            let client = try RawTLSClient(port: port, root: root, alpn: alpn)
            #expect(client.alpnProtocol == alpn[0])
            try client.send(garbage)
            let answer = client.readUntilClosed(timeout: 15)
            #expect(answer.closed, "\(alpn[0]): the connection stayed open after garbage")
            if alpn == ["http/1.1"] {
                #expect(String(decoding: answer.bytes.prefix(12), as: UTF8.self) == "HTTP/1.1 400")
            } else {
                // A GOAWAY frame (type 7) with PROTOCOL_ERROR (1), after the server's SETTINGS.
                #expect(frames(answer.bytes).contains { $0.type == 7 && $0.errorCode == 1 }, "\(answer.bytes.count)")
            }
            let other = try Client.curl(["--cacert", federation.rootPath, server.portalURL + "healthz"])
            #expect(other.output == "{\"status\":\"ok\"}")
        }
        #expect(server.stop() == 0)
    }

    @Test func aFloodOfHTTP2StreamsBeyondTheLimitIsRefusedWhileOthersAreServed() throws {
        let federation = try TestFederation()
        let kenya = try federation.addNode("member", "KEN")
        let server = try ServingNode(kenya)
        let port = Int(server.portalURL.split(separator: ":").last!.filter(\.isNumber))!
        let root = try Certificate(pemRepresentation: try String(contentsOfFile: federation.rootPath, encoding: .utf8))
        let client = try RawTLSClient(port: port, root: root, alpn: ["h2"])

        // The preface, empty SETTINGS, then 300 GET requests at once, ignoring the server's stream limit (100).
        var bytes = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8) + [0, 0, 0, 4, 0, 0, 0, 0, 0]
        let block: [UInt8] = [0x82, 0x87, 0x84, 0x01, 0x09] + Array("localhost".utf8)
        for index in 0..<300 {
            let stream = UInt32(2 * index + 1)
            bytes += [0, 0, UInt8(block.count), 1, 0x05]
            bytes += [
                UInt8(stream >> 24), UInt8(truncatingIfNeeded: stream >> 16),
                UInt8(truncatingIfNeeded: stream >> 8), UInt8(truncatingIfNeeded: stream),
            ]
            bytes += block
        }
        try client.send(bytes)
        let answer = client.readUntilClosed(timeout: 5)
        let received = frames(answer.bytes)
        let refused = received.filter { $0.type == 3 && $0.errorCode == 7 }.count
        let goAway = received.contains { $0.type == 7 }
        #expect(refused >= 200 || goAway, "refused \(refused) streams, GOAWAY \(goAway)")

        let other = try Client.curl(["--http2", "--cacert", federation.rootPath, server.portalURL + "healthz"])
        #expect(other.output == "{\"status\":\"ok\"}")
        #expect(server.stop() == 0)
    }
}

/// The frames in a byte stream from an HTTP/2 server: type, and for RST_STREAM and GOAWAY the error code.
private func frames(_ bytes: [UInt8]) -> [(type: UInt8, errorCode: UInt32?)] {
    var result: [(UInt8, UInt32?)] = []
    var offset = 0
    while offset + 9 <= bytes.count {
        let length = Int(bytes[offset]) << 16 | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2])
        let type = bytes[offset + 3]
        let payload = offset + 9
        guard payload + length <= bytes.count else { break }
        func word(_ at: Int) -> UInt32 { bytes[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) } }
        let code: UInt32? =
            type == 3 && length == 4 ? word(payload) : type == 7 && length >= 8 ? word(payload + 4) : nil
        result.append((type, code))
        offset = payload + length
    }
    return result
}
