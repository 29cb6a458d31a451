/// Bounds on what one HTTP/1.1 request may make the server buffer.
///
/// Each breach has its own parse error and status, so a client learns which bound it crossed.
public struct HTTP1Limits: Sendable, Equatable {
    /// The longest request line, CRLF included (414 beyond it).
    public var maxRequestLineLength: Int
    /// The most bytes of header lines after the request line, CRLFs included (431 beyond it).
    /// The same bound applies separately to the trailer section of a chunked body.
    public var maxHeaderSectionSize: Int
    /// The most header fields (431 beyond it); the same bound applies to trailer fields.
    public var maxHeaderCount: Int
    /// The largest body, after de-chunking (413 beyond it).
    public var maxBodySize: Int
    /// The longest chunk-size line, extensions included (400 beyond it).
    public var maxChunkLineLength: Int

    /// Makes limits; the defaults suit the portal and the federation API.
    public init(
        maxRequestLineLength: Int = 8 * 1024, maxHeaderSectionSize: Int = 32 * 1024, maxHeaderCount: Int = 100,
        maxBodySize: Int = 16 * 1024 * 1024, maxChunkLineLength: Int = 1024
    ) {
        self.maxRequestLineLength = maxRequestLineLength
        self.maxHeaderSectionSize = maxHeaderSectionSize
        self.maxHeaderCount = maxHeaderCount
        self.maxBodySize = maxBodySize
        self.maxChunkLineLength = maxChunkLineLength
    }
}
