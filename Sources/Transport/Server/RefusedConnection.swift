/// Answers a connection the server will not serve with one status, then closes it.
final class RefusedConnection: ByteStreamHandler {
    private var stream: ByteStream?

    /// Sends `status` with `Connection: close` on `stream` and closes it once sent.
    static func refuse(_ stream: ByteStream, status: HTTPStatus) {
        let refused = RefusedConnection()
        refused.stream = stream
        stream.handler = refused
        let response = HTTPResponse(status: status, text: "\(status.reason)\n")
        stream.write(HTTP1ResponseSerializer.serialize(response, keepAlive: false, date: HTTPDate.now()))
        stream.closeAfterFlush()
    }

    func streamDidReceive(_ bytes: UnsafeRawBufferPointer) {}
    func streamDidReachEnd() {}
    func streamDidDrain() {}

    func streamDidClose(error: TransportError?) {
        stream = nil  // breaks the cycle between the stream and this handler
    }
}
