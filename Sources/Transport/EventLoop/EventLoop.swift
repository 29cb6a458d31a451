import CLinux
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Something registered with an event loop for readiness of one descriptor; called on the loop's thread.
protocol EventLoopIOHandler: AnyObject {
    /// The descriptor is readable, or the peer hung up or the socket has an error (a read tells which).
    func handleReadable()
    /// The descriptor is writable.
    func handleWritable()
    /// The loop is stopping: close the descriptor (a connection still open is cut off).
    func handleLoopStop()
}

/// An epoll event loop on one thread of its own: it waits for descriptors, timers and submitted tasks.
///
/// Start it with `start()`; submit work from any thread with `execute(_:)`, which wakes the loop through an
/// eventfd. Timers and descriptor registrations may only be used on the loop's own thread (`inEventLoop`).
/// Readiness is level-triggered: a handler that leaves bytes unread is called again on the next turn.
public final class EventLoop: @unchecked Sendable {
    // @unchecked: everything but `submitted`, `stopRequested` and `threadID` is touched only on the loop
    // thread; those three are a Mutex and atomics.
    private struct Submitted {
        var tasks: [@Sendable () -> Void] = []
        var wakeSignalled = false
    }

    /// The loop's name, used for its thread and in logs.
    public let name: String
    private let epollDescriptor: Int32
    private let wakeDescriptor: Int32
    private let submitted = Mutex(Submitted())
    private let stopRequested = Atomic<Bool>(false)
    private let threadID = Atomic<UInt>(0)
    private let thread = Mutex<JoinableThread?>(nil)
    private var handlers: [UInt64: EventLoopIOHandler] = [:]
    private var registrations: [Int32: UInt64] = [:]
    private var nextRegistration: UInt64 = 1
    private var timers = TimerQueue()
    /// A read buffer shared by every connection on this loop: reads are copied out before the next one.
    let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)

    /// Makes a loop; it does nothing until `start()`.
    ///
    /// - Throws: `TransportError` with code `eventLoop` when epoll or eventfd cannot be made.
    public init(name: String) throws(TransportError) {
        ignoreSIGPIPE()
        self.name = name
        epollDescriptor = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollDescriptor >= 0 else { throw TransportError.system(.eventLoop, "epoll_create1()") }
        wakeDescriptor = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard wakeDescriptor >= 0 else {
            Glibc.close(epollDescriptor)
            throw TransportError.system(.eventLoop, "eventfd()")
        }
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.u64 = 0
        epoll_ctl(epollDescriptor, EPOLL_CTL_ADD, wakeDescriptor, &event)
    }

    deinit {
        Glibc.close(wakeDescriptor)
        Glibc.close(epollDescriptor)
        readBuffer.deallocate()
    }

    /// Starts the loop's thread.
    ///
    /// - Throws: `TransportError` with code `state` if the loop was already started, or the thread failed.
    public func start() throws(TransportError) {
        try thread.withLock { (current: inout JoinableThread?) throws(TransportError) in
            guard current == nil else { throw TransportError(.state, "event loop \(name) was already started") }
            current = try JoinableThread(name: name) { self.run() }
        }
    }

    /// Asks the loop to stop after its current turn and waits for its thread to end.
    ///
    /// Tasks submitted before the call run first. Must not be called on the loop's own thread.
    public func stop() {
        precondition(!inEventLoop, "an event loop cannot wait for itself to stop")
        stopRequested.store(true, ordering: .releasing)
        wake()
        thread.withLock { $0 }?.join()
    }

    /// Whether the caller is on this loop's thread.
    public var inEventLoop: Bool {
        threadID.load(ordering: .acquiring) == UInt(pthread_self())
    }

    /// Runs `task` on the loop's thread soon; callable from any thread. Tasks run in submission order.
    public func execute(_ task: @escaping @Sendable () -> Void) {
        let needsWake = submitted.withLock { state in
            state.tasks.append(task)
            defer { state.wakeSignalled = true }
            return !state.wakeSignalled
        }
        if needsWake { wake() }
    }

    /// Runs `action` on the loop's thread after `delay`; loop thread only.
    @discardableResult
    public func schedule(after delay: Duration, _ action: @escaping () -> Void) -> TimerHandle {
        assertInEventLoop()
        return timers.schedule(at: .now + delay, action)
    }

    /// Cancels a timer that has not fired yet; loop thread only. Cancelling a fired timer does nothing.
    public func cancel(_ timer: TimerHandle) {
        assertInEventLoop()
        timers.cancel(timer)
    }

    func assertInEventLoop() {
        assert(inEventLoop, "called off the thread of event loop \(name)")
    }

    private func wake() {
        var one: UInt64 = 1
        _ = Glibc.write(wakeDescriptor, &one, 8)
    }
}

