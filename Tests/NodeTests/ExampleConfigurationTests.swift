import Foundation
import Node
import Testing

@Suite struct ExampleConfigurationTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Nodes")

    @Test(arguments: [
        ("unoda.conf", "custodian", "UNODA"), ("ken.conf", "member", "KEN"), ("au.conf", "regional", "AU"),
    ])
    func theExampleConfigurationsAreValid(file: String, nodeClass: String, code: String) throws {
        let path = Self.folder.appendingPathComponent(file).path
        let configuration = try NodeConfiguration.load(from: path)
        #expect(configuration.nodeClass.rawValue == nodeClass)
        #expect(configuration.code.code == code)
        #expect(configuration.portalTLS)
        // Every setting has a comment above it.
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        for (index, line) in lines.enumerated() where line.contains(" = ") {
            #expect(lines[index - 1].hasPrefix("#"), "\(file): \(line) has no comment")
        }
        #expect(
            configuration.rendered()
                == String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self))
    }
}
