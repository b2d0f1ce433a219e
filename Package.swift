// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "CityMatch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "citymatch", targets: ["citymatch"]),
        .library(name: "CityMatchCore", targets: ["CityMatchCore"]),
        .library(name: "CityMatchStore", targets: ["CityMatchStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
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
            ]
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
        .executableTarget(
            name: "citymatch",
            dependencies: [
                "CityMatchCore",
                "CityMatchStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
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
            name: "CLITests",
            dependencies: ["citymatch"]
        ),
    ]
)
