import COpenSSL
import Foundation

/// Why a certificate was revoked: the CRLReason codes of RFC 5280, section 5.3.1.
///
/// Only the permanent reasons are offered. `certificateHold` (reversible) and `removeFromCRL` (delta CRLs only)
/// have no place in an append-only revocation list; `aACompromise` concerns attribute certificates.
public enum RevocationReason: Int, CaseIterable, Sendable {
    /// No reason given; the CRL entry then carries no reason code, as RFC 5280 recommends.
    case unspecified = 0
    /// The certificate's private key is known or suspected to be exposed.
    case keyCompromise = 1
    /// The issuing CA's key is known or suspected to be exposed.
    case cACompromise = 2
    /// The subject's name or other information in the certificate changed.
    case affiliationChanged = 3
    /// A new certificate replaced this one.
    case superseded = 4
    /// The node no longer operates.
    case cessationOfOperation = 5
    /// The subject is no longer allowed what the certificate says.
    case privilegeWithdrawn = 9

    /// The RFC 5280 name, such as `keyCompromise`, used on the command line and in the revocation file.
    public var name: String {
        switch self {
        case .unspecified: "unspecified"
        case .keyCompromise: "keyCompromise"
        case .cACompromise: "cACompromise"
        case .affiliationChanged: "affiliationChanged"
        case .superseded: "superseded"
        case .cessationOfOperation: "cessationOfOperation"
        case .privilegeWithdrawn: "privilegeWithdrawn"
        }
    }

    /// The reason with this RFC 5280 name, or nil for a name this type does not offer.
    public init?(name: String) {
        guard let reason = RevocationReason.allCases.first(where: { $0.name == name }) else { return nil }
        self = reason
    }
}

/// One entry of a certificate revocation list.
public struct RevokedCertificate: Hashable, Sendable {
    /// The revoked certificate's serial number in upper-case hexadecimal, as `Certificate.serialNumber` gives it.
    public let serialNumber: String
    /// When the certificate was revoked (whole seconds).
    public let revocationDate: Date
    /// Why it was revoked.
    public let reason: RevocationReason

    /// Makes an entry; the serial number is written the way `Certificate.serialNumber` writes it.
    /// - Throws: `CryptoError` `.certificate` when the serial number is not 1 to 40 hexadecimal digits.
    public init(serialNumber: String, revocationDate: Date, reason: RevocationReason) throws {
        guard let normalised = normalisedSerialNumber(serialNumber) else {
            throw CryptoError(.certificate, "'\(serialNumber)' is not a serial number (1 to 40 hexadecimal digits)")
        }
        self.init(normalisedSerialNumber: normalised, revocationDate: revocationDate, reason: reason)
    }

    /// Makes an entry read from a CRL, whose serial number (from `BN_bn2hex`) is kept even when longer than
    /// RFC 5280 allows, so that no listed certificate is overlooked.
    init(normalisedSerialNumber serialNumber: String, revocationDate: Date, reason: RevocationReason) {
        self.serialNumber = serialNumber
        self.revocationDate = Date(timeIntervalSince1970: revocationDate.timeIntervalSince1970.rounded(.down))
        self.reason = reason
    }
}

/// A serial number in hexadecimal, rewritten as OpenSSL's `BN_bn2hex` writes it (upper case, whole bytes), or
/// nil when it is not 1 to 40 hexadecimal digits (RFC 5280 allows 20 octets).
func normalisedSerialNumber(_ hex: String) -> String? {
    let isHex = hex.utf8.allSatisfy { (48...57).contains($0) || (65...70).contains($0 & 0xdf) }
    guard (1...40).contains(hex.utf8.count), isHex else { return nil }
    var number: OpaquePointer?
    guard BN_hex2bn(&number, hex) == Int32(hex.utf8.count), let number else {
        _ = drainOpenSSLErrorQueue()
        return nil
    }
    defer { BN_free(number) }
    return hexadecimal(number)
}

/// A big number in upper-case hexadecimal.
func hexadecimal(_ number: OpaquePointer) -> String? {
    guard let text = BN_bn2hex(number) else { return nil }
    defer { copenssl_openssl_free(text) }
    return String(cString: text)
}
