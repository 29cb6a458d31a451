import Crypto
import Dispatch
import Foundation
import Model
import Testing

@testable import Store

/// Reads on several threads while the writer commits; async callers through `perform`.
@Suite struct ConcurrencyTests {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory() }

    static func id(_ number: Int) -> RecordID {
        RecordID(bytes: [0x01, 0x9b] + [UInt8](repeating: 0, count: 12) + [UInt8(number >> 8), UInt8(number & 0xff)])!
    }

    @Test func readersSeeCommittedWritesOnly() throws {
        let store = try openStore(in: directory, "threads")
        let writes = 150
        let failures = FailureLog()

        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            if thread == 0 {
                for number in 0..<writes {
                    let visibility: Visibility = number % 2 == 0 ? .public : .members
                    do {
                        _ = try store.write(
                            type: documentType, id: Self.id(number), visibility: visibility, payload: [1])
                    } catch {
                        failures.add("write \(number): \(error)")
                    }
                }
                return
            }
            // Each reader polls until it has seen every write, for at most 2,000 rounds.
            var lastSeen = 0
            for _ in 0..<2000 {
                do {
                    let seen = try store.recordCounts(scope: .members).map(\.count).reduce(0, +)
                    if seen < lastSeen { failures.add("the count went back from \(lastSeen) to \(seen)") }
                    lastSeen = seen
                    let head = try store.streamHeads(scope: .members).map(\.contiguous).reduce(0, +)
                    if head + 1 < UInt64(seen) { failures.add("heads \(head) behind records \(seen)") }
                } catch {
                    failures.add("read: \(error)")
                }
                if lastSeen == writes { break }
            }
        }

        #expect(failures.messages.isEmpty, "\(failures.messages.prefix(5))")
        #expect(try store.recordCounts(scope: .members).map(\.count).reduce(0, +) == writes)
    }

    @Test func asyncCallersGoThroughPerform() async throws {
        let store = try openStore(in: directory, "async")
        let id = Self.id(1)

        let written = try await store.perform {
            try $0.write(type: documentType, id: id, visibility: .public, payload: [9])
        }
        let read = try await store.perform { try $0.record(id: id, scope: .publicOnly) }

        #expect(written.recordVersion == 1)
        #expect(read?.payload == [9])
    }
}

/// Collects failures from several threads.
// @unchecked Sendable: `messages` is only touched under `lock`.
final class FailureLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    func add(_ message: String) {
        lock.lock()
        stored.append(message)
        lock.unlock()
    }

    var messages: [String] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
