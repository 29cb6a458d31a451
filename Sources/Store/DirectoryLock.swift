#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive lock on a node directory (`flock` on its `store.lock` file), held while a store is open.
///
/// Each file must have exactly one writing and checkpointing connection; a second process opening the same
/// directory (a command run beside the server) would be a second one. The kernel releases the lock when the
/// process ends, however it ends, so a killed node never leaves a stale lock behind.
final class DirectoryLock {
    private let descriptor: Int32

    /// Takes the lock without waiting.
    /// - Throws: `StoreError` `.directoryInUse` when another store holds it, `.database` when the lock file
    ///   cannot be opened.
    init(directory: String) throws(StoreError) {
        let path = directory + "/store.lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError(.database, "cannot open the lock file \(path) (errno \(errno))", path: path)
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(descriptor)
            if code == EWOULDBLOCK {
                throw StoreError(
                    .directoryInUse,
                    "the node directory \(directory) is open in another store (another gcscp process?); "
                        + "stop it first", path: directory)
            }
            throw StoreError(.database, "cannot lock \(path) (errno \(code))", path: path)
        }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }
}
