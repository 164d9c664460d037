// swift-tools-version: 6.1
// ClaimsRisk: Monte Carlo claims-risk simulator for self-funded health plans under stop-loss.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
  .enableUpcomingFeature("InternalImportsByDefault"),
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("MemberImportVisibility"),
]

// The workbench's targets reach NIO's ByteBuffer helpers through Hummingbird's re-exports.
let serverSettings: [SwiftSetting] = [
  .enableUpcomingFeature("InternalImportsByDefault"),
  .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
  name: "ClaimsRisk",
  products: [
    .executable(name: "claimsrisk", targets: ["claimsrisk"]),
    .library(name: "ClaimsEngine", targets: ["ClaimsEngine"]),
    .library(name: "ClaimsModel", targets: ["ClaimsModel"]),
    .library(name: "GSLRandom", targets: ["GSLRandom"]),
    .library(name: "ClaimsBook", targets: ["ClaimsBook"]),
    .library(name: "ClaimsCalibration", targets: ["ClaimsCalibration"]),
    .executable(name: "claimsrisk-serve", targets: ["claimsrisk-serve"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/ordo-one/TextTable", from: "0.0.2"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
  ],
  targets: [
    // MARK: - Public API
    .target(
      name: "GSLRandom",
      dependencies: ["CGSL"],
      swiftSettings: swiftSettings),
    .target(
      name: "ClaimsModel",
      dependencies: ["GSLRandom", .product(name: "Yams", package: "Yams")],
      swiftSettings: swiftSettings),
    .target(
      name: "ClaimsEngine",
      dependencies: ["ClaimsModel", "GSLRandom"],
      // The settler's per-claim updates of its class-held arrays paid a dynamic exclusivity
      // check each (swift_beginAccess: 45% of the payment-order path's instructions);
      // exclusivity is still checked statically. See docs/performance.md.
      swiftSettings: swiftSettings + [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
    .target(
      name: "ClaimsBook",
      dependencies: ["ClaimsEngine", "ClaimsModel", "GSLRandom", .product(name: "Yams", package: "Yams")],
      swiftSettings: swiftSettings),
    .target(
      name: "ClaimsCalibration",
      dependencies: ["ClaimsModel", "GSLRandom", .product(name: "Yams", package: "Yams")],
      swiftSettings: swiftSettings),
    .executableTarget(
      name: "claimsrisk",
      dependencies: [
        "ClaimsEngine", "ClaimsModel", "ClaimsBook", "ClaimsCalibration",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "TextTable", package: "TextTable"),
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      swiftSettings: swiftSettings),

    // The workbench server (`claimsrisk serve` execs `claimsrisk-serve`): only these
    // targets depend on Hummingbird, so the main binary and `make run` stay quick to build.
    .target(
      name: "ClaimsServer",
      dependencies: [
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        .product(name: "Yams", package: "Yams"),
      ],
      resources: [.embedInCode("Page/index.html"), .embedInCode("Page/openapi.json")],
      swiftSettings: serverSettings),
    .executableTarget(
      name: "claimsrisk-serve",
      dependencies: [
        "ClaimsServer",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: serverSettings),

    .executableTarget(
      name: "ScenarioFuzz",
      dependencies: ["ClaimsModel"],
      swiftSettings: swiftSettings),

    // MARK: - Implementation details
    .systemLibrary(
      name: "CGSL",
      pkgConfig: "gsl",
      providers: [.apt(["libgsl-dev"])]),

    // MARK: - Tests
    .testTarget(
      name: "GSLRandomTests",
      dependencies: ["GSLRandom", "CGSL"],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "ClaimsModelTests",
      dependencies: ["ClaimsModel"],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "ClaimsEngineTests",
      dependencies: [
        "ClaimsEngine", "ClaimsModel",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "ClaimsBookTests",
      dependencies: ["ClaimsBook", "ClaimsEngine", "ClaimsModel"],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "ClaimsCalibrationTests",
      dependencies: ["ClaimsCalibration", "ClaimsModel", "GSLRandom"],
      exclude: ["Fixtures"],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "ClaimsServerTests",
      dependencies: [
        "ClaimsServer",
        .product(name: "HummingbirdTesting", package: "hummingbird"),
      ],
      swiftSettings: serverSettings),
    .testTarget(
      name: "claimsriskTests",
      dependencies: ["claimsrisk", "ScenarioFuzz"],
      swiftSettings: swiftSettings),
  ],
  swiftLanguageModes: [.v6]
)
