// swift-tools-version:6.0
// siptrace: a SIP packet-trace analyzer.
//
// One target per pipeline stage, dependencies pointing one way:
//   CPcap → Capture ; Decode ; SIP ; Calls ; Catalog ; Report ; SIPTrace (wiring) ; siptrace (CLI)
// Only `Capture` sees libpcap. `Decode` takes a link type and bytes. `SIP` takes a payload.
import PackageDescription

let package = Package(
    name: "siptrace",
    products: [
        .library(name: "SIPTrace", targets: ["SIPTrace"]),
        .executable(name: "siptrace", targets: ["siptrace"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CPcap",
            pkgConfig: "libpcap",
            providers: [.apt(["libpcap-dev"]), .brew(["libpcap"])]
        ),
        .target(name: "Capture", dependencies: ["CPcap"]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "Decode", dependencies: ["CZlib"]),
        .target(name: "CByteScan"),
        .target(name: "SIP", dependencies: ["CByteScan"]),
        .target(name: "CPrefetch"),
        .target(name: "Calls", dependencies: ["Decode", "SIP", "CPrefetch"]),
        .target(name: "Catalog"),
        .target(name: "Report", dependencies: ["Decode", "SIP", "Calls", "Catalog"]),
        .target(name: "Check", dependencies: ["Report", "Calls", .product(name: "Yams", package: "Yams")]),
        .target(
            name: "SIPTrace",
            dependencies: ["Capture", "Decode", "SIP", "Calls", "Catalog", "Report"]
        ),
        .executableTarget(
            name: "siptrace",
            dependencies: [
                "SIPTrace",
                "Check",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Shared by the test targets only: where the fixtures are, how to run the binary.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "CaptureTests", dependencies: ["Capture", "TestSupport"]),
        .testTarget(name: "DecodeTests", dependencies: ["Decode", "TestSupport"]),
        .testTarget(name: "SIPTests", dependencies: ["SIP", "CByteScan", "TestSupport"]),
        .testTarget(name: "CallsTests", dependencies: ["Calls", "SIP", "Decode", "TestSupport"]),
        .testTarget(name: "CatalogTests", dependencies: ["Catalog"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Calls", "Catalog", "SIP", "Decode", "TestSupport"]),
        .testTarget(
            name: "SIPTraceTests", dependencies: ["SIPTrace", "TestSupport"], exclude: ["CorpusExceptions.json"]),
        .testTarget(name: "siptraceTests", dependencies: ["TestSupport"], exclude: ["live"]),
        .testTarget(
            name: "CheckTests", dependencies: ["Check", "SIPTrace", "TestSupport"], exclude: ["junit.xsd", "rules"]),
    ]
)
