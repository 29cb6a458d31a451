import Crypto
import Foundation
import Testing

@Suite struct TLSConnectionTests {
    let federation: TestFederation
    let kenya: TestFederation.Node
    let unoda: TestFederation.Node

    init() throws {
        federation = try TestFederation()
        kenya = try federation.node(.member, "KEN")
        unoda = try federation.node(.custodian, "UNODA")
    }

    private func federationServer(_ node: TestFederation.Node) -> TLSConfiguration {
        .federationServer(
            certificateChain: node.chain, privateKey: node.key, trustAnchors: [federation.root.certificate])
    }

    private func federationClient(_ node: TestFederation.Node?) -> TLSConfiguration {
        TLSConfiguration(
            role: .client, certificateChain: node?.chain ?? [], privateKey: node?.key,
            trustAnchors: [federation.root.certificate], alpnProtocols: ["h2"])
    }

    @Test func twoNodesOfOneFederationShakeHandsAndKnowEachOther() throws {
        let pair = try TLSPair(client: federationClient(unoda), server: federationServer(kenya))
        let progress = pair.handshake()
        #expect(progress.client == .complete)
        #expect(progress.server == .complete)
        #expect(pair.server.peerIdentity == (try NodeIdentity(.custodian, code: "UNODA")))
        #expect(pair.client.peerIdentity == (try NodeIdentity(.member, code: "KEN")))
        #expect(pair.server.alpnProtocol == "h2")
        #expect(pair.client.alpnProtocol == "h2")
        #expect(pair.server.peerCertificate?.publicKeyHash == unoda.key.publicKeyHash)
        #expect(pair.client.peerCertificate?.fingerprint == kenya.certificate.fingerprint)
    }

    @Test func applicationDataRoundTripsBothWaysUpToOneMebibyte() throws {
        let pair = try TLSPair(client: federationClient(unoda), server: federationServer(kenya))
        #expect(pair.handshake() == (.complete, .complete))
        let request = Array("GET /sync HTTP/1.1\r\n\r\n".utf8)
        #expect(try pair.send(request, from: pair.client, to: pair.server) == request)
        let large = try SecureRandom.bytes(1 << 20)
        #expect(try pair.send(large, from: pair.server, to: pair.client) == large)
        #expect(try pair.send(large, from: pair.client, to: pair.server) == large)
        #expect(try pair.server.read().isEmpty)
    }

    @Test func aClientWithoutCertificateIsRefusedWhereOneIsRequired() throws {
        let pair = try TLSPair(client: federationClient(nil), server: federationServer(kenya))
        let progress = pair.handshake()
        #expect(progress.server.failure?.code == .noPeerCertificate)
        #expect(progress.server.failure?.reason == "peer did not return a certificate")
        // In TLS 1.3 the client has finished its side before the server judges its certificate.
        #expect(progress.client == .complete)
        let clientError = #expect(throws: TLSFailure.self) { try pair.client.read() }
        #expect(clientError?.code == .alertReceived)
        #expect(clientError?.reason == "peer sent alert: certificate required")
        #expect(throws: TLSFailure.self) { try pair.client.write([1, 2, 3]) }
    }

    @Test func aCertificateFromAnotherFederationIsRefused() throws {
        let other = try TestFederation(name: "Rogue federation")
        let rogue = try other.node(.member, "KEN")
        let pair = try TLSPair(client: federationClient(rogue), server: federationServer(kenya))
        let failure = pair.handshake().server.failure
        #expect(failure?.code == .certificateRejected)
        #expect(failure?.reason == "unable to get local issuer certificate")
        #expect(pair.server.peerCertificate == nil)
        #expect(pair.server.peerIdentity == nil)
        let clientError = #expect(throws: TLSFailure.self) { try pair.client.read() }
        #expect(clientError?.reason == "peer sent alert: unknown ca")
    }

    @Test func anExpiredCertificateIsRefusedByEitherSide() throws {
        let expired = try federation.node(.member, "FRA", validFrom: Date() - 3 * 86_400, lifetime: 86_400)
        let clientSide = try TLSPair(client: federationClient(expired), server: federationServer(kenya))
        let serverFailure = clientSide.handshake().server.failure
        #expect(serverFailure?.code == .certificateRejected)
        #expect(serverFailure?.reason == "certificate has expired")

        let serverSide = try TLSPair(client: federationClient(kenya), server: federationServer(expired))
        let progress = serverSide.handshake()
        #expect(progress.client.failure?.reason == "certificate has expired")
        #expect(progress.server.failure?.code == .alertReceived)
        #expect(progress.server.failure?.reason == "peer sent alert: certificate expired")
    }

    @Test func aClientOfferingOnlyHTTP1IsRefusedByTheFederationPort() throws {
        var client = federationClient(unoda)
        client.alpnProtocols = ["http/1.1"]
        let pair = try TLSPair(client: client, server: federationServer(kenya))
        let progress = pair.handshake()
        #expect(progress.server.failure?.code == .noCommonProtocol)
        #expect(progress.server.failure?.reason == "no ALPN protocol in common")
        #expect(progress.client.failure?.reason == "no ALPN protocol in common")
    }

