import CNGHTTP2

// What the session does with each incoming frame: collect header fields and body bytes per stream,
// enforce the header and body limits, and mark streams complete or failed.
extension SessionCore {
    func beginHeaders(_ frame: FrameSummary) {
        let category = frame.headersCategory
        if isServer, category == NGHTTP2_HCAT_REQUEST.rawValue {
            streams[frame.streamID] = IncomingStream(streamID: frame.streamID)
        }
    }

    func header(streamID: Int32, name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {
        guard let stream = streams[streamID], !stream.discarding, !stream.finalHeadersSeen else { return }
        // Fields past the limit are dropped as they come, so an oversized block costs no memory.
        stream.headerListSize += name.count + value.count + 32
        if stream.headerListSize > maxHeaderListSize {
            stream.headersTooLarge = true
            stream.headers = []
            stream.pseudoHeaders = [:]
        }
        guard !stream.headersTooLarge else { return }
        let nameText = String(decoding: name, as: UTF8.self)
        let valueText = String(decoding: value, as: UTF8.self)
        if nameText.hasPrefix(":") {
            stream.pseudoHeaders[nameText] = valueText
        } else {
            stream.headers.append((nameText, valueText))
        }
    }

    func dataChunk(streamID: Int32, _ bytes: UnsafeBufferPointer<UInt8>) {
        guard let stream = streams[streamID], !stream.discarding else { return }
        guard stream.body.count + bytes.count <= maxBodySize else {
            stream.discarding = true
            stream.body = []
            reset(streamID, .cancel)
            return
        }
        stream.body.append(contentsOf: bytes)
    }

    func frameReceived(_ frame: FrameSummary) {
        if frame.isType(NGHTTP2_GOAWAY) {
            receivedGoAway = HTTP2GoAway(lastStreamID: frame.lastStreamID, errorCode: frame.errorCode)
            return
        }
        guard let stream = streams[frame.streamID] else { return }
        if frame.isType(NGHTTP2_HEADERS), !stream.finalHeadersSeen {
            headerBlockEnded(stream)
        }
        if frame.endsStream, frame.isType(NGHTTP2_HEADERS) || frame.isType(NGHTTP2_DATA), !stream.discarding {
            stream.complete = true
            completed.append(stream)
        }
    }

    private func headerBlockEnded(_ stream: IncomingStream) {
        if isServer {
            stream.finalHeadersSeen = true
            if stream.headersTooLarge {
                rejectEarly(stream, status: 431)
            } else if let length = stream.contentLength, length > maxBodySize {
                rejectEarly(stream, status: 413)
            }
            return
        }
        if stream.headersTooLarge {
            stream.discarding = true
            reset(stream.streamID, .cancel)
            return
        }
        // An informational (1xx) response is followed by the real one on the same stream.
        let status = stream.pseudoHeaders[":status"].flatMap { Int($0) } ?? 0
        if (100..<200).contains(status) {
            stream.pseudoHeaders = [:]
            stream.headers = []
            stream.headerListSize = 0
        } else {
            stream.finalHeadersSeen = true
        }
    }

    /// Answers a request with an error status before reading its body (RFC 9113 8.1 allows this).
    private func rejectEarly(_ stream: IncomingStream, status: Int) {
        stream.discarding = true
        stream.answered = true
        stream.rejectedEarly = true
        stream.headers = []
        let fields = [(name: ":status", value: String(status)), (name: "content-length", value: "0")]
        _ = withNameValueArray(fields) { nghttp2_submit_response(session, stream.streamID, $0, $1, nil) }
    }

    func frameSent(_ frame: FrameSummary) {
        if frame.isType(NGHTTP2_GOAWAY) {
            sentGoAway = HTTP2GoAway(lastStreamID: frame.lastStreamID, errorCode: frame.errorCode)
            return
        }
        // After an early answer the client may still be sending a body nobody will read: ask it to stop.
        guard frame.endsStream, let stream = streams[frame.streamID], stream.rejectedEarly else { return }
        if nghttp2_session_get_stream_remote_close(session, frame.streamID) == 0 {
            reset(frame.streamID, .noError)
        }
    }

    func streamClosed(_ streamID: Int32, _ errorCode: HTTP2ErrorCode) {
        bodies[streamID] = nil
        guard let stream = streams.removeValue(forKey: streamID) else { return }
        if !isServer, !stream.complete {
            failures.append(
                HTTP2StreamFailure(streamID: streamID, errorCode: errorCode == .noError ? .cancel : errorCode))
        }
    }
}
