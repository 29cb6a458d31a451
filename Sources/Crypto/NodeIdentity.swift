/// Who a node is in the federation: its class and its member or organisation code.
///
/// Carried in a node certificate as the URI subject alternative name `urn:gcscp:node:<class>:<code>`,
/// for example `urn:gcscp:node:member:KEN` or `urn:gcscp:node:custodian:UNODA`.
public struct NodeIdentity: Hashable, Sendable, CustomStringConvertible {
    /// The kinds of node in the federation.
    public enum NodeClass: String, Sendable, CaseIterable {
        /// A UN member state's node.
        case member
        /// The custodian (UNODA), which signs the directory.
        case custodian
        /// A regional organisation's mirror, such as the AU's.
        case regional
    }

    /// The node's class.
    public let nodeClass: NodeClass
    /// The member code (ISO 3166-1 alpha-3, like `KEN`) or organisation code (like `UNODA`, `AU`).
    public let code: String

    static let uriPrefix = "urn:gcscp:node:"

    /// Makes an identity after checking the code: 2 to 16 upper-case ASCII letters or digits.
    /// - Throws: `CryptoError` `.certificate` when the code has another shape.
    public init(_ nodeClass: NodeClass, code: String) throws {
        guard NodeIdentity.isValidCode(code) else {
            throw CryptoError(.certificate, "a node code must be 2 to 16 upper-case letters or digits, like KEN")
        }
        self.nodeClass = nodeClass
        self.code = code
    }

    /// Parses `urn:gcscp:node:<class>:<code>`, or returns nil for any other text.
    public init?(uri: String) {
        guard uri.hasPrefix(NodeIdentity.uriPrefix) else { return nil }
        let parts = uri.dropFirst(NodeIdentity.uriPrefix.count).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let nodeClass = NodeClass(rawValue: String(parts[0])),
            NodeIdentity.isValidCode(String(parts[1]))
        else { return nil }
        self.nodeClass = nodeClass
        self.code = String(parts[1])
    }

    /// The URI form, `urn:gcscp:node:<class>:<code>`.
    public var uri: String { "\(NodeIdentity.uriPrefix)\(nodeClass.rawValue):\(code)" }

    public var description: String { uri }

    static func isValidCode(_ code: String) -> Bool {
        (2...16).contains(code.utf8.count)
            && code.utf8.allSatisfy { (65...90).contains($0) || (48...57).contains($0) }
    }
}
