import COpenSSL

/// Standard base64 (RFC 4648, with padding) through OpenSSL's block encoder, for the values this module writes.
enum Base64 {
    static func encode(_ bytes: [UInt8]) -> String {
        guard !bytes.isEmpty else { return "" }
        var output = [UInt8](repeating: 0, count: (bytes.count + 2) / 3 * 4 + 1)
        let written = EVP_EncodeBlock(&output, bytes, Int32(bytes.count))
        return String(decoding: output.prefix(Int(written)), as: UTF8.self)
    }

    /// Decodes padded base64, or returns nil when the text is not base64.
    static func decode(_ text: String) -> [UInt8]? {
        let input = Array(text.utf8)
        guard input.count % 4 == 0 else { return nil }
        guard !input.isEmpty else { return [] }
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=".utf8)
        guard input.allSatisfy({ alphabet.contains($0) }) else { return nil }
        var output = [UInt8](repeating: 0, count: input.count / 4 * 3)
        let written = EVP_DecodeBlock(&output, input, Int32(input.count))
        guard written >= 0 else { return nil }
        // EVP_DecodeBlock counts padding as zero bytes; drop them.
        let padding = input.reversed().prefix { $0 == UInt8(ascii: "=") }.count
        guard padding <= 2 else { return nil }
        return Array(output.prefix(Int(written) - padding))
    }
}