extension EventLoop {
    /// Registers a descriptor for readiness; loop thread only.
    func register(_ descriptor: Int32, reading: Bool, writing: Bool, handler: EventLoopIOHandler) throws(TransportError)
    {
        assertInEventLoop()
        let registration = nextRegistration
        nextRegistration += 1
        var event = epoll_event()
        event.events = interest(reading: reading, writing: writing)
        event.data.u64 = registration
        guard epoll_ctl(epollDescriptor, EPOLL_CTL_ADD, descriptor, &event) == 0 else {
            throw TransportError.system(.eventLoop, "epoll_ctl(ADD)")
        }
        handlers[registration] = handler
        registrations[descriptor] = registration
    }

    /// Changes what a registered descriptor waits for; loop thread only.
    func update(_ descriptor: Int32, reading: Bool, writing: Bool) {
        guard let registration = registrations[descriptor] else { return }
        var event = epoll_event()
        event.events = interest(reading: reading, writing: writing)
        event.data.u64 = registration
        epoll_ctl(epollDescriptor, EPOLL_CTL_MOD, descriptor, &event)
    }

    /// Removes a descriptor before it is closed; loop thread only.
    func unregister(_ descriptor: Int32) {
        guard let registration = registrations.removeValue(forKey: descriptor) else { return }
        handlers[registration] = nil
        epoll_ctl(epollDescriptor, EPOLL_CTL_DEL, descriptor, nil)
    }

    private func interest(reading: Bool, writing: Bool) -> UInt32 {
        (reading ? EPOLLIN.rawValue | EPOLLRDHUP.rawValue : 0) | (writing ? EPOLLOUT.rawValue : 0)
    }

    private func run() {
        threadID.store(UInt(pthread_self()), ordering: .releasing)
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        while !stopRequested.load(ordering: .acquiring) {
            let count = epoll_wait(epollDescriptor, &events, Int32(events.count), waitMilliseconds())
            if count < 0 && errno != EINTR { break }
            for index in 0..<max(0, Int(count)) {
                dispatch(events[index])
            }
            runSubmittedTasks()
            for action in timers.takeDue(now: .now) { action() }
        }
        runSubmittedTasks()
        for handler in Array(handlers.values) { handler.handleLoopStop() }
        handlers.removeAll()
        registrations.removeAll()
    }

    private func dispatch(_ event: epoll_event) {
        let registration = event.data.u64
        if registration == 0 {
            var value: UInt64 = 0
            _ = Glibc.read(wakeDescriptor, &value, 8)
            return
        }
        let readable = EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue
        if event.events & readable != 0, let handler = handlers[registration] {
            handler.handleReadable()
        }
        if event.events & EPOLLOUT.rawValue != 0, let handler = handlers[registration] {
            handler.handleWritable()
        }
    }

    private func runSubmittedTasks() {
        let tasks = submitted.withLock { state in
            defer {
                state.tasks.removeAll(keepingCapacity: true)
                state.wakeSignalled = false
            }
            return state.tasks
        }
        for task in tasks { task() }
    }

    /// How long epoll may wait: until the next timer, rounded up to a millisecond, or forever.
    private func waitMilliseconds() -> Int32 {
        guard let deadline = timers.nextDeadline() else { return -1 }
        let remaining = ContinuousClock.now.duration(to: deadline)
        if remaining <= .zero { return 0 }
        let (seconds, attoseconds) = remaining.components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(min(milliseconds, Int64(Int32.max)))
    }
}

private let sigpipeIgnored: Void = {
    signal(SIGPIPE, SIG_IGN)
}()

/// Ignores SIGPIPE for the whole process, once: a write to a dead peer must be an error, not a crash.
func ignoreSIGPIPE() {
    sigpipeIgnored
}
