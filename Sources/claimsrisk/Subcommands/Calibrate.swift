// Calibrate.swift: `claimsrisk calibrate CLAIMS.csv`: lag triangle, completion factors and
// IBNR, large-claim severity, credibility; writes a report and a scenario that simulate,
// compare and attach run as they are. The library module ClaimsCalibration does the work.
import ArgumentParser
import ClaimsCalibration
import ClaimsModel
import Foundation

extension ClaimsRisk {
  struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Calibrate a group's claim model from its paid-claims file: lag triangle, IBNR, large-claim severity, credibility.",
      discussion: """
        The claims file is CSV with the header member_id,incurred,paid,amount (optional columns \
        type = medical|rx, claim_id, capped); months are YYYY-MM or dates YYYY-MM-DD; negative \
        amounts are reversals. See docs/calibration.md. With --triangle FILE, only the chain \
        ladder and Mack's standard error of a triangle given directly are reported.
        """)

    @Argument(help: "The paid-claims CSV file.")
    var claims: String?

    @Option(help: "Average members enrolled per month (exposure for PMPM and frequencies).")
    var members: Double?

    @Option(help: "Valuation month YYYY-MM (default: the last paid month in the file).")
    var valuation: String?

    @Option(help: "Age-to-age average: volume-weighted, simple, latest-N (e.g. latest-6) or exclude-high-low.")
    var average: String = "volume-weighted"

    @Option(help: "Mack's last-σ rule: mack (Mack 1993, R ChainLadder) or log-linear (chainladder-python).")
    var sigma: String = "mack"

    @Option(help: "Longest lag developed, in months (1 to 24); later payments count at this lag.")
    var maxLag: Int = 24

    @Option(help: "Months less complete than this (0 to 1) are blended with a PMPM projection.")
    var completionThreshold: Double = 0.75

    @Option(help: "Large-claim reporting threshold: member-year totals above it are fitted.")
    var threshold: Double = 25_000

    @Option(help: "Annual trend (a fraction: 0.08 = 8%) from the experience to the plan year.")
    var trend: Double = 0.08

    @Option(help: "First month of the plan year, YYYY-MM (default: the month after the valuation).")
    var planStart: String?

    @Option(help: "Manual PMPM at the plan year (default: the calibrated default model, plan-paid, trended).")
    var manualPmpm: Double?

    @Option(help: "Credibility weight: buhlmann-straub or limited-fluctuation.")
    var credibility: String = "buhlmann-straub"

    @Option(help: "Bühlmann–Straub K, in member-years.")
    var credibilityK: Double = 3_000

    @Option(help: "Bootstrap replicates of the reserve (over-dispersed Poisson); 0 = none.")
    var bootstrap: Int = 0

    @Option(help: "Seed of the bootstrap.")
    var seed: UInt32 = 20_261_201

    @Option(help: "A large-claimant report (member_id,plan_year_start,total[,capped]): its totals replace those derived from the claims file in the severity fit and frequency.")
    var largeClaimants: String?

    @Option(help: "Write the calibrated scenario (YAML) to this file.")
    var scenarioOut: String?

    @Option(help: "Take census, contract and options from this scenario (its claims block is replaced).")
    var contract: String?

    @Option(help: "Specific deductible of the written scenario when no --contract is given.")
    var specific: Double = 50_000

    @Option(help: "Aggregate corridor of the written scenario when no --contract is given (1.25 = 125%).")
    var corridor: Double = 1.25

    @Option(help: "Name of the written scenario (default: the --contract scenario's name + \" (calibrated)\", else \"Calibrated group\").")
    var name: String?

    @Flag(help: "Parameter risk: write --parameter-sets draws of the PMPM level, tail weight and tail parameters as claims.parameter_sets (each trial draws one); with --scenario-out, report P(attach) and tail percentiles with and without it.")
    var parameterRisk = false

    @Option(help: "Parameter sets drawn with --parameter-risk (10 to 10,000).")
    var parameterSets: Int = 200

    @Option(help: "How the parameter sets are drawn: bootstrap (severity refits on resampled large claimants; the default) or normal (the estimates' asymptotic normal).")
    var parameterDraws: String = "bootstrap"

    @Option(help: "Trials of each of the two runs (with and without parameter risk) that --parameter-risk reports.")
    var parameterRiskTrials: Int = 10_000

    @Option(help: "Chain ladder and Mack SE of a triangle file (one origin per line, cumulative).")
    var triangle: String?

    @Option(help: "Output format: table, json, csv or html (triangle heat map, completion curve, Q–Q plot).")
    var format: String = "table"

    @Option(help: "Write the report to this file (atomically).")
    var output: String?

    func validate() throws {
      if claims == nil && triangle == nil { throw ValidationError("give a claims file (or --triangle FILE).") }
      if let members, !(members > 0 && members <= 10_000_000) { throw ValidationError("'--members' must be from 1 to 10,000,000, got \(members).") }
      if !(0...1).contains(trend) { throw ValidationError("'--trend' is a fraction (0.08 for 8%), got \(trend).") }
      if !(0..<1).contains(completionThreshold) { throw ValidationError("'--completion-threshold' is a fraction below 1 (0.75 for 75%), got \(completionThreshold).") }
      if !(1...24).contains(maxLag) { throw ValidationError("'--max-lag' must be from 1 to 24, got \(maxLag).") }
      if !(threshold > 0) { throw ValidationError("'--threshold' must be positive, got \(threshold).") }
      if !(0...100_000).contains(bootstrap) || (1..<10).contains(bootstrap) { throw ValidationError("'--bootstrap' must be 0 or from 10 to 100,000, got \(bootstrap).") }
      if !(corridor >= 1 && corridor <= 3) { throw ValidationError("'--corridor' is a multiple of expected claims from 1 to 3 (1.25 for 125%), got \(corridor).") }
      if !(specific > 0) { throw ValidationError("'--specific' must be positive, got \(specific).") }
      if !(credibilityK > 0) { throw ValidationError("'--credibility-k' must be positive, got \(credibilityK).") }
      if let manualPmpm, !(manualPmpm > 0) { throw ValidationError("'--manual-pmpm' must be positive, got \(manualPmpm).") }
      if FactorAverage(parsing: average) == nil { throw ValidationError("'--average' must be volume-weighted, simple, latest-N or exclude-high-low, got '\(average)'.") }
      if SigmaExtrapolation(rawValue: sigma) == nil { throw ValidationError("'--sigma' must be mack or log-linear, got '\(sigma)'.") }
      if CredibilityMethod(rawValue: credibility) == nil { throw ValidationError("'--credibility' must be buhlmann-straub or limited-fluctuation, got '\(credibility)'.") }
      if !(10...10_000).contains(parameterSets) { throw ValidationError("'--parameter-sets' must be from 10 to 10,000, got \(parameterSets).") }
      if ParameterDrawMethod(rawValue: parameterDraws) == nil { throw ValidationError("'--parameter-draws' must be normal or bootstrap, got '\(parameterDraws)'.") }
      if !(100...10_000_000).contains(parameterRiskTrials) { throw ValidationError("'--parameter-risk-trials' must be from 100 to 10,000,000, got \(parameterRiskTrials).") }
      if !["table", "json", "csv", "html"].contains(format) { throw ValidationError("'--format' must be table, json, csv or html, got '\(format)'.") }
      if format == "html" && triangle != nil { throw ValidationError("'--format html' needs a claims file, not --triangle.") }
      for (flag, value) in [("--valuation", valuation), ("--plan-start", planStart)] {
        if let value, Month(parsing: value) == nil { throw ValidationError("'\(flag)' must be a month YYYY-MM, got '\(value)'.") }
      }
    }

    func run() throws {
      let average = FactorAverage(parsing: average)!
      let sigma = SigmaExtrapolation(rawValue: sigma)!
      if let triangle {
        let t = try TriangleReport.load(path: triangle)
        try emit(TriangleReport.render(t, average: average, sigma: sigma, json: format == "json", bootstrap: bootstrap, seed: seed), to: output)
        return
      }
      guard let members else { throw ValidationError("'--members' is needed: the average number of members enrolled per month (e.g. --members 250).") }
      var options = CalibrationOptions()
      options.name = name ?? "Calibrated group"
      options.parameterRisk = parameterRisk
      options.parameterSets = parameterSets
      options.parameterDraws = ParameterDrawMethod(rawValue: parameterDraws)!
      options.valuation = valuation.flatMap(Month.init(parsing:))
      options.planStart = planStart.flatMap(Month.init(parsing:))
      options.average = average
      options.sigma = sigma
      options.maxLag = maxLag
      options.completionThreshold = completionThreshold
      options.members = members
      options.threshold = threshold
      options.trend = trend
      options.manualPMPM = manualPmpm
      options.credibility = CredibilityMethod(rawValue: credibility)!
      options.credibilityK = credibilityK
      options.bootstrap = bootstrap
      options.seed = seed
      for path in [scenarioOut, output].compactMap({ $0 }) { try Self.checkDirectory(path) }
      if let largeClaimants { options.largeClaimantReport = try LargeClaimantFile.load(path: largeClaimants) }
      let file = try ClaimsFile.load(path: claims!)
      var calibration = try Calibration(file, options: options)

      // Everything is computed and the scenario checked before anything is written.
      var scenarioText: String?
      if let scenarioOut {
        var base: String?
        if let contract {
          guard let text = try? String(contentsOfFile: contract, encoding: .utf8) else {
            throw InputError(message: "--contract \(contract): cannot read the file")
          }
          let parsed = try Scenario.parse(text: text, file: contract, baseDirectory: (contract as NSString).deletingLastPathComponent)
          base = text
          if name == nil { options.name = parsed.name + " (calibrated)" }
        }
        calibration.options.name = options.name
        var terms = ScenarioWriter.Contract()
        terms.specific = specific
        terms.corridor = corridor
        let text = ScenarioWriter.scenario(calibration, base: base, contract: terms, trials: 20_000, seed: 20_261_124)
        let directory = (scenarioOut as NSString).deletingLastPathComponent
        let written = try Scenario.parse(text: text, file: scenarioOut, baseDirectory: directory.isEmpty ? "." : directory)
        scenarioText = text
        if written.claims.parameterSets != nil {
          calibration.parameterRiskCheck = try ParameterRiskRun.check(written, trials: parameterRiskTrials)
        }
      }
      let report: String
      switch format {
      case "json": report = CalibrationReport.json(calibration)
      case "csv": report = CalibrationReport.csv(calibration)
      case "html": report = CalibrationReport.html(calibration)
      default: report = CalibrationReport.table(calibration) + (scenarioOut.map { "\nScenario written to \($0)\n" } ?? "")
      }
      if let scenarioOut, let scenarioText { try AtomicFile.write(scenarioText, to: scenarioOut) }
      try emit(report, to: output)
    }

    func emit(_ text: String, to path: String?) throws {
      if let path { try AtomicFile.write(text, to: path) } else { FileHandle.standardOutput.write(Data(text.utf8)) }
    }

    static func checkDirectory(_ path: String) throws {
      let directory = (path as NSString).deletingLastPathComponent
      var isDirectory: ObjCBool = false
      let dir = directory.isEmpty ? "." : directory
      guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw InputError(message: "\(path): the directory '\(dir)' does not exist")
      }
    }
  }
}
