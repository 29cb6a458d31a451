#if canImport(Glibc)
    import Glibc
#endif

/// A fixed pool of threads for blocking work (SQLite, signature checks) that must not run on an event loop
/// or on Swift's concurrency pool.
///
/// Work runs in submission order as threads come free. `shutdown()` lets queued work finish, then joins.
public final class WorkerPool: @unchecked Sendable {
    // @unchecked: `queue`, `accepting` and `threads` are only touched with `lock` held.
    private let lock = ConditionLock()
    private var queue: [@Sendable () -> Void] = []
    private var queueHead = 0
    private var accepting = true
    private var threads: [JoinableThread] = []

    /// The number of threads.
    public let threadCount: Int

    /// Starts `threads` worker threads named `<name>-0`, `<name>-1`, ...
    ///
    /// - Throws: `TransportError` when a thread cannot be started.
    public init(threads: Int, name: String = "worker") throws(TransportError) {
        precondition(threads > 0, "a worker pool needs at least one thread")
        threadCount = threads
        var started: [JoinableThread] = []
        for index in 0..<threads {
            started.append(try JoinableThread(name: "\(name)-\(index)") { [self] in self.work() })
        }
        lock.withLock { self.threads = started }
    }

    /// Queues `work` to run on one of the pool's threads; callable from any thread.
    ///
    /// - Returns: false when the pool has been shut down and the work was not queued.
    @discardableResult
    public func submit(_ work: @escaping @Sendable () -> Void) -> Bool {
        let queued = lock.withLock {
            guard accepting else { return false }
            queue.append(work)
            return true
        }
        if queued { lock.signal() }
        return queued
    }

    /// Refuses new work, lets queued work finish, and waits for the threads to end.
    public func shutdown() {
        let toJoin = lock.withLock {
            accepting = false
            defer { threads = [] }
            return threads
        }
        lock.broadcast()
        for thread in toJoin { thread.join() }
    }

    private func work() {
        while let item = nextItem() { item() }
    }

    private func nextItem() -> (@Sendable () -> Void)? {
        lock.withLock {
            while queueHead == queue.count && accepting { lock.wait() }
            guard queueHead < queue.count else { return nil }
            let item = queue[queueHead]
            queueHead += 1
            if queueHead == queue.count {
                queue.removeAll(keepingCapacity: true)
                queueHead = 0
            }
            return item
        }
    }
}

/// A pthread mutex with a condition variable, allocated once so that neither ever moves.
final class ConditionLock: @unchecked Sendable {
    // @unchecked: the pthread objects are made for use from many threads; Swift only holds their addresses.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Waits for a signal; call with the lock held (inside `withLock`).
    func wait() {
        pthread_cond_wait(condition, mutex)
    }

    func signal() {
        pthread_cond_signal(condition)
    }

    func broadcast() {
        pthread_cond_broadcast(condition)
    }
}
