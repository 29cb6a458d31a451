/// Names of OpenPGP public-key algorithms and curves (RFC 9580 sections 9.1 and 9.2), for showing a key to people.
enum OpenPGPAlgorithms {
    static let names: [UInt8: String] = [
        1: "RSA", 2: "RSA (encrypt only)", 3: "RSA (sign only)", 16: "Elgamal", 17: "DSA", 18: "ECDH", 19: "ECDSA",
        22: "EdDSA", 25: "X25519", 26: "X448", 27: "Ed25519", 28: "Ed448",
    ]

    /// Curve OIDs (hexadecimal) to names.
    static let curves: [String: String] = [
        "2a8648ce3d030107": "NIST P-256", "2b81040022": "NIST P-384", "2b81040023": "NIST P-521",
        "2b06010401da470f01": "Ed25519", "2b060104019755010501": "Curve25519",
        "2b2403030208010107": "brainpoolP256r1", "2b240303020801010b": "brainpoolP384r1",
        "2b240303020801010d": "brainpoolP512r1",
    ]

    /// "RSA 3072", "EdDSA Ed25519", or the number when the algorithm is unknown.
    static func describe(algorithm: UInt8, material: ArraySlice<UInt8>) -> String {
        let name = names[algorithm] ?? "algorithm \(algorithm)"
        let bytes = Array(material)
        switch algorithm {
        case 1, 2, 3, 16, 17:
            // The first MPI starts with its length in bits: the modulus for RSA, the prime for DSA and Elgamal.
            guard bytes.count >= 2 else { return name }
            return "\(name) \(Int(bytes[0]) << 8 | Int(bytes[1]))"
        case 18, 19, 22:
            guard let length = bytes.first, length > 0, length < 0xFF, bytes.count > Int(length) else { return name }
            let oid = Hex.encode(bytes[1...Int(length)])
            return curves[oid].map { "\(name) \($0)" } ?? name
        default:
            return name
        }
    }
}
