// swift-tools-version: 6.1
import PackageDescription
import Foundation

/// `CITYMATCH_TARGET_CPU=native` (or a CPU name such as `znver4`, `haswell`) compiles the core for
/// that processor: its vector kernels then use AVX2/AVX-512 instead of baseline x86-64 SSE2, and
/// fused multiply–adds where the CPU has them (`CITYMATCH_FMA`; without hardware FMA an `fma` is a
/// library call per lane, so the portable build never uses it). The benchmark scripts and
/// `scripts/setup release` set `native`; unset, the build runs on any x86-64.
let coreTargetCPU: [SwiftSetting] = {
    guard let cpu = Context.environment["CITYMATCH_TARGET_CPU"], !cpu.isEmpty else { return [] }
    let fmaFamilies = ["haswell", "broadwell", "skylake", "cascadelake", "cooperlake", "cannonlake", "icelake",
                       "tigerlake", "alderlake", "sapphirerapids", "znver"]
    let hasFMA = cpu == "native"
        ? ((try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.contains(" fma ") ?? false)
        : fmaFamilies.contains { cpu.hasPrefix($0) }
    return [.unsafeFlags(["-target-cpu", cpu])] + (hasFMA ? [.define("CITYMATCH_FMA")] : [])
}()

let package = Package(
    name: "CityMatch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "citymatch", targets: ["citymatch"]),
        .library(name: "CityMatchCore", targets: ["CityMatchCore"]),
        .library(name: "CityMatchStore", targets: ["CityMatchStore"]),
        .library(name: "CityMatchServer", targets: ["CityMatchServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // The HTTP server (`citymatch serve`).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    ],
    targets: [
        // OpenBLAS through pkg-config (Debian: libopenblas-dev puts cblas.h under
        // /usr/include/x86_64-linux-gnu/openblas-pthread/, which pkg-config reports).
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // The pure core: values in, values out. No files, sockets, clocks or terminal.
        .target(
            name: "CityMatchCore",
            dependencies: [
                "COpenBLAS",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // The encoder's and the index's hot loops are unusable unoptimised, and tests
            // and notebooks run them in debug builds: the core is optimised in both.
            swiftSettings: [
                .unsafeFlags(["-Ounchecked"], .when(configuration: .release)),
                .unsafeFlags(["-O"], .when(configuration: .debug)),
            ] + coreTargetCPU
        ),
        // The edges: catalog files, the SQLite store, model files, index files.
        .target(
            name: "CityMatchStore",
            dependencies: [
                "CityMatchCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The HTTP server over the same core and store as the CLI.
        .target(
            name: "CityMatchServer",
            dependencies: [
                "CityMatchCore",
                "CityMatchStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // openapi.json is compiled into the binary (served wherever the binary runs); the
            // optional static page (Resources/Public/, index.html at /) is a copied resource.
            resources: [.embedInCode("Resources/openapi.json"), .copy("Resources/Public")]
        ),
        .executableTarget(
            name: "citymatch",
            dependencies: [
                "CityMatchCore",
                "CityMatchStore",
                "CityMatchServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "CityMatchCoreTests",
            dependencies: ["CityMatchCore"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "CityMatchStoreTests",
            dependencies: ["CityMatchStore", "CityMatchCore"]
        ),
        .testTarget(
            name: "CityMatchServerTests",
            dependencies: [
                "CityMatchServer", "CityMatchStore", "CityMatchCore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["citymatch"]
        ),
    ]
)
