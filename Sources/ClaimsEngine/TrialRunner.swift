// TrialRunner.swift: splits the trials into fixed-size chunks, gives each chunk its own
// generator stream from the seed sequence, and runs the chunks on Dispatch worker threads.
// Results do not depend on the number of threads: a chunk's stream and its output rows are
// fixed by its index alone.
public import ClaimsModel
internal import GSLRandom
internal import Dispatch
internal import Foundation
internal import Synchronization

/// How to run the trials of a plan.
public struct RunOptions: Sendable {
  public var trials: Int
  public var seed: UInt64
  /// Worker threads (1 runs serially on the calling thread).
  public var threads: Int
  /// Trials per chunk. Part of the result's identity: the same seed with another chunk
  /// size gives other (equally valid) draws.
  public var chunkSize: Int
  public var generator: SimulationSettings.GeneratorChoice
  /// Finished chunks are appended here, and chunks found here are not run again.
  public var checkpoint: Checkpoint?
  /// The simulation method (``MethodChoice`` decides which are valid; `exact` does not
  /// simulate and is not run here).
  public var method: ComputationMethod = .claims
  /// When `auto` chose `method` over faster ones: why those could not run (reported).
  public var methodReason: String?
  /// A claims multiplier for each trial (a carrier book's common shock), applied to every
  /// claim of the trial together with the group parameter factor; nil means 1. Its length
  /// must be `trials`. The fast method cannot apply it and refuses a run that sets it.
  public var claimsMultiplier: [Double]? = nil
  /// Percentile levels to report beyond the standard P50…P99.5 (`--percentiles`).
  public var extraPercentileLevels: [Double] = []
  /// Keep every quantity's per-trial values in the result (`--trials-csv`).
  public var keepTrialValues = false

  public static let defaultChunkSize = 500

  /// The cores this process may use.
  public static var availableCores: Int { ProcessInfo.processInfo.activeProcessorCount }

  public init(
    trials: Int, seed: UInt64, threads: Int? = nil,
    chunkSize: Int = RunOptions.defaultChunkSize,
    generator: SimulationSettings.GeneratorChoice = .taus2
  ) {
    self.trials = trials
    self.seed = seed
    self.threads = max(1, threads ?? RunOptions.availableCores)
    self.chunkSize = max(1, chunkSize)
    self.generator = generator
  }
}

/// Receives progress and may stop a run early.
public protocol RunMonitor: Sendable {
  /// Called (from worker threads) after each finished chunk with the number of trials done.
  func chunkFinished(trialsDone: Int, of total: Int)
  /// Polled before each chunk; returning true stops the run.
  var isCancelled: Bool { get }
}

/// A run stopped before all trials finished.
public struct RunCancelled: Error, Sendable {
  /// Trials finished when the run stopped (in whole chunks).
  public var trialsDone: Int
}

/// A run that would need more memory than the machine has, refused before it starts.
public struct ResourceError: Error, CustomStringConvertible, Sendable {
  public var description: String
}

/// Memory a run needs, checked against what the machine has available.
public enum MemoryGuard {
  /// Bytes for the per-trial columns, one derived column and its sorted copy, and the
  /// workers' scratch buffers.
  public static func estimate(_ plan: SimulationPlan, trials: Int, threads: Int) -> Double {
    let columns = Double(trials) * Double(plan.columns.count) * 8
    let summary = Double(trials) * 8 * 3
    let perMember = Double(plan.memberCount) * (plan.usesEvents ? 40 : 16)
    return columns + summary + Double(threads) * (perMember * Double(max(1, plan.contracts.count)) + 1_000_000)
  }

  /// The least of MemAvailable, the address-space limit (RLIMIT_AS) and the cgroup limit
  /// left to this process (nil where unknown): see ``MemoryLimits``.
  public static var availableBytes: Double? { MemoryLimits.availableBytes() }

  static func check(_ plan: SimulationPlan, trials: Int, threads: Int) throws {
    let need = estimate(plan, trials: trials, threads: threads)
    guard let available = availableBytes else { return }
    if need > 0.9 * available {
      throw ResourceError(description: String(
        format: "%d trials of this scenario need about %.1f GiB (%d per-trial columns × 8 bytes × trials, plus working copies), but %.1f GiB is available; use fewer trials (--trials) or fewer contract options",
        trials, need / 1_073_741_824, plan.columns.count, available / 1_073_741_824))
    }
  }
}

