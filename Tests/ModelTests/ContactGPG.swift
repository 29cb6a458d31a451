import Foundation

/// A throw-away GnuPG home with keys made for one test; the agent it starts is stopped when it goes.
final class ContactGPG {
    let folder: CalendarTemporaryFolder
    var home: String { folder.url.path }

    /// Whether `gpg` is installed (`/usr/bin/gpg` or on PATH).
    static var isInstalled: Bool { executable != nil }

    private static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/gpg" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    init() throws {
        folder = try CalendarTemporaryFolder()
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder.url.path)
    }

    deinit {
        // gpg starts an agent for this home; stop exactly that one.
        _ = try? Self.run("/usr/bin/gpgconf", ["--homedir", home, "--kill", "gpg-agent"], in: folder)
    }

    /// Runs gpg in this home without prompts; returns its standard output.
    @discardableResult
    func gpg(_ arguments: [String]) throws -> String {
        let base = ["--homedir", home, "--batch", "--pinentry-mode", "loopback", "--passphrase", ""]
        return try Self.run(Self.executable ?? "gpg", base + arguments, in: folder)
    }

    /// Makes a key and returns its fingerprint as gpg prints it.
    func makeKey(userID: String, algorithm: String = "ed25519", usage: String = "cert", expiry: String = "2y") throws
        -> String
    {
        try gpg(["--quick-gen-key", userID, algorithm, usage, expiry])
        let listing = try gpg(["--with-colons", "--fingerprint", userID])
        let line = listing.split(separator: "\n").first { $0.hasPrefix("fpr:") }
        return String(line?.split(separator: ":", omittingEmptySubsequences: false)[9] ?? "")
    }

    private static func run(_ program: String, _ arguments: [String], in folder: CalendarTemporaryFolder) throws
        -> String
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let output = folder.file("gpg-\(UUID().uuidString).out")
        try Data().write(to: output)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "\(program) \(arguments) failed"])
        }
        return try String(contentsOf: output, encoding: .utf8)
    }
}
