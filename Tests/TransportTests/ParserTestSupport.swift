import Testing

@testable import Transport

/// What a parser made of some input: the requests it yielded, then the error that stopped it, if any.
struct ParseOutcome {
    var requests: [HTTPRequest] = []
    var error: HTTPParseError?
}

/// Parses `text` fed all at once.
func parseWhole(_ text: String, limits: HTTP1Limits = HTTP1Limits()) -> ParseOutcome {
    parse(chunks: [Array(text.utf8)], limits: limits)
}

/// Parses `text` fed one byte at a time, so every state must resume correctly mid-token.
func parseByteByByte(_ text: String, limits: HTTP1Limits = HTTP1Limits()) -> ParseOutcome {
    parse(chunks: Array(text.utf8).map { [$0] }, limits: limits)
}

/// Parses the input both ways, checks both ways agree, and returns the outcome.
func parseBothWays(_ text: String, limits: HTTP1Limits = HTTP1Limits()) -> ParseOutcome {
    let whole = parseWhole(text, limits: limits)
    let split = parseByteByByte(text, limits: limits)
    #expect(whole.error?.code == split.error?.code)
    #expect(whole.requests.map(\.summary) == split.requests.map(\.summary))
    return whole
}

private func parse(chunks: [[UInt8]], limits: HTTP1Limits) -> ParseOutcome {
    var parser = HTTP1RequestParser(limits: limits)
    var outcome = ParseOutcome()
    for chunk in chunks {
        parser.feed(chunk)
        do {
            while let request = try parser.next() { outcome.requests.append(request) }
        } catch {
            outcome.error = error
            return outcome
        }
    }
    return outcome
}

extension HTTPRequest {
    /// The parts of a request that tests compare, as one string.
    var summary: String {
        let fields = headers.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
        let trailerFields = trailers.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
        return "\(method) \(target) \(version) [\(fields)] [\(trailerFields)] \(String(decoding: body, as: UTF8.self))"
            + " keepAlive=\(keepAlive)"
    }
}