/// Runs the trials of a ``SimulationPlan`` in parallel.
public enum TrialRunner {
  /// Simulates `options.trials` plan years.
  /// - Returns: the per-trial primitive columns.
  /// - Throws: ``RunCancelled`` when the monitor cancels the run.
  /// - Complexity: O(trials × members × claims per member).
  public static func run(
    _ plan: SimulationPlan, options: RunOptions, monitor: (any RunMonitor)? = nil
  ) throws -> TrialColumns {
    let layout = plan.columns
    try MemoryGuard.check(plan, trials: options.trials, threads: options.threads)
    let columns = TrialColumns(trials: options.trials, layout: layout)
    let seeds = SeedSequence(masterSeed: options.seed)
    let chunkCount = (options.trials + options.chunkSize - 1) / options.chunkSize
    // Chunks restored from a checkpoint are not run again (a record that does not fit the run
    // is refused, not run again in silence).
    try options.checkpoint?.validate(chunks: chunkCount, width: layout.count) { chunk in
      min(options.chunkSize, options.trials - chunk * options.chunkSize)
    }
    var restoredTrials = 0
    var pending: [Int] = []
    for chunk in 0..<chunkCount {
      let first = chunk * options.chunkSize
      let range = first..<min(first + options.chunkSize, options.trials)
      if let values = options.checkpoint?.restored[chunk], values.count == range.count * layout.count {
        columns.setBlock(range, values)
        restoredTrials += range.count
      } else {
        pending.append(chunk)
      }
    }
    let todo = pending
    let next = Atomic<Int>(0)
    let done = Atomic<Int>(restoredTrials)
    let cancelled = Atomic<Bool>(false)
    let kind = GeneratorKind(rawValue: options.generator.rawValue) ?? .taus2
    let multiplier = options.claimsMultiplier
    precondition(multiplier == nil || multiplier!.count == options.trials, "one claims multiplier per trial")
    // The plan's own choice decides; a method it refuses is never run approximately.
    let choice = MethodChoice(plan)
    if let why = choice.reason(options.method) { throw MethodRefused(method: options.method, reason: why) }
    if options.method == .events && !plan.usesEvents {
      throw MethodRefused(method: .events, reason: "the plan was compiled for member totals (build it with SimulationPlan(_:paymentOrder: true))")
    }
    if options.method == .fast && multiplier != nil {
      throw MethodRefused(method: .fast, reason: "the fast method's member tables cannot apply a per-trial claims multiplier (a book's common shock)")
    }
    let fast: FastPathTables? = options.method == .fast ? FastPathTables(plan: plan) : nil

    let work: @Sendable (Int) -> Void = { _ in
      while true {
        if monitor?.isCancelled == true {
          cancelled.store(true, ordering: .relaxed)
          return
        }
        let position = next.wrappingAdd(1, ordering: .relaxed).oldValue
        guard position < todo.count else { return }
        let chunk = todo[position]
        let first = chunk * options.chunkSize
        let last = min(first + options.chunkSize, options.trials)
        let kernel = TrialKernel(plan: plan, seed: seeds.seed(forChunk: chunk), kind: kind)
        if let fast {
          let scratch = UnsafeMutableBufferPointer<Double>.allocate(capacity: FastPathTables.scratchCount(members: plan.memberCount))
          defer { scratch.deallocate() }
          let g = Generator(kind: kind, seed: seeds.seed(forChunk: chunk))
          for trial in first..<last {
            if trial & 15 == 0, monitor?.isCancelled == true { cancelled.store(true, ordering: .relaxed); return }
            let t = fast.trial(members: plan.memberCount, deductible: plan.specificDeductible, scratch: scratch, g)
            columns.write(t, trial: trial)
          }
        } else if plan.usesEvents {
          for trial in first..<last {
            if monitor?.isCancelled == true { cancelled.store(true, ordering: .relaxed); return }
            kernel.eventTrial(trial, into: columns, multiplier: multiplier?[trial] ?? 1)
          }
        } else {
          for trial in first..<last {
            if trial & 15 == 0, monitor?.isCancelled == true { cancelled.store(true, ordering: .relaxed); return }
            kernel.memberSumTrial(trial, into: columns, multiplier: multiplier?[trial] ?? 1)
          }
        }
        options.checkpoint?.append(chunk: chunk, values: columns.block(first..<last))
        let finished = done.wrappingAdd(last - first, ordering: .relaxed).newValue
        monitor?.chunkFinished(trialsDone: finished, of: options.trials)
      }
    }
    let workers = min(options.threads, todo.count)
    if workers == 0 {
      // Everything came from the checkpoint.
    } else if workers == 1 {
      work(0)
    } else {
      DispatchQueue.concurrentPerform(iterations: workers, execute: work)
    }
    if cancelled.load(ordering: .relaxed) {
      throw RunCancelled(trialsDone: done.load(ordering: .relaxed))
    }
    return columns
  }
}
