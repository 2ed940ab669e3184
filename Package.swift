// swift-tools-version: 6.1
import PackageDescription

/// Swift settings shared by every target: Swift 6 language mode (the tools version default) with
/// the upcoming features STYLE.md asks for.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
let cryptoExtras = Target.Dependency.product(name: "_CryptoExtras", package: "swift-crypto")
let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let prometheus = Target.Dependency.product(name: "Prometheus", package: "swift-prometheus")
let asyncHTTPClient = Target.Dependency.product(name: "AsyncHTTPClient", package: "async-http-client")
let httpTypes = Target.Dependency.product(name: "HTTPTypes", package: "swift-http-types")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let nioCore = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
let postgresNIO = Target.Dependency.product(name: "PostgresNIO", package: "postgres-nio")

let package = Package(
    name: "Lunas",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "lunas", targets: ["lunas"]),
        .library(name: "QRIS", targets: ["QRIS"]),
        .library(name: "QRImage", targets: ["QRImage"]),
        .library(name: "Ledger", targets: ["Ledger"]),
        .library(name: "Reconciliation", targets: ["Reconciliation"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Imported directly by our code (Hummingbird and AsyncHTTPClient bring them anyway).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.3.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
        // Settings of `lunas serve` and `lunas acquirer-sim` (the `Settings` target): only the default
        // `JSON` trait (config file); the command line is parsed by ArgumentParser and handed over as
        // an in-memory provider.
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        // The staff console: sessions and bcrypt (hummingbird-auth), server-rendered pages (swift-mustache).
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // The PostgreSQL ledger store (`LedgerPostgres`, issue #18): the wire protocol, connection pool
        // and TLS through NIOSSL. Only `LedgerPostgres` and its tests import it.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Pure modules.
        // What every module's error struct shares: the code protocol, the source location, the rendering.
        .target(name: "ErrorModel", swiftSettings: strict),
        .target(name: "QRIS", dependencies: ["ErrorModel"], swiftSettings: strict),
        .target(name: "QRImage", dependencies: ["CQRencode", "CZlib"], swiftSettings: strict),
        .target(name: "Ledger", dependencies: ["ErrorModel", "QRIS", crypto], swiftSettings: strict),
        .target(
            name: "Reconciliation", dependencies: ["ErrorModel", "Ledger", "QRIS", crypto], swiftSettings: strict),
        // Command settings: the setting descriptor, a command's table and its one reader over
        // swift-configuration (command line > environment > configuration file > defaults), shared by
        // `lunas serve` (API) and `lunas acquirer-sim` (AcquirerSimulator).
        .target(
            name: "Settings",
            dependencies: [
                "ErrorModel", "Ledger", .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strict),
        .target(
            name: "Acquirer",
            dependencies: [
                "ErrorModel", "Ledger", "QRIS", crypto, cryptoExtras, asyncHTTPClient, nioCore,
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict),
        // A faithful acquirer for demos and tests: SNAP server, payer, notifies with retries,
        // settlement files. Linked by `lunas acquirer-sim` and tests, never by `API`.
        .target(
            name: "AcquirerSimulator",
            dependencies: [
                "Acquirer", "Ledger", "QRIS", "Reconciliation", "Settings", hummingbird, httpTypes, logging,
            ],
            swiftSettings: strict),
        // What a printed ticket shows, from ledger records and the city's ticket catalogue; used by the
        // server (API) and the handheld client alike.
        .target(name: "Tickets", dependencies: ["Ledger", "QRIS", "QRImage"], swiftSettings: strict),
        // Domain services: issuing, closing, cancelling, applying settlement files; throws domain errors.
        .target(
            name: "Issuing", dependencies: ["Ledger", "QRIS", "Acquirer", "Reconciliation"], swiftSettings: strict),
        // HTTP: Hummingbird routes, auth, DTOs, OpenAPI, HTML pages.
        .target(
            name: "API",
            dependencies: [
                "QRIS", "QRImage", "Ledger", "Reconciliation", "Acquirer", "Issuing", "Settings", "Tickets", "CZlib",
                crypto, hummingbird,
                prometheus, logging, httpTypes, nioCore, .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strict
        ),
        // The reference handheld client (`lunas handheld`): its local queue on GRDB, offline issuance
        // from the signed bundle, printer output, sync over AsyncHTTPClient.
        .target(
            name: "Handheld",
            dependencies: [
                "ErrorModel", "Ledger", "QRImage", "Tickets", asyncHTTPClient, grdb, nioCore,
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict),
        // Stores.
        // The ledger's SQL in terms both engines share (issue #18): values, rows, sessions, placeholders.
        .target(name: "LedgerSQL", dependencies: ["Ledger"], swiftSettings: strict),
        .target(name: "LedgerSQLite", dependencies: ["Ledger", "LedgerSQL", grdb], swiftSettings: strict),
        // The PostgreSQL store (issue #18, being built): the versioned schema, the one event chain
        // that several nodes append to, and what a node keeps on disk on SQLite (X-EXTERNAL-IDs, notify
        // replays, receipt keys, the settlement archive) as rows shared by every node, behind the
        // protocols of Acquirer, Ledger and Reconciliation. PostgresNIO types stay inside this module.
        .target(
            name: "LedgerPostgres",
            dependencies: ["Ledger", "LedgerSQL", "Acquirer", "Reconciliation", postgresNIO, logging],
            swiftSettings: strict),
        // System-library shims.
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // The command line: argument parsing and wiring only.
        .executableTarget(
            name: "lunas",
            dependencies: [
                "QRIS", "QRImage", "Ledger", "LedgerSQLite", "LedgerPostgres", "Reconciliation", "Acquirer",
                "AcquirerSimulator", "API", "Issuing", "Settings", "Handheld", argumentParser, hummingbird, logging,
            ],
            swiftSettings: strict
        ),
        // The one process runner and the one seeded random generator of every test target; imports no
        // Lunas module.
        .target(name: "LunasTestSupport", dependencies: ["Ledger"], path: "Tests/Support", swiftSettings: strict),
        .testTarget(
            name: "QRISTests", dependencies: ["QRIS", "LunasTestSupport"], resources: [.copy("Fixtures")],
            swiftSettings: strict),
        .testTarget(
            name: "QRImageTests", dependencies: ["QRImage", "CQRencode", "CZlib", "LunasTestSupport"],
            swiftSettings: strict),
        .testTarget(name: "LedgerTests", dependencies: ["Ledger", "QRIS", "LunasTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "LedgerSQLiteTests",
            dependencies: [
                "LedgerSQLite", "LedgerSQL", "LedgerPostgres", "Ledger", "Reconciliation", "LunasTestSupport", logging,
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ReconciliationTests",
            dependencies: ["Reconciliation", "Ledger", "LunasTestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AcquirerTests",
            dependencies: [
                "Acquirer", "AcquirerSimulator", "Ledger", "QRIS", "Reconciliation", "Settings", "LunasTestSupport",
                logging,
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "APITests",
            dependencies: [
                "API", "Ledger", "LedgerSQLite", "QRIS", "QRImage", "Acquirer", "AcquirerSimulator", "Issuing",
                "Reconciliation", "Settings", "LunasTestSupport", crypto, hummingbird, logging, httpTypes, nioCore,
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HandheldTests",
            dependencies: ["Handheld", "Ledger", "QRImage", "Tickets", "LunasTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "LedgerPostgresTests",
            dependencies: [
                "LedgerPostgres", "Ledger", "LedgerSQL", "LedgerSQLite", "Acquirer", "Reconciliation", "API",
                "LunasTestSupport", logging,
            ],
            swiftSettings: strict),
        .testTarget(
            name: "LunasCLITests",
            dependencies: ["QRIS", "Ledger", "LedgerSQL", "LedgerSQLite", "Reconciliation", "LunasTestSupport"],
            swiftSettings: strict),
    ]
)

// Benchmarks (ordo-one/benchmark) are built only on request, so `swift build` and `swift test`
// never compile them: `LUNAS_BENCHMARKS=1 swift package benchmark --target QRISBenchmarks`.
if Context.environment["LUNAS_BENCHMARKS"] == "1" {
    package.dependencies.append(
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"])
    )
    let benchmarkTargets: [(name: String, dependencies: [Target.Dependency])] = [
        ("QRISBenchmarks", ["QRIS"]),
        ("QRImageBenchmarks", ["QRImage", "QRIS"]),
        ("LedgerBenchmarks", ["Ledger", "LedgerSQLite", "QRIS"]),
    ]
    for target in benchmarkTargets {
        package.targets.append(
            .executableTarget(
                name: target.name,
                dependencies: target.dependencies + [.product(name: "Benchmark", package: "benchmark")],
                path: "Benchmarks/\(target.name)",
                swiftSettings: strict,
                plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
            )
        )
    }
}
