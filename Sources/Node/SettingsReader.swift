/// Reads typed settings out of a `ConfigurationFile`, remembering which it read so unknown ones can be refused.
struct SettingsReader {
    let file: ConfigurationFile
    private var read: Set<String> = []

    init(file: ConfigurationFile) { self.file = file }

    func problem(_ name: String, _ message: String) -> NodeError {
        file.problem(file.settings[name]?.line ?? 0, "\(name) \(message)")
    }

    mutating func string(_ name: String) throws(NodeError) -> String? {
        read.insert(name)
        guard let setting = file.settings[name] else { return nil }
        guard case .string(let value) = setting.value else {
            throw problem(name, "must be a quoted string, not \(setting.value.typeName)")
        }
        return value
    }

    mutating func boolean(_ name: String) throws(NodeError) -> Bool? {
        read.insert(name)
        guard let setting = file.settings[name] else { return nil }
        guard case .boolean(let value) = setting.value else {
            throw problem(name, "must be true or false, not \(setting.value.typeName)")
        }
        return value
    }

    mutating func integer(_ name: String, in range: ClosedRange<Int>) throws(NodeError) -> Int? {
        read.insert(name)
        guard let setting = file.settings[name] else { return nil }
        guard case .integer(let value) = setting.value else {
            throw problem(name, "must be an integer, not \(setting.value.typeName)")
        }
        guard range.contains(value) else {
            throw problem(name, "must be \(range.lowerBound) to \(range.upperBound), not \(value)")
        }
        return value
    }

    mutating func required<T>(_ name: String, _ parse: (String) -> T?) throws(NodeError) -> T {
        guard let text = try string(name) else {
            throw NodeError(.configuration, "\(file.path): the setting \(name) is missing")
        }
        guard let value = parse(text) else { throw problem(name, "has a value that is not allowed: \"\(text)\"") }
        return value
    }

    mutating func word<T: RawRepresentable & CaseIterable>(_ name: String, of type: T.Type) throws(NodeError) -> T
    where T.RawValue == String {
        let words = T.allCases.map(\.rawValue).joined(separator: ", ")
        guard let text = try string(name) else {
            throw NodeError(.configuration, "\(file.path): the setting \(name) is missing (one of \(words))")
        }
        guard let value = T(rawValue: text) else { throw problem(name, "must be one of \(words), not \"\(text)\"") }
        return value
    }

    mutating func endpoint(_ name: String) throws(NodeError) -> Endpoint? {
        guard let text = try string(name) else { return nil }
        guard let endpoint = Endpoint(text) else { throw problem(name, "must be host:port, not \"\(text)\"") }
        return endpoint
    }

    /// Throws for the first setting in the file that was never read, in line order.
    func rejectUnknown() throws(NodeError) {
        let unknown = file.settings.filter { !read.contains($0.key) }.sorted { $0.value.line < $1.value.line }
        if let (name, setting) = unknown.first {
            throw file.problem(setting.line, "unknown setting \(name)")
        }
    }
}
