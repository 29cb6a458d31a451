// swift-tools-version:6.0
// The GCSCP node: one package, layered from the C libraries up to the command-line program.
import PackageDescription

let package = Package(
    name: "gcscp",
    products: [
        .executable(name: "gcscp", targets: ["gcscp"]),
        .executable(name: "gcscp-bench", targets: ["gcscp-bench"]),
        .executable(name: "http1-fuzz", targets: ["HTTP1Fuzz"]),
    ],
    targets: [
        // C libraries from Debian, each behind a thin shim header.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CNGHTTP2", pkgConfig: "libnghttp2", providers: [.apt(["libnghttp2-dev"])]),
        // Linux headers the Glibc module leaves out (epoll, eventfd); no library to link.
        .systemLibrary(name: "CLinux"),

        // One Swift wrapper per C library; no C type above these.
        .target(name: "SQLite", dependencies: ["CSQLite"]),
        .target(name: "Crypto", dependencies: ["COpenSSL"]),
        .target(name: "HTTP2", dependencies: ["CNGHTTP2"]),

        // The domain model: records, envelopes, clocks, merge. No I/O.
        .target(name: "Model", dependencies: ["Crypto"]),

        // The node: storage, network, and the node itself.
        .target(name: "Store", dependencies: ["Model", "SQLite", "Crypto"]),
        .target(name: "Transport", dependencies: ["Crypto", "HTTP2", "CLinux"]),
        .target(name: "Node", dependencies: ["Store", "Transport", "Model", "Crypto"]),

        // Programs, and the command-line parsing they share.
        .target(name: "Commands"),
        .executableTarget(name: "gcscp", dependencies: ["Node", "Store", "Model", "Transport", "Commands"]),
        .executableTarget(
            name: "gcscp-bench", dependencies: ["Node", "Store", "SQLite", "Transport", "Crypto", "Commands"]),
        // A libFuzzer target for the HTTP/1.1 parser when built with -DFUZZING; a replay tool otherwise.
        .executableTarget(name: "HTTP1Fuzz", dependencies: ["Transport"]),

        .testTarget(name: "SQLiteTests", dependencies: ["SQLite"]),
        .testTarget(name: "CryptoTests", dependencies: ["Crypto"]),
        .testTarget(name: "HTTP2Tests", dependencies: ["HTTP2"]),
        .testTarget(name: "ModelTests", dependencies: ["Model"]),
        .testTarget(name: "StoreTests", dependencies: ["Store"]),
        .testTarget(name: "TransportTests", dependencies: ["Transport"]),
        .testTarget(name: "NodeTests", dependencies: ["Node"]),
        .testTarget(name: "gcscpTests", dependencies: ["Node", "Crypto", "gcscp", "gcscp-bench"]),
    ],
    swiftLanguageModes: [.v6]
)
