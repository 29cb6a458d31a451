import Synchronization

/// A fixed set of event loops, one thread each; new connections are spread across them in turn.
public final class EventLoopGroup: Sendable {
    /// The loops, in the order `next()` hands them out.
    public let loops: [EventLoop]
    private let cursor = Atomic<Int>(0)

    /// Makes `count` loops named `<name>-0`, `<name>-1`, ...; they do nothing until `start()`.
    ///
    /// - Throws: `TransportError` when a loop cannot be made.
    public init(count: Int, name: String = "loop") throws(TransportError) {
        precondition(count > 0, "an event loop group needs at least one loop")
        var loops: [EventLoop] = []
        for index in 0..<count {
            loops.append(try EventLoop(name: "\(name)-\(index)"))
        }
        self.loops = loops
    }

    /// Starts every loop's thread.
    public func start() throws(TransportError) {
        for loop in loops { try loop.start() }
    }

    /// Stops every loop and waits for their threads. Must not be called on one of the loops.
    public func stop() {
        for loop in loops { loop.stop() }
    }

    /// The next loop in turn; callable from any thread.
    public func next() -> EventLoop {
        loops[cursor.wrappingAdd(1, ordering: .relaxed).oldValue % loops.count]
    }
}
