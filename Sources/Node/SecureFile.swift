import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Files that hold secrets: created readable by the owner only, and refused when others can read them.
enum SecureFile {
    /// Writes `text` to a new file at `path` with mode 0600; never replaces an existing file.
    static func create(_ path: String, text: String) throws(NodeError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw NodeError(.keyFile, "\(path): could not create the key file (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else {
            throw NodeError(.keyFile, "\(path): could not write the key file (\(String(cString: strerror(errno))))")
        }
    }

    /// Reads a secret file after checking that it exists, is a regular file, and is not readable by others.
    static func read(_ path: String, what: String) throws(NodeError) -> String {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            throw NodeError(.keyFile, "\(path): the \(what) is missing; the node folder is incomplete")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw NodeError(.keyFile, "\(path): the \(what) is not a regular file")
        }
        let mode = status.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            let octal = String(mode, radix: 8)
            throw NodeError(
                .keyFile,
                "\(path): the \(what) is readable by other users (mode \(octal)); run 'chmod 600 \(path)' "
                    + "and consider the key exposed")
        }
        guard status.st_uid == geteuid() else {
            throw NodeError(.keyFile, "\(path): the \(what) belongs to another user (uid \(status.st_uid))")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw NodeError(.keyFile, "\(path): the \(what) could not be read")
        }
        return text
    }
}
