import COpenSSL

/// Why a TLS connection failed: a readable reason for logs and a code to act on.
///
/// A rejected certificate or a missing protocol is an expected outcome of talking to the wrong peer, so the
/// handshake returns it as a result; `read` and `write` throw it when the peer aborts later.
public struct TLSFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is; new codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The peer's certificate did not verify against the trust anchors (expired, unknown issuer...).
        public static let certificateRejected = Code("certificate-rejected")
        /// A client certificate was required and the client sent none.
        public static let noPeerCertificate = Code("no-peer-certificate")
        /// Client and server share no ALPN protocol.
        public static let noCommonProtocol = Code("no-common-protocol")
        /// The peer aborted with a TLS alert (it rejected us).
        public static let alertReceived = Code("alert-received")
        /// The peer broke the protocol, or OpenSSL failed.
        public static let protocolError = Code("protocol-error")
        /// The connection was used in the wrong state (such as writing before the handshake completed).
        public static let misuse = Code("misuse")
    }

    /// The kind of failure.
    public let code: Code
    /// A readable reason, such as "certificate has expired" or "no ALPN protocol in common".
    public let reason: String
    /// The lines of OpenSSL's error queue at the time of the failure, oldest first.
    public let openSSLErrors: [String]

    public init(_ code: Code, _ reason: String, openSSLErrors: [String] = []) {
        self.code = code
        self.reason = reason
        self.openSSLErrors = openSSLErrors
    }

    public var description: String { "TLS \(code): \(reason)" }

    /// Reads the reason for a failed call on `ssl` from its verification result and the error queue,
    /// which it drains.
    static func diagnose(_ ssl: OpaquePointer) -> TLSFailure {
        let errors = drainOpenSSLErrors()
        let lines = errors.map(\.line)
        let verifyResult = SSL_get_verify_result(ssl)
        if verifyResult != Int(X509_V_OK) {
            let reason = X509_verify_cert_error_string(verifyResult).map { String(cString: $0) } ?? "unknown"
            return TLSFailure(.certificateRejected, reason, openSSLErrors: lines)
        }
        for (packed, _) in errors where ERR_GET_LIB(packed) == ERR_LIB_SSL {
            let reason = ERR_GET_REASON(packed)
            if reason == SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE {
                return TLSFailure(.noPeerCertificate, "peer did not return a certificate", openSSLErrors: lines)
            }
            let alert = reason - SSL_AD_REASON_OFFSET
            if reason == SSL_R_NO_APPLICATION_PROTOCOL || alert == SSL_AD_NO_APPLICATION_PROTOCOL {
                return TLSFailure(.noCommonProtocol, "no ALPN protocol in common", openSSLErrors: lines)
            }
            if (0..<256).contains(alert) {
                return TLSFailure(
                    .alertReceived, "peer sent alert: \(alertDescription(packed, alert))", openSSLErrors: lines)
            }
        }
        guard let first = errors.first, let text = ERR_reason_error_string(first.code) else {
            return TLSFailure(.protocolError, "the connection failed without an OpenSSL error", openSSLErrors: lines)
        }
        return TLSFailure(.protocolError, String(cString: text), openSSLErrors: lines)
    }

    /// The alert's name from OpenSSL's reason text ("tlsv13 alert certificate required" gives "certificate
    /// required"), which knows the TLS 1.3 alerts that `SSL_alert_desc_string_long` calls "unknown".
    private static func alertDescription(_ packed: UInt, _ alert: Int32) -> String {
        if let text = ERR_reason_error_string(packed).map({ String(cString: $0) }),
            let range = text.range(of: "alert ")
        {
            return String(text[range.upperBound...])
        }
        return String(cString: SSL_alert_desc_string_long(alert))
    }
}
