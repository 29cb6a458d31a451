/// A connection's byte stream as a protocol handler sees it: plain TCP, or TLS over TCP.
///
/// Every method must be called on the stream's event loop.
protocol ByteStream: AnyObject {
    /// The loop the stream lives on.
    var loop: EventLoop { get }
    /// What is known about the connection (addresses, TLS, ALPN).
    var info: ConnectionInfo { get }
    /// The handler that receives the stream's bytes and events.
    var handler: ByteStreamHandler? { get set }
    /// Queues bytes to send; they go out as the socket accepts them.
    func write(_ bytes: [UInt8])
    /// Sends what is queued, then closes.
    func closeAfterFlush()
    /// Closes at once, dropping anything queued; the handler hears `streamDidClose`.
    func close(error: TransportError?)
    /// Stops or resumes reading, to hold back a client that sends faster than it is answered.
    func setReading(_ enabled: Bool)
    /// Whether bytes are still queued for sending.
    var hasPendingWrites: Bool { get }
}

/// The protocol side of a byte stream (HTTP/1.1, HTTP/2, or TLS under one of those).
protocol ByteStreamHandler: AnyObject {
    /// Bytes arrived.
    func streamDidReceive(_ bytes: UnsafeRawBufferPointer)
    /// The peer will send nothing more; what was queued may still be sent.
    func streamDidReachEnd()
    /// Everything queued has been handed to the socket, after the socket had been full.
    func streamDidDrain()
    /// The stream closed, because of `error` or because one side closed it; called once.
    func streamDidClose(error: TransportError?)
}
