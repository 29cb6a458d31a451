import Commands
import Crypto
import Foundation
import Node

/// `gcscp ca`, `gcscp csr` and `gcscp certificate`: the federation's certificates.
enum CertificateCommands {
    static let authority = Command(
        name: "ca",
        abstract: "Run the federation's certificate authority (on the custodian).",
        subcommands: [
            Command(
                name: "init",
                abstract: "Make the federation root and the issuing CA.",
                discussion: """
                    Writes ca/root.pem and ca/root-key.pem (move the root key offline once the issuing CA exists),
                    ca/issuing.pem and keys/issuing-ca-key.pem, and trusts the new root in tls/federation-root.pem.
                    Records the CRL URL in ca/crl-url (every certificate the CA issues names it) and writes a first,
                    empty CRL to ca/crl.der; the custodian's portal serves it at /ca/crl. Makes the directory key
                    (keys/directory-key.pem), certified by the root, and directory version 1 listing the custodian.
                    """,
                options: [
                    .init(name: "--dir", valueName: "DIR", help: "The custodian's node folder.", isRequired: true),
                    .init(
                        name: "--name", valueName: "NAME", help: "The federation's name (default: GCSCP federation)."),
                    .init(
                        name: "--crl-url", valueName: "URL",
                        help: "Where the CRL is published (default: https://<portal.listen>/ca/crl)."),
                ],
                run: initialize),
            Command(
                name: "sign",
                abstract: "Issue a node certificate for a certificate request.",
                options: [
                    .init(name: "--dir", valueName: "DIR", help: "The custodian's node folder.", isRequired: true),
                    .init(
                        name: "--out", valueName: "FILE", help: "Write the certificate chain here (default: stdout)."),
                    .init(name: "--days", valueName: "N", help: "Lifetime in days, 1 to 825 (default 365)."),
                    .init(
                        name: "--dns", valueName: "NAME", help: "A DNS name the node answers to.", isRepeatable: true),
                    .init(
                        name: "--ip", valueName: "ADDRESS", help: "An IP address the node answers on.",
                        isRepeatable: true),
                ],
                arguments: [("REQUEST", "The certificate request (PEM) made by 'gcscp csr'.")],
                run: sign),
            revoke,
            revocationList,
        ])

    static let request = Command(
        name: "csr",
        abstract: "Make a certificate request for this node's TLS key, naming its class and code.",
        options: [
            .init(name: "--dir", valueName: "DIR", help: "The node folder.", isRequired: true),
            .init(name: "--out", valueName: "FILE", help: "Write the request here (default: stdout)."),
        ],
        run: makeRequest)

    static let install = Command(
        name: "certificate",
        abstract: "Manage this node's certificate.",
        subcommands: [
            Command(
                name: "install",
                abstract: "Install the certificate the custodian issued, and the federation root.",
                discussion: "The certificate must be for this node's TLS key, class and code.",
                options: [
                    .init(name: "--dir", valueName: "DIR", help: "The node folder.", isRequired: true),
                    .init(
                        name: "--certificate", valueName: "FILE", help: "The chain from 'gcscp ca sign'.",
                        isRequired: true),
                    .init(
                        name: "--root", valueName: "FILE", help: "The federation root certificate.", isRequired: true),
                ],
                run: installCertificate)
        ])

    static func initialize(_ arguments: ParsedArguments) throws -> Int32 {
        let directory = NodeDirectory(path: try arguments.required("--dir"))
        let root = try directory.initializeCertificateAuthority(
            name: arguments.value("--name") ?? "GCSCP federation", crlURL: arguments.value("--crl-url"))
        print("Made the federation root (\(root.subject)), valid until \(root.notAfter).")
        print("  root certificate:   \(directory.rootCertificatePath)")
        print("  issuing CA:         \(directory.issuingCertificatePath)")
        let url = try directory.crlDistributionPoint()
        print("  CRL:                \(directory.revocationListPath), to publish at \(url)")
        print("  directory key:      \(directory.directoryKeyPath) (mode 600)")
        print("  directory:          version 1 in \(directory.directoryFolderPath)")
        if arguments.value("--crl-url") == nil, try directory.loadConfiguration().portalListen.port == 0 {
            let warning = "warning: portal.listen picks a free port, so no client can reach \(url); give --crl-url\n"
            FileHandle.standardError.write(Data(warning.utf8))
        }
        print("Move \(directory.rootKeyPath) offline: only a new issuing CA needs it.")
        return ExitCode.success
    }