    @Test func aClientOfferingNoALPNGetsNoProtocolOnTheFederationPort() throws {
        // The HTTP layer then insists on HTTP/2 from the first byte; TLS scanners that send no ALPN can connect.
        var client = federationClient(unoda)
        client.alpnProtocols = []
        let pair = try TLSPair(client: client, server: federationServer(kenya))
        let progress = pair.handshake()
        #expect(progress.server.failure == nil)
        #expect(pair.server.alpnProtocol == nil)
    }

    @Test func aServerThatRequiresALPNRefusesAClientOfferingNone() throws {
        var client = federationClient(unoda)
        client.alpnProtocols = []
        var server = federationServer(kenya)
        server.requiresALPN = true
        let pair = try TLSPair(client: client, server: server)
        let progress = pair.handshake()
        #expect(progress.server.failure?.code == .noCommonProtocol)
        #expect(progress.server.failure?.reason == "no ALPN protocol in common (the client offered none)")
        #expect(progress.client.failure?.code == .noCommonProtocol)
    }

    @Test func eachRefusalHasItsOwnReason() throws {
        let other = try TestFederation(name: "Rogue federation")
        let expired = try federation.node(.member, "FRA", validFrom: Date() - 3 * 86_400, lifetime: 86_400)
        var http1 = federationClient(unoda)
        http1.alpnProtocols = ["http/1.1"]
        let clients = [
            federationClient(nil), federationClient(try other.node(.member, "KEN")), federationClient(expired), http1,
        ]
        var reasons: Set<String> = []
        for client in clients {
            let failure = try TLSPair(client: client, server: federationServer(kenya)).handshake().server.failure
            #expect(failure != nil)
            reasons.insert(failure?.reason ?? "")
        }
        #expect(reasons.count == 4)
    }

    @Test func thePortalPicksByItsOwnPreferenceAndLetsAnonymousClientsIn() throws {
        let portal = TLSConfiguration.portalServer(
            certificateChain: kenya.chain, privateKey: kenya.key, trustAnchors: [federation.root.certificate])
        var browser = federationClient(nil)
        browser.alpnProtocols = ["http/1.1", "h2"]
        let both = try TLSPair(client: browser, server: portal)
        #expect(both.handshake() == (.complete, .complete))
        #expect(both.server.alpnProtocol == "h2")
        #expect(both.server.peerCertificate == nil)

        browser.alpnProtocols = ["http/1.1"]
        let http1 = try TLSPair(client: browser, server: portal)
        #expect(http1.handshake() == (.complete, .complete))
        #expect(http1.client.alpnProtocol == "http/1.1")

        browser.alpnProtocols = []
        let noALPN = try TLSPair(client: browser, server: portal)
        #expect(noALPN.handshake() == (.complete, .complete))
        #expect(noALPN.server.alpnProtocol == nil)

        let peer = try TLSPair(client: federationClient(unoda), server: portal)
        #expect(peer.handshake() == (.complete, .complete))
        #expect(peer.server.peerIdentity?.code == "UNODA")
    }

    @Test func closeNotifyReachesThePeer() throws {
        let pair = try TLSPair(client: federationClient(unoda), server: federationServer(kenya))
        #expect(pair.handshake() == (.complete, .complete))
        try pair.client.write(Array("last".utf8))
        pair.client.shutdown()
        pair.server.feed(pair.client.drainOutgoing())
        #expect(try pair.server.read() == Array("last".utf8))
        #expect(pair.server.isClosedByPeer)
    }

    @Test func misuseAndIncompleteConfigurationsAreRefused() throws {
        let connection = try TLSConnection(context: try TLSContext(configuration: federationClient(unoda)))
        let early = #expect(throws: TLSFailure.self) { try connection.write([1]) }
        #expect(early?.code == .misuse)
        let noCertificate = TLSConfiguration(
            role: .server, certificateChain: [], privateKey: nil, trustAnchors: [], alpnProtocols: ["h2"])
        #expect(throws: CryptoError.self) { try TLSContext(configuration: noCertificate) }
        let noAnchors = TLSConfiguration(
            role: .client, certificateChain: [], privateKey: nil, trustAnchors: [], alpnProtocols: ["h2"])
        #expect(throws: CryptoError.self) { try TLSContext(configuration: noAnchors) }
        let mismatch = TLSConfiguration.federationServer(
            certificateChain: kenya.chain, privateKey: unoda.key, trustAnchors: [federation.root.certificate])
        let error = #expect(throws: CryptoError.self) { try TLSContext(configuration: mismatch) }
        #expect(error?.message == "the private key does not belong to the certificate")
    }

    @Test func garbageFromThePeerFailsTheHandshake() throws {
        let server = try TLSConnection(context: try TLSContext(configuration: federationServer(kenya)))
        server.feed(Array("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8))
        let failure = server.handshake().failure
        #expect(failure?.code == .protocolError)
        #expect(failure?.reason.isEmpty == false)
    }
}
