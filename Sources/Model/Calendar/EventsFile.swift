import Foundation

/// Reads the shared events file (`shared/data/events.json`: `{"events": [...]}` with local ISO dates, an IANA zone,
/// nulls where a source is silent) into `CalendarEvent`s.
///
/// Every field of every event is checked, and all problems are reported together, each naming the event and the
/// field, so one pass over a file shows everything to fix.
public enum EventsFile {
    /// Decodes the file's bytes.
    ///
    /// - Throws: `EventsFileError` with one problem per bad field when any event cannot be read, or when the bytes
    ///   are not a JSON object with an `events` array.
    public static func decode(_ data: Data) throws(EventsFileError) -> [CalendarEvent] {
        let root = try? JSONSerialization.jsonObject(with: data)
        guard let events = (root as? [String: Any])?["events"] as? [Any] else {
            let problem = FieldProblem(
                field: "events", .wrongFormat, "The file must be a JSON object with an events list")
            throw EventsFileError(problems: [EventProblem(index: 0, eventID: nil, problem: problem)])
        }
        var decoded: [CalendarEvent] = []
        var problems: [EventProblem] = []
        for (index, element) in events.enumerated() {
            var reader = EventFieldReader(element as? [String: Any] ?? [:])
            if let event = reader.event() {
                decoded.append(event)
            }
            let id = reader.string("id")
            problems += reader.problems.map { EventProblem(index: index, eventID: id, problem: $0) }
        }
        guard problems.isEmpty else { throw EventsFileError(problems: problems) }
        return decoded
    }
}

/// The problems found in an events file.
public struct EventsFileError: Error, Sendable, CustomStringConvertible {
    /// One entry per bad field, in file order.
    public let problems: [EventProblem]

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// A bad field of one event in a file.
public struct EventProblem: Hashable, Sendable, CustomStringConvertible {
    /// The event's position in the file, from 0.
    public let index: Int
    /// The event's id, when it has one.
    public let eventID: String?
    /// The field and what to fix.
    public let problem: FieldProblem

    public var description: String { "event \(eventID ?? "#\(index)"): \(problem)" }
}