    static func sign(_ arguments: ParsedArguments) throws -> Int32 {
        let directory = NodeDirectory(path: try arguments.required("--dir"))
        let requestPath = arguments.arguments[0]
        let request = try readText(requestPath, what: "certificate request")
        let days = try arguments.value("--days").map { text in
            guard let days = Int(text), (1...825).contains(days) else {
                throw UsageError("gcscp ca sign: --days takes a number of days from 1 to 825, not '\(text)'")
            }
            return days
        }
        let chain: String
        do {
            chain = try directory.issueCertificate(
                requestPEM: request, dnsNames: arguments.all("--dns"), ipAddresses: arguments.all("--ip"),
                days: days ?? 365)
        } catch {
            throw NodeError(error.code, "\(requestPath): \(error.message)")
        }
        try writeResult(chain, to: arguments.value("--out"))
        // Say what was signed: the operator vouches for this identity and key.
        if let leaf = try? Certificate.chain(pemRepresentation: chain).first {
            let identity = leaf.nodeIdentity?.uri ?? "no node identity"
            let key = leaf.publicKeyHash.prefix(8).map { String(format: "%02x", $0) }.joined()
            FileHandle.standardError.write(
                Data("Issued \(identity) for TLS key \(key)..., valid until \(leaf.notAfter)\n".utf8))
        }
        return ExitCode.success
    }

    static let revoke = Command(
        name: "revoke",
        abstract: "Revoke a node certificate the issuing CA issued, and rewrite the CRL.",
        discussion: """
            Appends the certificate's serial number, the date and the reason to ca/revoked and replaces ca/crl.der.
            Revoke the node in the federation directory too: peers act on the directory, TLS clients on the CRL.
            """,
        options: [
            .init(name: "--dir", valueName: "DIR", help: "The custodian's node folder.", isRequired: true),
            .init(
                name: "--reason", valueName: "REASON",
                help: "One of \(RevocationReason.allCases.map(\.name).joined(separator: ", ")) (default unspecified)."),
        ],
        arguments: [("CERTIFICATE", "The node's certificate (PEM), such as the chain 'gcscp ca sign' wrote.")],
        run: revokeCertificate)

    static let revocationList = Command(
        name: "crl",
        abstract: "Issue a fresh CRL (new update times) into ca/crl.der and write it out.",
        options: [
            .init(name: "--dir", valueName: "DIR", help: "The custodian's node folder.", isRequired: true),
            .init(name: "--out", valueName: "FILE", help: "Write the CRL here too (default: stdout)."),
            .init(name: "--pem", valueName: nil, help: "Write PEM instead of DER."),
        ],
        run: renewRevocationList)

    static func revokeCertificate(_ arguments: ParsedArguments) throws -> Int32 {
        let directory = NodeDirectory(path: try arguments.required("--dir"))
        let word = arguments.value("--reason") ?? RevocationReason.unspecified.name
        guard let reason = RevocationReason(name: word) else {
            let names = RevocationReason.allCases.map(\.name).joined(separator: ", ")
            throw UsageError("\(arguments.commandPath): --reason must be one of \(names), not '\(word)'")
        }
        let path = arguments.arguments[0]
        let text = try readText(path, what: "certificate")
        let (revoked, list) = try directory.revokeCertificate(certificatePEM: text, reason: reason)
        print(
            "Revoked serial \(revoked.serialNumber) (\(reason.name)) at \(revoked.revocationDate.formatted(.iso8601)).")
        print("\(directory.revocationListPath) now lists \(list.revokedCertificates.count) revoked certificate(s).")
        return ExitCode.success
    }

    static func renewRevocationList(_ arguments: ParsedArguments) throws -> Int32 {
        let directory = NodeDirectory(path: try arguments.required("--dir"))
        let list = try directory.renewRevocationList()
        let bytes = arguments.flag("--pem") ? Array(list.pemRepresentation.utf8) : list.derRepresentation
        guard let path = arguments.value("--out") else {
            FileHandle.standardOutput.write(Data(bytes))
            return ExitCode.success
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw NodeError(.input, "\(path): could not write the file")
        }
        return ExitCode.success
    }

    static func makeRequest(_ arguments: ParsedArguments) throws -> Int32 {
        let directory = NodeDirectory(path: try arguments.required("--dir"))
        let request = try directory.makeCertificateRequest()
        try writeResult(request.pemRepresentation, to: arguments.value("--out"))
        if let out = arguments.value("--out") {
            print("Wrote a certificate request for \(request.identity.uri) to \(out); send it to the custodian.")
        }
        return ExitCode.success
    }

    static func installCertificate(_ arguments: ParsedArguments) throws -> Int32 {
        let directory = NodeDirectory(path: try arguments.required("--dir"))
        try directory.installCertificate(
            chainPEM: try readText(try arguments.required("--certificate"), what: "certificate"),
            rootPEM: try readText(try arguments.required("--root"), what: "root certificate"))
        print("Installed \(directory.certificatePath) and \(directory.federationRootPath).")
        return ExitCode.success
    }

    static func readText(_ path: String, what: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NodeError(.input, "\(path): the \(what) is missing or unreadable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw NodeError(.input, "\(path): the \(what) is not PEM text")
        }
        return text
    }

    static func writeResult(_ text: String, to path: String?) throws {
        guard let path else {
            print(text, terminator: "")
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw NodeError(.input, "\(path): could not write the file")
        }
    }
}
