// Compare.swift: `claimsrisk compare FILE`: several contract options evaluated on the same
// simulated claims (common random numbers), side by side.
import ArgumentParser
import ClaimsEngine
import ClaimsModel
import Foundation

extension ClaimsRisk {
  struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compare contract options (deductibles, corridors, bases, or the scenario's `options:`) on common random numbers.",
      discussion: """
        With flags, every combination of the listed values is an option, the first listed \
        being the reference; without flags, the scenario's own contract is the reference and \
        its `options:` follow. One simulation pass serves all options, so differences from the \
        reference carry a standard error far below that of independent runs.
        """)

    @Argument(help: "The scenario file (YAML or JSON).")
    var file: String

    @Option(help: "Specific deductibles to compare, comma-separated (e.g. 25000,50000,75000).")
    var specific: String?

    @Option(help: "Aggregate corridors to compare, comma-separated (e.g. 1.20,1.25).")
    var corridor: String?

    @Option(help: "Contract bases to compare, comma-separated (e.g. 12/12,12/15,12/18); sets both covers.")
    var basis: String?

    @Option(name: .customLong("specific-basis"), help: "Bases of the specific cover alone to compare, comma-separated (e.g. 12/12,12/15,paid); the aggregate keeps its own.")
    var specificBasis: String?

    @Option(name: .customLong("aggregate-basis"), help: "Bases of the aggregate cover alone to compare, comma-separated (e.g. 12/12,12/15); the specific keeps its own.")
    var aggregateBasis: String?

    @OptionGroup var settings: RunArguments
    @OptionGroup var output: OutputArguments

    func validate() throws {
      _ = try parsedDeductibles()
      _ = try parsedCorridors()
      _ = try parsedBases()
      _ = try Self.bases(specificBasis, flag: "--specific-basis")
      _ = try Self.bases(aggregateBasis, flag: "--aggregate-basis")
    }

    static func bases(_ text: String?, flag: String) throws -> [ContractBasis]? {
      try text.map { text in
        try text.split(separator: ",", omittingEmptySubsequences: false).map { item in
          guard let b = ContractBasis(parsing: String(item)) else {
            throw ValidationError("'\(flag)': '\(item)' is not a contract basis (expected I/P such as 12/15, paid or incurred).")
          }
          return b
        }
      }
    }

    func parsedDeductibles() throws -> [Double]? {
      try specific.map { try ListArgument.numbers($0, flag: "--specific", kind: .money) }
    }

    func parsedCorridors() throws -> [Double]? {
      try corridor.map { try ListArgument.numbers($0, flag: "--corridor", kind: .corridor) }
    }

    func parsedBases() throws -> [ContractBasis]? {
      try basis.map { text in
        try text.split(separator: ",", omittingEmptySubsequences: false).map { item in
          guard let b = ContractBasis(parsing: String(item)) else {
            throw ValidationError("'--basis': '\(item)' is not a contract basis (expected I/P such as 12/15, paid or incurred).")
          }
          return b
        }
      }
    }

    func run() throws {
      var scenario = try RunSupport.loadScenario(file)
      var referenceName: String? = nil
      let deductibles = try parsedDeductibles()
      let corridors = try parsedCorridors()
      let bases = try parsedBases()
      let specificBases = try Self.bases(specificBasis, flag: "--specific-basis")
      let aggregateBases = try Self.bases(aggregateBasis, flag: "--aggregate-basis")
      if deductibles != nil || corridors != nil || bases != nil || specificBases != nil || aggregateBases != nil {
        let options = try Self.combinations(scenario, deductibles: deductibles, corridors: corridors, bases: bases,
                                            specificBases: specificBases, aggregateBases: aggregateBases)
        scenario.stopLoss = options[0].stopLoss
        scenario.fixedCosts = options[0].fixedCosts
        scenario.options = Array(options.dropFirst())
        referenceName = options[0].name
      } else if scenario.options.isEmpty {
        throw InputError(message: "\(file): nothing to compare: give --specific, --corridor, --basis, --specific-basis or --aggregate-basis, or an `options:` list in the scenario")
      }
      var options = settings.options(for: scenario)
      try output.checkWritable(scenario, checkpoint: settings.checkpoint)
      try RunSupport.attachCheckpoint(settings.checkpoint, scenario: scenario, options: &options,
        extra: ["compare", specific ?? "", corridor ?? "", basis ?? "", specificBasis ?? "", aggregateBasis ?? ""])
      let result = try RunSupport.interruptible(options, quiet: output.quiet, plain: output.progress) { monitor in
        try Simulation.run(scenario, options: options, monitor: monitor)
      }
      defer { options.checkpoint?.remove() }
      var report = Report(scenario: scenario, result: result, version: ClaimsRisk.version)
      report.referenceName = referenceName
      report.source = ScenarioSource(path: file)
      report.printWarnings()
      try output.write(report.renderComparison(output.format))
    }

    /// Every combination of the listed values, applied to the scenario's contract.
    static func combinations(
      _ scenario: Scenario, deductibles: [Double]?, corridors: [Double]?, bases: [ContractBasis]?,
      specificBases: [ContractBasis]? = nil, aggregateBases: [ContractBasis]? = nil
    ) throws -> [ContractOption] {
      var result: [ContractOption] = []
      for sb in specificBases.map({ $0.map(Optional.some) }) ?? [nil] {
      for ab in aggregateBases.map({ $0.map(Optional.some) }) ?? [nil] {
      for b in bases.map({ $0.map(Optional.some) }) ?? [nil] {
        for d in deductibles.map({ $0.map(Optional.some) }) ?? [nil] {
          for c in corridors.map({ $0.map(Optional.some) }) ?? [nil] {
            var sl = scenario.stopLoss
            var name: [String] = []
            if let d {
              if sl.specific == nil { sl.specific = SpecificSpec(deductible: d, basis: sl.basis) }
              sl.specific!.deductible = d
              name.append("specific \(Money.format(d))")
            }
            if let c {
              if sl.aggregate == nil { sl.aggregate = AggregateSpec(attachment: .corridor(c), basis: sl.basis) }
              sl.aggregate!.attachment = .corridor(c)
              name.append(String(format: "corridor %.0f%%", c * 100))
            }
            if let b {
              sl.basis = b
              sl.specific?.basis = b
              sl.aggregate?.basis = b
              name.append("basis \(b)")
            }
            if let sb {
              guard sl.specific != nil else { throw InputError(message: "--specific-basis: the scenario has no specific cover; add --specific or stop_loss.specific") }
              sl.specific!.basis = sb
              name.append("specific basis \(sb)")
            }
            if let ab {
              guard sl.aggregate != nil else { throw InputError(message: "--aggregate-basis: the scenario has no aggregate cover; add --corridor or stop_loss.aggregate") }
              sl.aggregate!.basis = ab
              name.append("aggregate basis \(ab)")
            }
            if sl.aggregate?.accommodation == true, case .corridor = sl.aggregate?.attachment {
              throw InputError(message: "--corridor: the scenario's aggregate has monthly accommodation, which needs a fixed attachment point")
            }
            result.append(ContractOption(name: name.joined(separator: ", "), stopLoss: sl, fixedCosts: scenario.fixedCosts))
          }
        }
      }
      }
      }
      return result
    }
  }
}
