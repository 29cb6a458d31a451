/// The limits a server session announces and enforces.
public struct HTTP2ServerSettings: Sendable {
    /// SETTINGS_MAX_CONCURRENT_STREAMS: streams a client may have open; excess streams are refused.
    public var maxConcurrentStreams = 100
    /// SETTINGS_INITIAL_WINDOW_SIZE: bytes a client may send on one stream before the server acknowledges them.
    public var initialWindowSize = 256 * 1024
    /// The connection-wide receive window, shared by all streams.
    public var connectionWindowSize = 1024 * 1024
    /// SETTINGS_MAX_HEADER_LIST_SIZE (RFC size: name + value + 32 per field); larger requests get 431.
    public var maxHeaderListSize = 64 * 1024
    /// The largest request body accepted; a larger Content-Length gets 413, a longer body RST_STREAM(CANCEL).
    public var maxRequestBodySize = 16 * 1024 * 1024
    /// RST_STREAM frames a client may send in a burst before the rate applies (rapid-reset guard).
    public var streamResetBurst = 400
    /// RST_STREAM frames a second a client may send after its burst; beyond it the server sends GOAWAY.
    public var streamResetRatePerSecond = 33

    /// The defaults above, suited to federation peers and portal clients alike.
    public init() {}
}

/// The limits a client session announces and enforces.
public struct HTTP2ClientSettings: Sendable {
    /// SETTINGS_INITIAL_WINDOW_SIZE: bytes the server may send on one stream before the client acknowledges them.
    public var initialWindowSize = 1024 * 1024
    /// The connection-wide receive window, shared by all streams.
    public var connectionWindowSize = 4 * 1024 * 1024
    /// SETTINGS_MAX_HEADER_LIST_SIZE; a response with larger headers is reset with CANCEL.
    public var maxHeaderListSize = 64 * 1024
    /// The largest response body accepted; a longer one is reset with CANCEL and reported as a failure.
    public var maxResponseBodySize = 64 * 1024 * 1024
    /// Streams the client opens before the server's SETTINGS arrive (nghttp2's default is 100).
    public var assumedPeerMaxConcurrentStreams = 100

    /// The defaults above.
    public init() {}
}
