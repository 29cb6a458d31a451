import CLinux

#if canImport(Glibc)
    import Glibc
#endif

/// A POSIX thread that runs one closure and can be joined; Foundation's `Thread` cannot be joined.
final class JoinableThread: Sendable {
    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    private let handle: pthread_t

    /// Starts a thread running `body`.
    init(name: String, _ body: @escaping @Sendable () -> Void) throws(TransportError) {
        let threadName = String(name.prefix(15))
        let context = Unmanaged.passRetained(
            Body {
                gcscp_set_thread_name(threadName)
                body()
            }
        ).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, threadEntry, context)
        guard result == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            throw TransportError.system(.state, "pthread_create()", errno: result)
        }
        handle = thread
    }

    /// Waits for the thread to finish. Must not be called from the thread itself.
    func join() {
        pthread_join(handle, nil)
    }

    fileprivate static func run(_ context: UnsafeMutableRawPointer) {
        Unmanaged<Body>.fromOpaque(context).takeRetainedValue().run()
    }
}

private func threadEntry(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    JoinableThread.run(context!)
    return nil
}
