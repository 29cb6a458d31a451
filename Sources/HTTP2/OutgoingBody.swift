import CNGHTTP2

/// Bytes queued for one stream's DATA frames, owned by Swift and read by nghttp2 as flow control allows.
///
/// nghttp2 pauses a stream on its own while the peer's window is closed and resumes it on WINDOW_UPDATE;
/// it asks again only when `ended` is false and the queue ran dry (then the read answers "deferred" until
/// more bytes are appended and the session resumes the stream).
final class OutgoingBody {
    private var bytes: [UInt8]
    private var offset = 0
    private(set) var ended: Bool

    init(_ bytes: [UInt8], ended: Bool) {
        self.bytes = bytes
        self.ended = ended
    }

    /// Queues more bytes; drops what was already sent first so the array does not grow without end.
    func append(_ more: [UInt8], end: Bool) {
        if offset > 0 {
            bytes.removeFirst(offset)
            offset = 0
        }
        bytes.append(contentsOf: more)
        ended = ended || end
    }

    var remaining: Int { bytes.count - offset }

    /// Copies up to `capacity` queued bytes into `buffer` and returns how many it copied.
    func read(into buffer: UnsafeMutablePointer<UInt8>, capacity: Int) -> Int {
        let count = min(capacity, remaining)
        bytes.withUnsafeBufferPointer { source in
            buffer.update(from: source.baseAddress! + offset, count: count)
        }
        offset += count
        return count
    }

    /// A data provider whose source pointer is this object; the session keeps the object alive
    /// in its table until the stream closes, so the unretained pointer stays valid.
    func dataProvider() -> nghttp2_data_provider {
        nghttp2_data_provider(
            source: nghttp2_data_source(ptr: Unmanaged.passUnretained(self).toOpaque()),
            read_callback: readOutgoingBody)
    }
}

/// nghttp2 asks for the next DATA frame's payload of a stream.
private func readOutgoingBody(
    _ session: OpaquePointer?, _ streamID: Int32, _ buffer: UnsafeMutablePointer<UInt8>?, _ length: Int,
    _ dataFlags: UnsafeMutablePointer<UInt32>?, _ source: UnsafeMutablePointer<nghttp2_data_source>?,
    _ userData: UnsafeMutableRawPointer?
) -> Int {
    guard let buffer, let dataFlags, let pointer = source?.pointee.ptr else {
        return Int(NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue)
    }
    let body = Unmanaged<OutgoingBody>.fromOpaque(pointer).takeUnretainedValue()
    let count = body.read(into: buffer, capacity: length)
    if body.remaining == 0 {
        if body.ended {
            dataFlags.pointee |= NGHTTP2_DATA_FLAG_EOF.rawValue
        } else if count == 0 {
            return Int(NGHTTP2_ERR_DEFERRED.rawValue)
        }
    }
    return count
}
