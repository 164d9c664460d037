// swift-tools-version: 6.1
// ClaimsRisk benchmarks: a nested package so that the benchmark dependency tree stays out of
// the main package's `swift build` / `swift test`. Run from this directory with
// `swift package benchmark` (or `make bench` from the top level). See docs/performance.md.
import PackageDescription

let package = Package(
  name: "ClaimsRiskBenchmarks",
  dependencies: [
    .package(name: "ClaimsRisk", path: "../"),
    // The default traits pull in a runtime-interposer package that is not mirrored here.
    .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
  ],
  targets: []
)

// One executable target per suite, as in ordo-one/benchmark's own Benchmarks/Package.swift.
package.targets += [
  .executableTarget(
    name: "EngineBenchmarks",
    dependencies: [
      .product(name: "Benchmark", package: "benchmark"),
      .product(name: "ClaimsEngine", package: "ClaimsRisk"),
      .product(name: "ClaimsModel", package: "ClaimsRisk"),
      .product(name: "GSLRandom", package: "ClaimsRisk"),
    ],
    path: "Benchmarks/EngineBenchmarks",
    plugins: [
      .plugin(name: "BenchmarkPlugin", package: "benchmark")
    ]
  )
]
