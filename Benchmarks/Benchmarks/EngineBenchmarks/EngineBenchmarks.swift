// EngineBenchmarks.swift: the claim-level engine on the reference workloads W1 and W2
// (../shared/workloads, beside the repository), the sampling primitives it is built from, and
// the allocation behaviour of its hot loop. Figures and their reading: docs/performance.md.
//
// Run from Benchmarks/: `swift package benchmark` (or `make bench` at the top level).
import Benchmark
import ClaimsEngine
import ClaimsModel
import Foundation
import GSLRandom

// MARK: - Workloads

/// `../shared/workloads` relative to the repository root, i.e. four levels above this file
/// (`<root>/Benchmarks/Benchmarks/EngineBenchmarks/EngineBenchmarks.swift`);
/// `CLAIMSRISK_WORKLOADS` overrides it.
let workloadsDirectory: String = {
  if let path = ProcessInfo.processInfo.environment["CLAIMSRISK_WORKLOADS"], !path.isEmpty {
    return path
  }
  var root = URL(fileURLWithPath: #filePath)
  for _ in 0..<4 { root.deleteLastPathComponent() }
  return root.deletingLastPathComponent().appendingPathComponent("shared/workloads").standardized.path
}()

/// A compiled workload, or nil (with a note on stderr) when its file is missing.
func loadPlan(_ file: String) -> SimulationPlan? {
  let path = workloadsDirectory + "/" + file
  do {
    return SimulationPlan(try Scenario.load(path: path))
  } catch {
    FileHandle.standardError.write(Data("EngineBenchmarks: skipping \(file): \(error)\n".utf8))
    return nil
  }
}

/// A scenario bundled in the repository's `Scenarios/` (three levels above this file's
/// directory), compiled; nil with a note on stderr when it cannot be read.
func loadBundled(_ file: String) -> Scenario? {
  var root = URL(fileURLWithPath: #filePath)
  for _ in 0..<4 { root.deleteLastPathComponent() }
  let path = root.appendingPathComponent("Scenarios/\(file)").path
  do {
    return try Scenario.load(path: path)
  } catch {
    FileHandle.standardError.write(Data("EngineBenchmarks: skipping \(file): \(error)\n".utf8))
    return nil
  }
}

/// The calibrated default model on ABC (235 members) and on the 1,256-member tiered group,
/// the tiered group with a laser (payment order), and compare's six options (specific
/// $50,000 / $75,000 / $100,000 on 12/15 and 12/12, settled on every trial). Compare with one
/// option is the plain run of its contract: `Tiered600-default`.
func bundledCases() -> [(name: String, plan: SimulationPlan, trials: Int)] {
  var cases: [(name: String, plan: SimulationPlan, trials: Int)] = []
  if let abc = loadBundled("abc-incorporated.yaml") { cases.append(("ABC-default", SimulationPlan(abc), 10_000)) }
  if let group = loadBundled("tiered-600.yaml") {
    cases.append(("Tiered600-default", SimulationPlan(group), 2_000))
    var six = group
    var options: [ContractOption] = []
    for basis in ["12/15", "12/12"] {
      for deductible in [50_000.0, 75_000, 100_000] {
        var stopLoss = group.stopLoss
        stopLoss.specific?.deductible = deductible
        stopLoss.specific?.basis = ContractBasis(parsing: basis)!
        options.append(ContractOption(name: "\(Int(deductible)) \(basis)", stopLoss: stopLoss, fixedCosts: group.fixedCosts))
      }
    }
    six.stopLoss = options[0].stopLoss
    six.options = Array(options.dropFirst())
    cases.append(("Tiered600-compare-6-options", SimulationPlan(six), 2_000))
  }
  if let laser = loadBundled("tiered-600-laser.yaml") {
    cases.append(("Tiered600-laser-payment-order", SimulationPlan(laser), 2_000))
  }
  return cases
}

/// Members of W1 and W2, and their Poisson claim rate (claims per member-year).
let members = 1_000
let claimsPerMemberYear = 6.0

/// Trials per benchmark iteration: a scaled-down W1/W2 run (100,000 trials take 20–40 s).
/// 5,000 trials are 10 chunks of the default 500, so two threads get equal shares.
let trialsPerIteration = 5_000

// MARK: - Custom metrics

extension BenchmarkMetric {
  /// Simulated member-years per second of wall time, over the whole `TrialRunner.run` call.
  static let memberYearsPerSecond = BenchmarkMetric.custom(
    "member-years per second", polarity: .prefersLarger, useScalingFactor: false)
  /// Wall picoseconds per simulated claim (expected 6 claims per member-year; the realized
  /// count of 5,000 trials is within 0.02% of it).
  static let picosecondsPerClaim = BenchmarkMetric.custom(
    "wall ps per claim", polarity: .prefersSmaller, useScalingFactor: false)
  /// Wall picoseconds per draw of a primitive (the built-in wall clock shows whole ns).
  static let picosecondsPerDraw = BenchmarkMetric.custom(
    "wall ps per draw", polarity: .prefersSmaller, useScalingFactor: false)
}

/// Times `body` (which makes `draws` draws), ends the measurement and records picoseconds
/// per draw (recording a custom metric allocates, so it stays outside the measured region).
@inline(__always)
func perDraw(_ benchmark: Benchmark, draws: Int, _ body: () -> Void) {
  let start = DispatchTime.now().uptimeNanoseconds
  body()
  let ns = DispatchTime.now().uptimeNanoseconds - start
  benchmark.stopMeasurement()
  benchmark.measurement(.picosecondsPerDraw, Int(ns * 1_000 / UInt64(max(draws, 1))))
}

// MARK: - Benchmarks
// Names carry no spaces or slashes: ordo-one/benchmark 1.38.1 writes saved thresholds under a
// name with those replaced by "_" but looks them up under the raw name.

let benchmarks: @Sendable () -> Void = {

  // MARK: Engine: W1 and W2 12/15, 5,000 trials per iteration, 1 and 2 threads.
  let workloads: [(name: String, file: String)] = [
    ("W1", "w1.yaml"),
    ("W2-12-15", "w2-12-15.yaml"),
  ]
  for workload in workloads {
    guard let plan = loadPlan(workload.file) else { continue }
    for threads in [1, 2] {
      Benchmark(
        "\(workload.name)-\(trialsPerIteration)-trials-\(threads)-thread\(threads == 1 ? "" : "s")",
        configuration: .init(
          metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal, .memberYearsPerSecond, .picosecondsPerClaim],
          units: [.memberYearsPerSecond: .count, .picosecondsPerClaim: .count],
          warmupIterations: 1,
          maxDuration: .seconds(8),
          maxIterations: 10,
          // One thread: the run's allocations are deterministic (result columns once, one
          // kernel per chunk). Two threads add Dispatch's own, which vary.
          thresholds: threads == 1 ? [.mallocCountTotal: .init(absolute: [.p90: 10])] : nil)
      ) { benchmark in
        let options = RunOptions(trials: trialsPerIteration, seed: 1, threads: threads)
        let start = DispatchTime.now().uptimeNanoseconds
        do {
          blackHole(try TrialRunner.run(plan, options: options))
        } catch {
          benchmark.error("TrialRunner.run failed: \(error)")
          return
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // Recording custom metrics allocates: keep it out of the measured region.
        benchmark.stopMeasurement()
        let memberYears = Double(trialsPerIteration * members)
        benchmark.measurement(.memberYearsPerSecond, Int(memberYears / seconds))
        benchmark.measurement(
          .picosecondsPerClaim, Int(seconds * 1e12 / (memberYears * claimsPerMemberYear)))
      }
    }
  }

  // MARK: The calibrated default model, payment order and compare (bundled scenarios), 1 and
  // 2 threads: what users run. Member-years per second compare with W1's claim-level engine.
  for c in bundledCases() {
    for threads in [1, 2] {
      Benchmark(
        "\(c.name)-\(c.trials)-trials-\(threads)-thread\(threads == 1 ? "" : "s")",
        configuration: .init(
          metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .memberYearsPerSecond],
          units: [.memberYearsPerSecond: .count],
          warmupIterations: 1,
          maxDuration: .seconds(8),
          maxIterations: 10,
          thresholds: threads == 1 ? [.mallocCountTotal: .init(absolute: [.p90: 10])] : nil)
      ) { benchmark in
        let options = RunOptions(trials: c.trials, seed: 1, threads: threads)
        let start = DispatchTime.now().uptimeNanoseconds
        do {
          blackHole(try TrialRunner.run(c.plan, options: options))
        } catch {
          benchmark.error("TrialRunner.run failed: \(error)")
          return
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        benchmark.stopMeasurement()
        benchmark.measurement(.memberYearsPerSecond, Int(Double(c.trials * c.plan.memberCount) / seconds))
      }
    }
  }

  // MARK: Allocations: the hot loop must not allocate per trial.
  // With one thread, a run allocates the result columns once and each chunk its kernel
  // (generator, scratch buffers, tables). The same chunk count with 4× the trials must
  // allocate exactly as much; 4 chunks instead of 1 add only 3 kernels' setup.
  if let plan = loadPlan("w1.yaml") {
    let cases: [(name: String, trials: Int, chunkSize: Int)] = [
      ("W1-allocations-500-trials-1-chunk", 500, 500),
      ("W1-allocations-2000-trials-1-chunk", 2_000, 2_000),
      ("W1-allocations-2000-trials-4-chunks", 2_000, 500),
    ]
    for c in cases {
      Benchmark(
        c.name,
        configuration: .init(
          metrics: [.mallocCountTotal, .wallClock],
          warmupIterations: 1,
          maxDuration: .seconds(3),
          maxIterations: 5,
          // Allocation counts are deterministic (±1 from Foundation): a tight tolerance
          // against the saved p90 in Thresholds/, checked by `make bench`.
          thresholds: [.mallocCountTotal: .init(absolute: [.p90: 4])])
      ) { benchmark in
        let options = RunOptions(trials: c.trials, seed: 1, threads: 1, chunkSize: c.chunkSize)
        do {
          blackHole(try TrialRunner.run(plan, options: options))
        } catch {
          benchmark.error("TrialRunner.run failed: \(error)")
        }
      }
    }
  }

  // MARK: Primitives: one draw per scaled iteration (1M per iteration), taus2 as the engine.
  let perDrawConfiguration = Benchmark.Configuration(
    metrics: [.wallClock, .throughput, .mallocCountTotal, .picosecondsPerDraw],
    units: [.picosecondsPerDraw: .count],
    warmupIterations: 1,
    scalingFactor: .mega,
    maxDuration: .seconds(2),
    maxIterations: 20,
    thresholds: [.mallocCountTotal: .init(absolute: [.p90: 0])])

  Benchmark("Generator.uniform-per-draw", configuration: perDrawConfiguration) { benchmark in
    let g = Generator(kind: .taus2, seed: 12_345)
    benchmark.startMeasurement()
    var acc = 0.0
    perDraw(benchmark, draws: benchmark.scaledIterations.count) {
      for _ in benchmark.scaledIterations { acc += g.uniform() }
    }
    blackHole(acc)
  }

  Benchmark("Generator.gaussian-ziggurat-per-draw", configuration: perDrawConfiguration) { benchmark in
    let g = Generator(kind: .taus2, seed: 12_345)
    benchmark.startMeasurement()
    var acc = 0.0
    perDraw(benchmark, draws: benchmark.scaledIterations.count) {
      for _ in benchmark.scaledIterations { acc += g.gaussian() }
    }
    blackHole(acc)
  }

  Benchmark("Generator.fillLognormal(5,2)-per-draw", configuration: perDrawConfiguration) { benchmark in
    let g = Generator(kind: .taus2, seed: 12_345)
    // About one W1 trial's worth of claims per fill, as in the engine.
    let block = 6_000
    let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: block)
    defer { buffer.deallocate() }
    buffer.initialize(repeating: 0)
    benchmark.startMeasurement()
    var acc = 0.0
    perDraw(benchmark, draws: benchmark.scaledIterations.count) {
      var remaining = benchmark.scaledIterations.count
      while remaining > 0 {
        let n = min(block, remaining)
        let view = UnsafeMutableBufferPointer(rebasing: buffer[0..<n])
        g.fillLognormal(view, mu: 5, sigma: 2)
        acc += view[n - 1]
        remaining -= n
      }
    }
    blackHole(acc)
  }

  Benchmark("GuideTable.poisson(6)-per-draw", configuration: perDrawConfiguration) { benchmark in
    let g = Generator(kind: .taus2, seed: 12_345)
    let table = GuideTable.poisson(mean: 6)
    benchmark.startMeasurement()
    var acc = 0
    perDraw(benchmark, draws: benchmark.scaledIterations.count) {
      for _ in benchmark.scaledIterations { acc &+= table.sample(g) }
    }
    blackHole(acc)
  }

  Benchmark("Generator.poisson(6)-per-draw", configuration: perDrawConfiguration) { benchmark in
    let g = Generator(kind: .taus2, seed: 12_345)
    benchmark.startMeasurement()
    var acc = 0
    perDraw(benchmark, draws: benchmark.scaledIterations.count) {
      for _ in benchmark.scaledIterations { acc &+= g.poisson(mean: 6) }
    }
    blackHole(acc)
  }
}
