import CNGHTTP2

// nghttp2 calls these with the `SessionCore` as user data. Each is a named function capturing nothing,
// so Swift can pass it as a C function pointer; each turns the C frame into Swift values and hands over.

/// The parts of a C frame that the session logic needs, read out of nghttp2's union.
struct FrameSummary {
    let type: UInt8
    let flags: UInt8
    let streamID: Int32
    /// For HEADERS: request, response, push response or trailers (`nghttp2_headers_category`).
    let headersCategory: UInt32
    /// For RST_STREAM and GOAWAY.
    let errorCode: HTTP2ErrorCode
    /// For GOAWAY.
    let lastStreamID: Int32

    init(_ frame: UnsafePointer<nghttp2_frame>) {
        let header = frame.pointee.hd
        type = header.type
        flags = header.flags
        streamID = header.stream_id
        switch UInt32(header.type) {
        case NGHTTP2_HEADERS.rawValue:
            headersCategory = frame.pointee.headers.cat.rawValue
            errorCode = .noError
            lastStreamID = 0
        case NGHTTP2_RST_STREAM.rawValue:
            headersCategory = 0
            errorCode = HTTP2ErrorCode(frame.pointee.rst_stream.error_code)
            lastStreamID = 0
        case NGHTTP2_GOAWAY.rawValue:
            headersCategory = 0
            errorCode = HTTP2ErrorCode(frame.pointee.goaway.error_code)
            lastStreamID = frame.pointee.goaway.last_stream_id
        default:
            headersCategory = 0
            errorCode = .noError
            lastStreamID = 0
        }
    }

    func isType(_ frameType: nghttp2_frame_type) -> Bool { UInt32(type) == frameType.rawValue }

    var endsStream: Bool { flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0 }
}

/// Builds the callback table; the caller deletes it once the session is created (nghttp2 copies it).
func makeSessionCallbacks() throws -> OpaquePointer {
    var table: OpaquePointer?
    guard nghttp2_session_callbacks_new(&table) == 0, let table else {
        throw HTTP2Error(.library, "could not allocate nghttp2 callbacks")
    }
    nghttp2_session_callbacks_set_on_begin_headers_callback(table, onBeginHeaders)
    nghttp2_session_callbacks_set_on_header_callback(table, onHeader)
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(table, onDataChunk)
    nghttp2_session_callbacks_set_on_frame_recv_callback(table, onFrameReceived)
    nghttp2_session_callbacks_set_on_frame_send_callback(table, onFrameSent)
    nghttp2_session_callbacks_set_on_stream_close_callback(table, onStreamClose)
    return table
}

private func owner(_ userData: UnsafeMutableRawPointer?) -> SessionCore {
    Unmanaged<SessionCore>.fromOpaque(userData!).takeUnretainedValue()
}

private func onBeginHeaders(
    _ session: OpaquePointer?, _ frame: UnsafePointer<nghttp2_frame>?, _ userData: UnsafeMutableRawPointer?
) -> Int32 {
    guard let frame else { return 0 }
    owner(userData).beginHeaders(FrameSummary(frame))
    return 0
}

private func onHeader(
    _ session: OpaquePointer?, _ frame: UnsafePointer<nghttp2_frame>?,
    _ name: UnsafePointer<UInt8>?, _ nameLength: Int, _ value: UnsafePointer<UInt8>?, _ valueLength: Int,
    _ flags: UInt8, _ userData: UnsafeMutableRawPointer?
) -> Int32 {
    guard let frame, let name, let value else { return 0 }
    owner(userData).header(
        streamID: frame.pointee.hd.stream_id,
        name: UnsafeBufferPointer(start: name, count: nameLength),
        value: UnsafeBufferPointer(start: value, count: valueLength))
    return 0
}

private func onDataChunk(
    _ session: OpaquePointer?, _ flags: UInt8, _ streamID: Int32, _ data: UnsafePointer<UInt8>?, _ length: Int,
    _ userData: UnsafeMutableRawPointer?
) -> Int32 {
    guard let data else { return 0 }
    owner(userData).dataChunk(streamID: streamID, UnsafeBufferPointer(start: data, count: length))
    return 0
}

private func onFrameReceived(
    _ session: OpaquePointer?, _ frame: UnsafePointer<nghttp2_frame>?, _ userData: UnsafeMutableRawPointer?
) -> Int32 {
    guard let frame else { return 0 }
    owner(userData).frameReceived(FrameSummary(frame))
    return 0
}

private func onFrameSent(
    _ session: OpaquePointer?, _ frame: UnsafePointer<nghttp2_frame>?, _ userData: UnsafeMutableRawPointer?
) -> Int32 {
    guard let frame else { return 0 }
    owner(userData).frameSent(FrameSummary(frame))
    return 0
}

private func onStreamClose(
    _ session: OpaquePointer?, _ streamID: Int32, _ errorCode: UInt32, _ userData: UnsafeMutableRawPointer?
) -> Int32 {
    owner(userData).streamClosed(streamID, HTTP2ErrorCode(errorCode))
    return 0
}
