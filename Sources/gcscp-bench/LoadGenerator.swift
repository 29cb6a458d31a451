import Foundation

/// Drives an HTTPS server with `h2load` (Debian's nghttp2-client) and reads its request rate.
struct LoadGenerator {
    /// One load shape: connections, and concurrent streams per connection.
    struct Shape: CustomStringConvertible {
        let clients: Int
        let streams: Int
        var description: String { "\(clients) x \(streams)" }
    }

    /// The shapes issue #3 measures: 1 x 1, 4 x 10, 4 x 100.
    static let shapes = [
        Shape(clients: 1, streams: 1), Shape(clients: 4, streams: 10), Shape(clients: 4, streams: 100),
    ]

    let program = "/usr/bin/h2load"
    /// How long each run lasts, after a warm-up of one second.
    let duration: Int

    /// Runs h2load against `url` with `shape` for `duration` seconds; returns requests per second.
    /// - Throws: `BenchmarkError` when h2load is missing, fails, or reports failed requests.
    func requestsPerSecond(_ url: String, shape: Shape) throws -> Double {
        guard FileManager.default.isExecutableFile(atPath: program) else {
            throw BenchmarkError("h2load is missing: install Debian's nghttp2-client (make bench-deps)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = [
            "-c", "\(shape.clients)", "-m", "\(shape.streams)", "-t", "1", "--warm-up-time=1",
            "--duration=\(duration)", url,
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw BenchmarkError("h2load failed against \(url): \(text.suffix(400))")
        }
        return try Self.parse(text, url: url)
    }

    /// Reads `finished in ..., N req/s` and refuses a run with failed or errored requests.
    static func parse(_ text: String, url: String) throws -> Double {
        let lines = text.split(separator: "\n")
        guard let finished = lines.first(where: { $0.hasPrefix("finished in") }),
            let rateField = finished.split(separator: ",").dropFirst().first,
            let rate = Double(rateField.trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
        else {
            throw BenchmarkError("h2load printed no rate for \(url): \(text.suffix(400))")
        }
        if let requests = lines.first(where: { $0.hasPrefix("requests:") }) {
            let words = requests.split(separator: " ")
            let failed = words.firstIndex(of: "failed,").flatMap { Int(words[$0 - 1]) } ?? 0
            let errored = words.firstIndex(of: "errored,").flatMap { Int(words[$0 - 1]) } ?? 0
            guard failed == 0, errored == 0 else {
                throw BenchmarkError("h2load saw \(failed) failed and \(errored) errored requests at \(url)")
            }
        }
        return rate
    }
}
