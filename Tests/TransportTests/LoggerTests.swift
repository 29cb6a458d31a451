import Testing

@testable import Transport

@Suite("Logger")
struct LoggerTests {
    @Test func dropsRecordsBelowItsLevelAndMergesMetadata() {
        let logs = LogCollector()
        let logger = Logger(label: "transport", level: .info, sink: logs.sink).with("peer.address", "127.0.0.1:5")
        logger.debug("not kept")
        logger.info("handshake refused", ["tls.error": "no certificate"])
        logger.critical("stopping")
        #expect(logs.all.map(\.message) == ["handshake refused", "stopping"])
        #expect(logs.all.first?.metadata == ["peer.address": "127.0.0.1:5", "tls.error": "no certificate"])
        #expect(logs.all.map(\.level) == [.info, .critical])
    }

    @Test func formatsLogfmtWithSortedKeysAndQuotedValues() {
        let record = Logger.Record(
            label: "transport", level: .warning, message: "accept failed",
            metadata: ["z.last": "plain", "a.first": "two words", "m.quote": "say \"hi\"\n"],
            millisecondsSince1970: 784_111_777_042)
        #expect(
            LogFormat.logfmt(record)
                == "time=1994-11-06T08:49:37.042Z level=warning label=transport msg=\"accept failed\" "
                + "a.first=\"two words\" m.quote=\"say \\\"hi\\\"\\n\" z.last=plain")
    }

    @Test func levelsAreOrderedFromTraceToCritical() {
        #expect(
            Logger.Level.allCases.map(\.description) == [
                "trace", "debug", "info", "notice", "warning", "error", "critical",
            ])
        #expect(Logger.Level.allCases.sorted() == Logger.Level.allCases)
        #expect(Logger.Level.notice > .info)
    }
}
