// swift-tools-version:6.1
// siptrace's performance harness, a package of its own so the main build and
// its tests never pay for it (STYLE.md: speed and allocation counts live here).
//
//   capgen               writes large realistic SIP captures, no network needed
//   SIPTraceBenchmarks   package-benchmark stage benchmarks with malloc counts
//   compare.sh           siptrace against tshark and a bare libpcap loop
import PackageDescription

let package = Package(
    name: "SIPTraceBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        // The parent: named, since a path dependency's identity is its folder's name.
        .package(name: "siptrace", path: ".."),
        // MallocInterposer only: it counts mallocs. The Linux 6.3 runtime
        // (ARC) interposer is another package and is left out.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(name: "CaptureGenerator"),
        .executableTarget(name: "capgen", dependencies: ["CaptureGenerator"]),
        .executableTarget(
            name: "SIPTraceBenchmarks",
            dependencies: [
                "CaptureGenerator",
                .product(name: "SIPTrace", package: "siptrace"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/SIPTraceBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
