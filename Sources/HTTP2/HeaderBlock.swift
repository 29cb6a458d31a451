import CNGHTTP2

/// Header fields that HTTP/2 forbids because they belong to HTTP/1.1 connection management (RFC 9113 8.2.2).
private let connectionSpecificNames: Set<String> = [
    "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade",
]

/// Checks caller-supplied header fields and returns them with names in lower case.
///
/// Throws `invalidArgument` for a name or value nghttp2 would put on the wire but a peer must reject.
func validatedFields(_ fields: [(name: String, value: String)]) throws -> [(name: String, value: String)] {
    try fields.map { field in
        let name = field.name.lowercased()
        let nameBytes = Array(name.utf8)
        let valueBytes = Array(field.value.utf8)
        guard !name.hasPrefix(":"), nghttp2_check_header_name(nameBytes, nameBytes.count) != 0 else {
            throw HTTP2Error(.invalidArgument, "header name '\(name)' is not a valid HTTP/2 field name")
        }
        guard !connectionSpecificNames.contains(name), name != "te" || field.value == "trailers" else {
            throw HTTP2Error(.invalidArgument, "header '\(name)' is connection-specific and not allowed in HTTP/2")
        }
        guard nghttp2_check_header_value(valueBytes, valueBytes.count) != 0 else {
            throw HTTP2Error(.invalidArgument, "the value of header '\(name)' contains a forbidden character")
        }
        return (name, field.value)
    }
}

/// Lays the fields out in one buffer and hands nghttp2 a name/value array pointing into it.
///
/// The pointers live only during `body`; nghttp2 copies the fields when a frame is submitted.
func withNameValueArray<T>(
    _ fields: [(name: String, value: String)], _ body: (UnsafePointer<nghttp2_nv>, Int) -> T
) -> T {
    var storage: [UInt8] = []
    var spans: [(name: Int, nameLength: Int, value: Int, valueLength: Int)] = []
    for field in fields {
        let nameStart = storage.count
        storage.append(contentsOf: field.name.utf8)
        let valueStart = storage.count
        storage.append(contentsOf: field.value.utf8)
        spans.append((nameStart, valueStart - nameStart, valueStart, storage.count - valueStart))
    }
    storage.append(0)  // keeps the base address valid when every field is empty
    return storage.withUnsafeMutableBufferPointer { buffer in
        let base = buffer.baseAddress!
        let array = spans.map { span in
            nghttp2_nv(
                name: base + span.name, value: base + span.value, namelen: span.nameLength,
                valuelen: span.valueLength, flags: UInt8(NGHTTP2_NV_FLAG_NONE.rawValue))
        }
        return array.withUnsafeBufferPointer { body($0.baseAddress!, $0.count) }
    }
}
