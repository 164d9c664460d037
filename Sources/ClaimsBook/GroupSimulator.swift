// GroupSimulator.swift: one group of the book through the engine: its plan, its trials
// (seeded from the master seed and its id, scaled by the common shock) and the carrier's
// per-trial specific and aggregate reimbursements under the group's contract.
internal import ClaimsEngine
internal import ClaimsModel

/// The carrier's per-trial losses on one group.
public struct GroupLosses: Sendable, Equatable {
  public var specific: [Double]
  public var aggregate: [Double]
  /// Mean claims incurred (months 1…12) over the trials.
  public var claimsIncurredMean: Double

  public init(specific: [Double], aggregate: [Double], claimsIncurredMean: Double) {
    self.specific = specific
    self.aggregate = aggregate
    self.claimsIncurredMean = claimsIncurredMean
  }
}

public enum GroupSimulator {
  /// Simulates `trials` plan years of `group` claim by claim (the engine's claims method;
  /// the fast path cannot apply a per-trial multiplier).
  /// - Parameter multipliers: the common shock of each trial (nil: none).
  public static func run(
    _ group: BookGroup, trials: Int, masterSeed: UInt64, threads: Int?, multipliers: [Double]?
  ) throws -> GroupLosses {
    let scenario = group.scenario
    var options = RunOptions(
      trials: trials, seed: BookSeeds.group(masterSeed: masterSeed, id: group.id), threads: threads,
      generator: scenario.simulation.generator)
    options.method = .claims
    options.claimsMultiplier = multipliers
    let plan = SimulationPlan(scenario)
    let columns = try TrialRunner.run(plan, options: options)
    let terms = plan.contracts[0]
    let claims = columns.values(.aggregateClaims)
    let attachment = attachmentDollars(terms, aggregateClaims: claims)
    let aggregate = claims.map { terms.aggregateReimbursement(claims: $0, attachment: attachment) }
    let incurred = columns.values(.claimsIncurred)
    return GroupLosses(
      specific: columns.values(.specificReimbursement), aggregate: aggregate,
      claimsIncurredMean: incurred.reduce(0, +) / Double(trials))
  }

  /// The annual aggregate attachment in dollars (+∞ without aggregate cover); a corridor
  /// attaches at its factor times the group's mean aggregate claims over the run, as in
  /// `simulate`.
  static func attachmentDollars(_ terms: ContractTerms, aggregateClaims: [Double]) -> Double {
    guard let aggregate = terms.aggregate else { return .infinity }
    if case .corridor(let corridor) = aggregate.attachment {
      return corridor * aggregateClaims.reduce(0, +) / Double(aggregateClaims.count)
    }
    return terms.annualAttachment ?? .infinity
  }
}
