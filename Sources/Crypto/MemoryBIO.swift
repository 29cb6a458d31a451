import COpenSSL

/// An OpenSSL memory BIO, owned here, used to move PEM and DER text in and out of OpenSSL.
final class MemoryBIO {
    let bio: OpaquePointer

    /// Makes an empty BIO that OpenSSL writes into.
    init() throws {
        guard let bio = BIO_new(BIO_s_mem()) else {
            throw CryptoError.fromQueue(.encoding, "could not allocate a memory buffer")
        }
        self.bio = bio
    }

    /// Makes a BIO holding a copy of `bytes`, for OpenSSL to read from.
    convenience init(_ bytes: some Collection<UInt8>) throws {
        try self.init()
        let copy = Array(bytes)
        guard copy.isEmpty || BIO_write(bio, copy, Int32(copy.count)) == Int32(copy.count) else {
            throw CryptoError.fromQueue(.encoding, "could not fill a memory buffer")
        }
    }

    deinit { BIO_free(bio) }

    /// Everything written into the BIO and not yet read.
    func readAll() -> [UInt8] {
        let pending = Int(copenssl_bio_pending(bio))
        guard pending > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: pending)
        let read = BIO_read(bio, &bytes, Int32(pending))
        return Array(bytes.prefix(max(0, Int(read))))
    }

    /// Everything written into the BIO, as text (PEM is ASCII).
    func readString() -> String { String(decoding: readAll(), as: UTF8.self) }
}

/// Whether `text` looks like PEM at all, so errors can tell "not PEM" from "the wrong PEM".
func looksLikePEM(_ text: String) -> Bool { text.contains("-----BEGIN ") }

/// Refuses to prompt for a passphrase: keys here are never encrypted, and a library must not read the terminal.
func refusePassphrase(
    _ buffer: UnsafeMutablePointer<CChar>?, _ size: Int32, _ writing: Int32, _ userData: UnsafeMutableRawPointer?
) -> Int32 {
    -1
}

/// Encodes DER from an `i2d_*` function that writes through a moving pointer.
func derBytes(_ encode: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32) -> [UInt8]? {
    let length = encode(nil)
    guard length > 0 else { return nil }
    var bytes = [UInt8](repeating: 0, count: Int(length))
    let written = bytes.withUnsafeMutableBufferPointer { buffer -> Int32 in
        var cursor: UnsafeMutablePointer<UInt8>? = buffer.baseAddress
        return encode(&cursor)
    }
    return written == length ? bytes : nil
}

/// The text of a NUL-terminated C buffer filled by OpenSSL.
func string(fromNulTerminated buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
