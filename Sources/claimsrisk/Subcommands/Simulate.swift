// Simulate.swift: `claimsrisk simulate FILE`.
import ArgumentParser
import ClaimsCalibration
import ClaimsEngine
import ClaimsModel
import Foundation

extension ClaimsRisk {
  struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Simulate the plan year of a scenario and report the distribution of what the employer pays.")

    @Argument(help: "The scenario file (YAML or JSON).")
    var file: String

    @OptionGroup var settings: RunArguments
    @OptionGroup var output: OutputArguments
    @OptionGroup var report: ReportArguments

    @Option(help: "Method: auto (the fastest valid simulation: fast, else claims), fast (member totals from exact FFT tables), claims (claim by claim), events (claim by claim in payment order, whatever the contract) or exact (no simulation: FFT). A method that cannot compute the scenario is refused with the reason.")
    var method: Method = .auto

    enum Method: String, ExpressibleByArgument, CaseIterable {
      case auto, claims, events, fast, exact
    }

    @OptionGroup var export: ExportClaimsArguments

    func run() throws {
      let scenario = try RunSupport.loadScenario(file)
      try export.write(scenario, seed: settings.seed ?? scenario.simulation.seed)
      let choice = MethodChoice(scenario)
      let chosen: (method: ComputationMethod, passedOver: String?)
      do {
        chosen = try choice.resolve(method == .auto ? nil : ComputationMethod(rawValue: method.rawValue))
      } catch let refused as MethodRefused {
        throw InputError(message: "--method \(refused.method.rawValue): \(file): \(refused.reason); use --method auto")
      }
      if chosen.method == .exact {
        if self.report.trialsCSV != nil { throw InputError(message: "--trials-csv: --method exact simulates no trials; use --method claims or fast") }
        try output.checkWritable(scenario, checkpoint: settings.checkpoint)
        let exact = try RunSupport.stoppable(grace: 0) { try ExactMethod.solve(scenario) }
        var report = Report(scenario: scenario, result: SimulationResult(exact: exact, scenario: scenario), version: ClaimsRisk.version)
        report.source = ScenarioSource(path: file)
        try output.write(report.render(output.format))
        return
      }
      var options = settings.options(for: scenario)
      options.method = chosen.method
      options.methodReason = chosen.passedOver
      try self.report.apply(to: &options)
      options.keepTrialValues = self.report.trialsCSV != nil
      try output.checkWritable(scenario, checkpoint: settings.checkpoint)
      if let path = self.report.trialsCSV { try OutputArguments(format: .csv, output: path).checkWritable(scenario, checkpoint: settings.checkpoint) }
      try RunSupport.attachCheckpoint(settings.checkpoint, scenario: scenario, options: &options, extra: ["simulate", options.method.rawValue])
      // With parameter sets, the point estimate alone runs first (what the parameter risk adds).
      let (result, withoutParameterRisk) = try ParameterRiskRun.simulate(scenario, options: options) { s, o in
        try RunSupport.interruptible(o, quiet: output.quiet, plain: output.progress) { monitor in
          try Simulation.run(s, options: o, monitor: monitor)
        }
      }
      var report = Report(scenario: scenario, result: result, version: ClaimsRisk.version)
      report.withoutParameterRisk = withoutParameterRisk
      report.source = ScenarioSource(path: file)
      report.requestedPercentiles = try self.report.levels()
      report.printWarnings()
      if let path = self.report.trialsCSV, let text = report.trialsCSV() { try AtomicFile.write(text, to: path) }
      try output.write(report.render(output.format))
      options.checkpoint?.remove()
    }
  }
}

/// `--trials --seed --threads`: what to run.
struct RunArguments: ParsableArguments {
  @Option(help: "Number of trials (simulated plan years; for `fund` with a pool: paths of several years); overrides simulation.trials.")
  var trials: Int?

  @Option(
    parsing: .unconditional, help: "Random seed (a whole number from 0 to 2^64-1); overrides simulation.seed.",
    transform: { text in
      guard let seed = UInt64(text) else {
        throw ValidationError("'--seed' must be a whole number from 0 to 18446744073709551615, got '\(text)'.")
      }
      return seed
    })
  var seed: UInt64?

  @Option(help: "Worker threads (default: all cores). Results do not depend on it.")
  var threads: Int?

  @Option(help: "Keep finished trials in this file; an interrupted run given the same command resumes from it (removed when the report is written).")
  var checkpoint: String?

  func validate() throws {
    if let trials, trials < 1 {
      throw ValidationError("'--trials' must be at least 1, got \(trials).")
    }
    if let trials, trials > 1_000_000_000 {
      throw ValidationError("'--trials' must be at most 1,000,000,000, got \(trials).")
    }
    if let threads, threads < 1 || threads > 1024 {
      throw ValidationError("'--threads' must be from 1 to 1024, got \(threads).")
    }
  }

  func options(for scenario: Scenario) -> RunOptions {
    RunOptions(
      trials: trials ?? scenario.simulation.trials, seed: seed ?? scenario.simulation.seed,
      threads: threads, generator: scenario.simulation.generator)
  }
}

/// `--format --output --quiet`: where and how to report.
struct OutputArguments: ParsableArguments {
  @Option(help: "Output format: table, json, csv or html (html: simulate, compare and fund).")
  var format: ReportFormat = .table

  @Option(help: "Write the report to this file (atomically: a temporary file renamed into place).")
  var output: String?

  @Flag(help: "Do not show a progress bar.")
  var quiet = false

  @Flag(help: "Report progress as plain lines on stderr at every tenth of the run, also when stderr is not a terminal (logs, CI).")
  var progress = false

  init() {}

  init(format: ReportFormat, output: String?) {
    self.format = format
    self.output = output
    self.quiet = true
  }

  /// Fails early (before a long run) when `--output` cannot or must not be written: see
  /// ``OutputPath/check(_:inputs:checkpoint:)``.
  func checkWritable(_ scenario: Scenario? = nil, inputs: [String] = [], checkpoint: String? = nil) throws {
    guard let output else { return }
    try OutputPath.check(output, inputs: (scenario?.inputDigests.map(\.path) ?? []) + inputs, checkpoint: checkpoint)
  }

  func write(_ text: String) throws {
    if let output {
      try AtomicFile.write(text, to: output)
    } else {
      try StandardOutput.write(text)
    }
  }
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
  case table, json, csv, html
}
