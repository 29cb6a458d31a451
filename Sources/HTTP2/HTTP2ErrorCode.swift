/// An HTTP/2 error code as carried by RST_STREAM and GOAWAY frames (RFC 9113 section 7).
///
/// A struct rather than an enum because peers may send codes this list does not name.
public struct HTTP2ErrorCode: Hashable, Sendable, CustomStringConvertible {
    /// The 32-bit value on the wire.
    public let rawValue: UInt32
    /// Wraps a wire value.
    public init(_ rawValue: UInt32) { self.rawValue = rawValue }

    /// Graceful shutdown or a stream ended without error.
    public static let noError = HTTP2ErrorCode(0x0)
    /// The peer broke the protocol.
    public static let protocolError = HTTP2ErrorCode(0x1)
    /// An unexpected internal failure, also used by nghttp2 when a peer resets streams too fast.
    public static let internalError = HTTP2ErrorCode(0x2)
    /// The peer broke flow control.
    public static let flowControlError = HTTP2ErrorCode(0x3)
    /// SETTINGS were not acknowledged in time.
    public static let settingsTimeout = HTTP2ErrorCode(0x4)
    /// A frame arrived on a half-closed stream.
    public static let streamClosed = HTTP2ErrorCode(0x5)
    /// A frame had an invalid size.
    public static let frameSizeError = HTTP2ErrorCode(0x6)
    /// The stream was not processed; the request may be retried.
    public static let refusedStream = HTTP2ErrorCode(0x7)
    /// The stream is no longer needed.
    public static let cancel = HTTP2ErrorCode(0x8)
    /// The header compression context broke.
    public static let compressionError = HTTP2ErrorCode(0x9)
    /// A CONNECT tunnel failed.
    public static let connectError = HTTP2ErrorCode(0xa)
    /// The peer is generating excessive load.
    public static let enhanceYourCalm = HTTP2ErrorCode(0xb)
    /// The transport does not meet minimum security requirements.
    public static let inadequateSecurity = HTTP2ErrorCode(0xc)
    /// The request must be retried over HTTP/1.1.
    public static let http11Required = HTTP2ErrorCode(0xd)

    private static let names: [UInt32: String] = [
        0x0: "NO_ERROR", 0x1: "PROTOCOL_ERROR", 0x2: "INTERNAL_ERROR", 0x3: "FLOW_CONTROL_ERROR",
        0x4: "SETTINGS_TIMEOUT", 0x5: "STREAM_CLOSED", 0x6: "FRAME_SIZE_ERROR", 0x7: "REFUSED_STREAM",
        0x8: "CANCEL", 0x9: "COMPRESSION_ERROR", 0xa: "CONNECT_ERROR", 0xb: "ENHANCE_YOUR_CALM",
        0xc: "INADEQUATE_SECURITY", 0xd: "HTTP_1_1_REQUIRED",
    ]

    /// The RFC name, such as `REFUSED_STREAM`, or the hexadecimal value for an unknown code.
    public var description: String {
        Self.names[rawValue] ?? "0x" + String(rawValue, radix: 16)
    }
}
