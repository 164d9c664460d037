// SimulationResult.swift: the quantities of the result format, derived from the per-trial
// columns after the loop, with their statistics. User doc: docs/model.md, "Quantities and
// the identity".
public import ClaimsModel
internal import Foundation
internal import GSLRandom

/// One quantity of the result format.
public enum Quantity: String, CaseIterable, Sendable {
  case claimsIncurred = "claims_incurred"
  case specificReimbursement = "specific_reimbursement"
  case aggregateClaims = "aggregate_claims"
  case aggregateReimbursement = "aggregate_reimbursement"
  case runoutUnprotected = "runout_unprotected"
  case retainedClaims = "retained_claims"
  case fixedCosts = "fixed_costs"
  case employerCost = "employer_cost"
  /// Run-in bases only: claims incurred before month 1 that the contract covers.
  case runinClaims = "runin_claims"
  /// Run-in bases only: the part of specific + aggregate reimbursement that the run-in
  /// claims add (reimbursement with them minus reimbursement without them).
  case runinReimbursement = "runin_reimbursement"

  /// A short label for tables.
  public var label: String {
    switch self {
    case .claimsIncurred: "Claims incurred"
    case .specificReimbursement: "Specific reimbursement"
    case .aggregateClaims: "Aggregate claims"
    case .aggregateReimbursement: "Aggregate reimbursement"
    case .runoutUnprotected: "Run-out unprotected"
    case .retainedClaims: "Retained claims"
    case .fixedCosts: "Fixed costs"
    case .employerCost: "Employer cost"
    case .runinClaims: "Run-in claims"
    case .runinReimbursement: "Run-in reimbursement"
    }
  }
}

/// The attachment point a run used.
public struct AttachmentPoint: Sendable, Hashable {
  /// Annual attachment point in dollars.
  public var dollars: Double
  /// Standard error of `dollars` (corridor attachments are estimated from the run).
  public var stdError: Double
  /// Monthly attachment Σ factor × units (factor attachments).
  public var monthly: Double?
  /// How it was given: "attachment", "factors" or "corridor".
  public var source: String
  public var corridor: Double?
}

/// Everything one simulation reports.
public struct SimulationResult: Sendable {
  public var scenarioName: String
  public var trials: Int
  public var seed: UInt64
  public var generator: String
  public var chunkSize: Int
  public var threads: Int
  public var method: String
  public var attachment: AttachmentPoint?
  public var probabilityAttach: Proportion?
  /// Statistics of every quantity, in ``Quantity`` order (run-in quantities only for
  /// run-in bases).
  public var metrics: [(quantity: Quantity, summary: MetricSummary)]
  public var monthlyFixedCosts: Double
  public var annualFixedCosts: Double
  public var fullyInsuredAnnualPremium: Double?
  /// The capture ratio (expected eligible share of a year's claims) of each cover's basis.
  public var specificBasis: ContractBasis?
  public var aggregateBasis: ContractBasis?
  public var specificCapture: Double?
  public var aggregateCapture: Double?
  public var specificDeductible: Double?
  public var elapsedSeconds: Double

  public func summary(_ q: Quantity) -> MetricSummary? {
    metrics.first { $0.quantity == q }?.summary
  }

