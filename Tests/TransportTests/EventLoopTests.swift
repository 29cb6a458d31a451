import Foundation
import Synchronization
import Testing

@testable import Transport

@Suite("Event loop, group and worker pool")
struct EventLoopTests {
    @Test func runsSubmittedTasksOnItsThreadInOrder() throws {
        let loop = try EventLoop(name: "test-tasks")
        try loop.start()
        let seen = Mutex<[Int]>([])
        let onLoop = Mutex<[Bool]>([])
        let done = DispatchSemaphore(value: 0)
        for index in 0..<100 {
            loop.execute {
                seen.withLock { $0.append(index) }
                onLoop.withLock { $0.append(loop.inEventLoop) }
                if index == 99 { done.signal() }
            }
        }
        #expect(done.wait(timeout: .now() + 5) == .success)
        #expect(seen.withLock { $0 } == Array(0..<100))
        #expect(onLoop.withLock { $0 }.allSatisfy { $0 })
        #expect(!loop.inEventLoop)
        loop.stop()
    }

    @Test func firesTimersByDeadlineAndSkipsCancelledOnes() throws {
        let loop = try EventLoop(name: "test-timers")
        try loop.start()
        let fired = Mutex<[String]>([])
        let done = DispatchSemaphore(value: 0)
        let started = ContinuousClock.now
        loop.execute {
            loop.schedule(after: .milliseconds(60)) {
                fired.withLock { $0.append("late") }
                done.signal()
            }
            loop.schedule(after: .milliseconds(20)) { fired.withLock { $0.append("early") } }
            let cancelled = loop.schedule(after: .milliseconds(40)) { fired.withLock { $0.append("cancelled") } }
            loop.cancel(cancelled)
        }
        #expect(done.wait(timeout: .now() + 5) == .success)
        #expect(fired.withLock { $0 } == ["early", "late"])
        #expect(ContinuousClock.now - started >= .milliseconds(60))
        loop.stop()
    }

    @Test func spreadsWorkAcrossTheGroupInTurn() throws {
        let group = try EventLoopGroup(count: 3, name: "test-group")
        let picked = (0..<6).map { _ in ObjectIdentifier(group.next()) }
        #expect(picked[0] != picked[1] && picked[1] != picked[2] && picked[0] != picked[2])
        #expect(Array(picked[0..<3]) == Array(picked[3..<6]))
        try group.start()
        group.stop()
    }

    @Test func workerPoolRunsEveryQueuedItemBeforeShuttingDown() throws {
        let pool = try WorkerPool(threads: 3, name: "test-pool")
        let box = CountBox()
        for _ in 0..<500 {
            #expect(pool.submit { box.increment() })
        }
        pool.shutdown()
        #expect(box.value == 500)
        #expect(!pool.submit {})
    }

    @Test func aWriteToAPeerThatHasGoneIsAnErrorNotACrash() throws {
        let server = try TestServer(handler: { _ in
            HTTPResponse(status: .ok, body: [UInt8](repeating: 7, count: 4 * 1024 * 1024))
        })
        for _ in 0..<5 {
            let client = try server.client()
            client.send("GET /big HTTP/1.1\r\nHost: a\r\n\r\n")
            client.close()
        }
        let survivor = try server.client()
        survivor.send("GET /small HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(survivor.readResponse()?.body.count == 4 * 1024 * 1024)
        server.stop()
    }
}

/// Counts from many threads.
final class CountBox: Sendable {
    private let count = Atomic<Int>(0)
    func increment() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}
