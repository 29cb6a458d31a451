/// What has arrived so far on one stream: a request on a server, a response on a client.
///
/// A class so the body grows in place inside the session's table instead of being copied per DATA frame.
final class IncomingStream {
    let streamID: Int32
    var pseudoHeaders: [String: String] = [:]
    var headers: [(name: String, value: String)] = []
    /// Size of the header list as RFC 9113 counts it: name + value + 32 per field.
    var headerListSize = 0
    var headersTooLarge = false
    /// True once the final (non-1xx) header block ended; later header blocks are trailers.
    var finalHeadersSeen = false
    var body: [UInt8] = []
    /// Set when the stream was answered with an error or reset: DATA is dropped, nothing is delivered.
    var discarding = false
    /// Server only: a response was submitted, so a second one is refused.
    var answered = false
    /// Server only: answered with an error before the request ended; reset with NO_ERROR once the answer is out.
    var rejectedEarly = false
    var complete = false

    init(streamID: Int32) {
        self.streamID = streamID
    }

    /// The declared body length, if the peer sent a well-formed `content-length`.
    var contentLength: Int? {
        headers.first { $0.name == "content-length" }.flatMap { Int($0.value) }
    }
}
