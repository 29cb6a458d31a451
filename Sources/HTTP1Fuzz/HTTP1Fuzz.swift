// A fuzz target for the HTTP/1.1 request parser, and the same checks as a plain program.
//
// Built with `-DFUZZING -sanitize=fuzzer` (see Docs/fuzzing.md) it is a libFuzzer target; a plain
// `swift build` makes it a replay tool that runs the checks on the files named on its command line,
// so a crashing input found by the fuzzer can be reproduced and debugged without the sanitizer.
import Transport

/// Small limits, so that short inputs reach every limit the parser enforces.
private let fuzzLimits = HTTP1Limits(
    maxRequestLineLength: 64, maxHeaderSectionSize: 256, maxHeaderCount: 8, maxBodySize: 128,
    maxChunkLineLength: 32)

/// What one way of feeding an input made of it: a line per request, then the error code, if any.
private func outcome(of input: [UInt8], splitEvery step: Int) -> [String] {
    var parser = HTTP1RequestParser(limits: fuzzLimits)
    var lines: [String] = []
    var offset = 0
    while offset < input.count {
        let end = min(input.count, offset + step)
        parser.feed(input[offset..<end])
        offset = end
        do {
            while let request = try parser.next() {
                check(request)
                lines.append(describe(request))
            }
        } catch {
            lines.append("error \(error.code) \(error.status.code)")
            precondition(parser.phase == .failed, "a parser that threw is not failed")
            break
        }
    }
    return lines
}

/// Checks what every request yielded must satisfy, whatever the input.
private func check(_ request: HTTPRequest) {
    precondition(request.body.count <= fuzzLimits.maxBodySize, "a body is larger than the limit")
    precondition(request.headers.count <= fuzzLimits.maxHeaderCount, "more headers than the limit")
    precondition(request.trailers.count <= fuzzLimits.maxHeaderCount, "more trailers than the limit")
    precondition(!request.method.isEmpty && !request.target.isEmpty, "an empty method or target")
    precondition(request.version == .http1_0 || request.version == .http1_1, "a version other than HTTP/1.x")
}

private func describe(_ request: HTTPRequest) -> String {
    let fields = request.headers.map { "\($0.name):\($0.value)" }.joined(separator: "|")
    let trailers = request.trailers.map { "\($0.name):\($0.value)" }.joined(separator: "|")
    return "\(request.method) \(request.target) \(request.version) \(fields) \(trailers) \(request.body) "
        + "\(request.keepAlive)"
}

/// Parses the input whole and in pieces of a size taken from its first byte; both must agree.
func runParserChecks(_ data: [UInt8]) {
    guard let first = data.first else { return }
    let input = Array(data.dropFirst())
    let whole = outcome(of: input, splitEvery: max(input.count, 1))
    let pieces = outcome(of: input, splitEvery: Int(first % 16) + 1)
    precondition(whole == pieces, "feeding the input in pieces changed the outcome")
    let response = HTTPResponse(status: HTTPStatus(code: 200 + Int(first % 10)), body: input)
    let bytes = HTTP1ResponseSerializer.serialize(response, keepAlive: first & 1 == 0, date: HTTPDate.now())
    let expectedBody = response.status.forbidsBody ? [] : input
    precondition(Array(bytes.suffix(expectedBody.count)) == expectedBody, "a serialized response lost its body")
    precondition(bytes.starts(with: Array("HTTP/1.1 \(response.status.code) ".utf8)), "a wrong status line")
}

#if FUZZING
    /// libFuzzer's entry point: one input per call.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOneInput(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
        runParserChecks(Array(UnsafeBufferPointer(start: start, count: count)))
        return 0
    }
#else
    import Foundation

    /// Runs the checks on each file named on the command line (for example a crash input from libFuzzer).
    @main
    struct HTTP1FuzzReplay {
        static func main() throws {
            for path in CommandLine.arguments.dropFirst() {
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                runParserChecks(Array(data))
                print("\(path): ok")
            }
        }
    }
#endif
