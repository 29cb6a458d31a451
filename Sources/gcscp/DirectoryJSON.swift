import Foundation
import Model

/// `gcscp directory show --json`: the held version for scripts, keys sorted.
enum DirectoryJSON {
    static func render(_ signed: SignedDirectoryVersion?) throws -> String {
        var object: [String: Any] = ["version": 0, "nodes": [Any]()]
        if let signed {
            object["version"] = signed.version.number
            object["hash"] = Hex.encode(signed.hash)
            object["issuedAtMilliseconds"] = signed.version.issuedAtMilliseconds
            object["nodes"] = signed.version.nodes.map(node)
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    private static func node(_ node: DirectoryNode) -> [String: Any] {
        [
            "id": node.id, "class": node.nodeClass.rawValue, "code": node.code.code, "revoked": node.isRevoked,
            "endpoints": node.endpoints.map(\.description), "tlsKeyHashes": node.tlsKeyHashes.map { Hex.encode($0) },
            "signingKeys": node.signingKeys.map { key -> [String: Any] in
                var entry: [String: Any] = ["keyID": key.keyID.description]
                if let after = key.revokedAfter {
                    entry["revokedAfter"] = [
                        "public": after[.public, default: 0], "members": after[.members, default: 0],
                    ]
                }
                return entry
            },
        ]
    }
}
