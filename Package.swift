// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "badil",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "badil", targets: ["badil"]),
        .library(name: "BadilCore", targets: ["BadilCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.0" ..< "5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
    ],
    targets: [
        .target(name: "BadilCore", swiftSettings: swiftSettings),
        .target(
            name: "BadilApp",
            dependencies: [
                "BadilCore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "badil",
            dependencies: ["BadilApp"],
            swiftSettings: swiftSettings
        ),
        // Timing of the matching rules alone (bench/matching/README.md).
        .executableTarget(
            name: "MatchBench",
            dependencies: ["BadilCore"],
            path: "bench/matching/MatchBench",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BadilCoreTests",
            dependencies: ["BadilCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BadilAppTests",
            dependencies: [
                "BadilApp",
                .product(name: "VaporTesting", package: "vapor"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
