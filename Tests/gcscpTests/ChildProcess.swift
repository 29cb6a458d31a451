import Foundation

/// A program running in the background that a test feeds, reads line by line, and kills.
final class ChildProcess: @unchecked Sendable {
    // @unchecked Sendable: the feeding thread only writes to the input pipe; everything else stays on the test.
    enum Stream { case output, errors }

    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private var buffers: [Stream: [UInt8]] = [.output: [], .errors: []]

    init(_ program: URL, _ arguments: [String]) throws {
        process.executableURL = program
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
    }

    deinit { kill() }

    /// Writes `count` lines to the child's input from a background thread, stopping when the child is gone.
    func feedLines(count: Int, _ line: @escaping @Sendable (Int) -> String) {
        let handle = input.fileHandleForWriting
        Thread.detachNewThread {
            signal(SIGPIPE, SIG_IGN)
            for index in 0..<count {
                guard (try? handle.write(contentsOf: Data((line(index) + "\n").utf8))) != nil else { return }
            }
            try? handle.close()
        }
    }

    /// Reads lines from the child until `count` lines that `accept` takes have arrived, the stream ends, or
    /// `timeout` seconds pass; returns the accepted lines.
    func readLines(
        until count: Int, stream: Stream, timeout: TimeInterval, accept: (String) -> Bool = { _ in true }
    ) -> [String] {
        let handle = (stream == .output ? output : errors).fileHandleForReading
        let deadline = Date().addingTimeInterval(timeout)
        var lines: [String] = []
        var pending = buffers[stream]!
        while lines.count < count && Date() < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            pending += chunk
            while let newline = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                if accept(line) { lines.append(line) }
            }
        }
        buffers[stream] = pending
        return lines
    }

    /// Sends SIGTERM, waits for the child to end, and returns its exit status.
    func terminate() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Sends SIGKILL and waits for the child to end.
    func kill() {
        if process.isRunning {
            Foundation.kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }
}