  /// Builds the result from the per-trial columns of a finished run.
  /// - Complexity: O(trials log trials) per quantity; one derived column in memory at a time.
  public static func make(
    plan: SimulationPlan, columns: TrialColumns, options: RunOptions, elapsedSeconds: Double
  ) -> SimulationResult {
    let scenario = plan.scenario
    let n = columns.trials
    let fixed = scenario.annualFixedCosts

    // The attachment point.
    var attachment: AttachmentPoint?
    if let aggregate = scenario.stopLoss.aggregate {
      switch aggregate.attachment {
      case .dollars(let a):
        attachment = AttachmentPoint(dollars: a, stdError: 0, monthly: nil, source: "attachment", corridor: nil)
      case .factors(let rates):
        let monthly = scenario.monthlyAmount(rates)
        attachment = AttachmentPoint(dollars: 12 * monthly, stdError: 0, monthly: monthly, source: "factors", corridor: nil)
      case .corridor(let c):
        var sum = 0.0
        var ss = 0.0
        for t in 0..<n { sum += columns[.aggregateClaims, t] }
        let mean = sum / Double(n)
        for t in 0..<n { let d = columns[.aggregateClaims, t] - mean; ss += d * d }
        let se = n > 1 ? (ss / Double(n - 1) / Double(n)).squareRoot() : 0
        attachment = AttachmentPoint(dollars: c * mean, stdError: c * se, monthly: nil, source: "corridor", corridor: c)
      }
    }
    let a = attachment?.dollars ?? .infinity

    var probability: Proportion?
    if attachment != nil {
      var hits = 0
      for t in 0..<n where columns[.aggregateClaims, t] > a { hits += 1 }
      probability = Proportion(successes: hits, trials: n)
    }

    @inline(__always) func aggregateReimbursement(_ t: Int) -> Double {
      max(0, columns[.aggregateClaims, t] - a)
    }
    func derived(_ q: Quantity) -> [Double] {
      switch q {
      case .claimsIncurred: return columns.values(.claimsIncurred)
      case .specificReimbursement: return columns.values(.specificReimbursement)
      case .aggregateClaims: return columns.values(.aggregateClaims)
      case .runoutUnprotected: return columns.values(.runoutUnprotected)
      case .runinClaims: return columns.values(.runinClaims)
      case .aggregateReimbursement: return (0..<n).map(aggregateReimbursement)
      case .retainedClaims:
        return (0..<n).map {
          columns[.claimsIncurred, $0] - columns[.specificReimbursement, $0] - aggregateReimbursement($0)
        }
      case .fixedCosts: return Array(repeating: fixed, count: n)
      case .employerCost:
        return (0..<n).map {
          fixed + columns[.claimsIncurred, $0] - columns[.specificReimbursement, $0] - aggregateReimbursement($0)
        }
      case .runinReimbursement:
        return (0..<n).map {
          let with = columns[.specificReimbursement, $0] + aggregateReimbursement($0)
          let without = columns[.specificWithoutRunin, $0]
            + max(0, columns[.aggregateClaimsWithoutRunin, $0] - a)
          return with - without
        }
      }
    }
    var metrics: [(Quantity, MetricSummary)] = []
    for q in Quantity.allCases {
      if (q == .runinClaims || q == .runinReimbursement) && !plan.hasRunIn { continue }
      var values = derived(q)
      metrics.append((q, MetricSummary.summarize(&values)))
    }
    let specific = scenario.stopLoss.specific
    let aggregate = scenario.stopLoss.aggregate
    return SimulationResult(
      scenarioName: scenario.name, trials: n, seed: options.seed,
      generator: options.generator.rawValue, chunkSize: options.chunkSize,
      threads: options.threads, method: "claims", attachment: attachment,
      probabilityAttach: probability, metrics: metrics,
      monthlyFixedCosts: scenario.fixedCosts.map { scenario.monthlyAmount($0) } ?? 0,
      annualFixedCosts: fixed, fullyInsuredAnnualPremium: scenario.fullyInsuredAnnualPremium,
      specificBasis: specific?.basis, aggregateBasis: aggregate?.basis,
      specificCapture: specific.map { plan.captureRatio($0.basis) },
      aggregateCapture: aggregate.map { plan.captureRatio($0.basis) },
      specificDeductible: specific?.deductible, elapsedSeconds: elapsedSeconds)
  }
}

/// One call: compile the scenario, run the trials, summarize.
public enum Simulation {
  public static func run(
    _ scenario: Scenario, options: RunOptions, monitor: (any RunMonitor)? = nil
  ) throws -> SimulationResult {
    let start = DispatchTime.now().uptimeNanoseconds
    let plan = SimulationPlan(scenario)
    let columns = try TrialRunner.run(plan, options: options, monitor: monitor)
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return SimulationResult.make(plan: plan, columns: columns, options: options, elapsedSeconds: elapsed)
  }
}
