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
  case runInClaims = "runin_claims"
  /// Run-in bases only: the part of specific + aggregate reimbursement that the run-in
  /// claims add (reimbursement with them minus reimbursement without them).
  case runInReimbursement = "runin_reimbursement"
  /// With `fully_insured_annual_premium`: premium − employer cost (positive = self-funding
  /// costs less).
  case selfFundingSaving = "self_funding_saving"
  /// Extension of benefits only: claims incurred after month 12 by the disabled members
  /// (paid by the plan; the specific reimburses them within the extended period).
  case extensionClaims = "extension_claims"

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
    case .runInClaims: "Run-in claims"
    case .runInReimbursement: "Run-in reimbursement"
    case .selfFundingSaving: "Saving vs fully insured"
    case .extensionClaims: "Extension-of-benefits claims"
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

/// Monthly cash flow of one contract (when reported).
public struct CashFlowSummary: Sendable {
  /// Largest cumulative outflow above the monthly budget (fixed costs + monthly attachment
  /// point), without and with monthly accommodation.
  public var largestNeed: MetricSummary
  public var largestNeedAccommodated: MetricSummary
  /// Accommodation advanced during the year (zero without the rider).
  public var accommodation: MetricSummary
  /// Net outflow of each month 1…horizon, without and with accommodation.
  public var monthly: [MetricSummary]
  public var monthlyAccommodated: [MetricSummary]
}

/// Level funding outcomes over the trials.
public struct FundingSummary: Sendable {
  public var refund: MetricSummary
  public var lowestBalance: MetricSummary
  public var deficit: MetricSummary
  /// P(the fund goes negative at some month-end) with its standard error.
  public var probabilityNegative: Proportion
  /// P(refund > 0).
  public var probabilityRefund: Proportion
  /// Share of trials whose lowest balance falls in each month 1…(12 + run-out).
  public var lowestMonthShares: [Double]
  public var funded: Double
  /// 5th percentile of the lowest balance (type 7).
  public var lowestBalanceP5: Double
  /// The employer's net cost under level funding: fixed costs + deposits − refund.
  public var netCost: MetricSummary
}

/// The difference of a quantity between an option and the first contract, on common random
/// numbers: the mean of the per-trial differences and its standard error.
public struct Difference: Sendable, Hashable {
  public var mean: Double
  public var stdError: Double
  /// The standard error the difference would have from two independent runs of the same
  /// size: √(se₁² + se₂²).
  public var independentStdError: Double
}

/// One contract's results.
public struct ContractResult: Sendable {
  public var name: String
  public var attachment: AttachmentPoint?
  public var probabilityAttach: Proportion?
  public var metrics: [(quantity: Quantity, summary: MetricSummary)]
  public var monthlyFixedCosts: Double
  public var annualFixedCosts: Double
  public var specificBasis: ContractBasis?
  public var aggregateBasis: ContractBasis?
  public var specificCapture: Double?
  public var aggregateCapture: Double?
  public var specificDeductible: Double?
  public var minimumAttachment: Double?
  public var terminalLiability: Bool
  public var cashFlow: CashFlowSummary?
  public var funding: FundingSummary?
  /// P(self-funding costs less than the fully insured premium), with a premium.
  public var probabilityCheaper: Proportion?
  /// Differences from the first contract (nil for the first).
  public var differences: [(quantity: Quantity, difference: Difference)]?
  /// Chart data for employer cost, aggregate claims and (with a premium) the saving.
  public var sketches: [Quantity: DistributionSketch] = [:]
  /// P(employer cost > fixed costs + attachment point), when there is an aggregate cover.
  public var probabilityAboveAggregateMaximum: Proportion?
  /// Every quantity's value in each trial, in trial order (only with
  /// ``RunOptions/keepTrialValues``, for `--trials-csv`).
  public var trialValues: [Quantity: [Double]] = [:]

  public func summary(_ q: Quantity) -> MetricSummary? {
    metrics.first { $0.quantity == q }?.summary
  }
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
  /// When `auto` passed over faster methods: why each could not compute the scenario.
  public var methodReason: String?
  /// The scenario's contract first, then its options.
  public var contracts: [ContractResult]
  public var fullyInsuredAnnualPremium: Double?
  public var elapsedSeconds: Double

  // The scenario's own contract, for convenience.
  public var attachment: AttachmentPoint? { contracts[0].attachment }
  public var probabilityAttach: Proportion? { contracts[0].probabilityAttach }
  public var metrics: [(quantity: Quantity, summary: MetricSummary)] { contracts[0].metrics }
  public var monthlyFixedCosts: Double { contracts[0].monthlyFixedCosts }
  public var annualFixedCosts: Double { contracts[0].annualFixedCosts }
  public var specificBasis: ContractBasis? { contracts[0].specificBasis }
  public var aggregateBasis: ContractBasis? { contracts[0].aggregateBasis }
  public var specificCapture: Double? { contracts[0].specificCapture }
  public var aggregateCapture: Double? { contracts[0].aggregateCapture }
  public var specificDeductible: Double? { contracts[0].specificDeductible }

  public func summary(_ q: Quantity) -> MetricSummary? { contracts[0].summary(q) }

  /// Builds the result from the per-trial columns of a finished run.
  /// - Complexity: O(trials log trials) per quantity; one derived column in memory at a time.
  public static func make(
    plan: SimulationPlan, columns: TrialColumns, options: RunOptions, elapsedSeconds: Double
  ) -> SimulationResult {
    let scenario = plan.scenario
    var results: [ContractResult] = []
    var employerColumns: [[Double]] = []
    var keyColumns: [[Quantity: [Double]]] = []
    for (c, terms) in plan.contracts.enumerated() {
      let (result, kept) = contractResult(plan: plan, terms: terms, contract: c, columns: columns, extraLevels: options.extraPercentileLevels, keepTrials: options.keepTrialValues, workers: options.threads)
      results.append(result)
      employerColumns.append(kept[.employerCost] ?? [])
      keyColumns.append(kept)
    }
    // Differences from the first contract on common random numbers.
    if results.count > 1 {
      let n = Double(columns.trials)
      for c in 1..<results.count {
        var diffs: [(Quantity, Difference)] = []
        for q in [Quantity.employerCost, .specificReimbursement, .aggregateReimbursement, .retainedClaims] {
          guard let a = keyColumns[c][q], let b = keyColumns[0][q] else { continue }
          var sum = 0.0
          for t in 0..<a.count { sum += a[t] - b[t] }
          let mean = sum / n
          var ss = 0.0
          for t in 0..<a.count { let d = a[t] - b[t] - mean; ss += d * d }
          let se = (ss / max(n - 1, 1) / n).squareRoot()
          let seA = results[c].summary(q)?.stdError ?? 0
          let seB = results[0].summary(q)?.stdError ?? 0
          diffs.append((q, Difference(mean: mean, stdError: se, independentStdError: (seA * seA + seB * seB).squareRoot())))
        }
        results[c].differences = diffs
      }
    }
    return SimulationResult(
      scenarioName: scenario.name, trials: columns.trials, seed: options.seed,
      generator: options.generator.rawValue, chunkSize: options.chunkSize,
      threads: options.threads,
      method: options.method.rawValue, methodReason: options.methodReason, contracts: results,
      fullyInsuredAnnualPremium: scenario.fullyInsuredAnnualPremium, elapsedSeconds: elapsedSeconds)
  }

  private static func contractResult(
    plan: SimulationPlan, terms: ContractTerms, contract c: Int, columns: TrialColumns, extraLevels: [Double] = [], keepTrials: Bool = false, workers: Int = 1
  ) -> (ContractResult, [Quantity: [Double]]) {
    let layout = plan.columns
    let n = columns.trials
    let fixed = terms.annualFixedCosts
    let aggID = layout.id(.aggregateClaims, contract: c)
    func col(_ k: TrialColumn) -> Int { layout.id(k, contract: c) }

    var attachment: AttachmentPoint?
    if let aggregate = terms.aggregate {
      switch aggregate.attachment {
      case .dollars:
        attachment = AttachmentPoint(dollars: terms.annualAttachment!, stdError: 0, monthly: nil, source: "attachment", corridor: nil)
      case .factors:
        attachment = AttachmentPoint(dollars: terms.annualAttachment!, stdError: 0, monthly: terms.monthlyAttachment[0], source: "factors", corridor: nil)
      case .corridor(let corridor):
        var sum = 0.0
        var ss = 0.0
        for t in 0..<n { sum += columns[aggID, t] }
        let mean = sum / Double(n)
        for t in 0..<n { let d = columns[aggID, t] - mean; ss += d * d }
        let se = n > 1 ? (ss / Double(n - 1) / Double(n)).squareRoot() : 0
        attachment = AttachmentPoint(dollars: corridor * mean, stdError: corridor * se, monthly: nil, source: "corridor", corridor: corridor)
      }
    }
    let a = attachment?.dollars ?? .infinity
    var probability: Proportion?
    if attachment != nil {
      var hits = 0
      for t in 0..<n where columns[aggID, t] > a { hits += 1 }
      probability = Proportion(successes: hits, trials: n)
    }
    // Every derived quantity of a trial comes from the contract's one outcome function.
    let extensionID = col(.extensionClaims)
    func outcome(_ t: Int) -> ContractOutcome {
      terms.outcome(
        incurred: columns[col(.claimsIncurred), t], specific: columns[col(.specificReimbursement), t],
        aggregateClaims: columns[aggID, t], extensionClaims: columns[extensionID, t], attachment: a, fixedCosts: fixed)
    }
    func derived(_ q: Quantity) -> [Double] {
      switch q {
      case .claimsIncurred: return columns.values(col(.claimsIncurred))
      case .specificReimbursement: return columns.values(col(.specificReimbursement))
      case .aggregateClaims: return columns.values(aggID)
      case .runoutUnprotected: return columns.values(col(.runoutUnprotected))
      case .runInClaims: return columns.values(col(.runInClaims))
      case .aggregateReimbursement: return (0..<n).map { outcome($0).aggregateReimbursement }
      case .retainedClaims: return (0..<n).map { outcome($0).retained }
      case .fixedCosts: return Array(repeating: fixed, count: n)
      case .employerCost: return (0..<n).map { outcome($0).employerCost }
      case .extensionClaims: return columns.values(extensionID)
      case .runInReimbursement:
        // Reimbursement with the run-in claims less reimbursement without them.
        return (0..<n).map {
          let without = terms.outcome(
            incurred: columns[col(.claimsIncurred), $0], specific: columns[col(.specificWithoutRunIn), $0],
            aggregateClaims: columns[col(.aggregateClaimsWithoutRunIn), $0], attachment: a, fixedCosts: fixed)
          return outcome($0).reimbursement - without.reimbursement
        }
      case .selfFundingSaving:
        let premium = plan.scenario.fullyInsuredAnnualPremium ?? 0
        return (0..<n).map { premium - outcome($0).employerCost }
      }
    }
    var metrics: [(Quantity, MetricSummary)] = []
    var sketches: [Quantity: DistributionSketch] = [:]
    var kept: [Quantity: [Double]] = [:]
    let needDifferences = plan.contracts.count > 1
    for q in Quantity.allCases {
      if (q == .runInClaims || q == .runInReimbursement) && !plan.hasRunIn { continue }
      if q == .selfFundingSaving && plan.scenario.fullyInsuredAnnualPremium == nil { continue }
      if q == .extensionClaims && extensionID < 0 { continue }
      var values = derived(q)
      if keepTrials || (needDifferences && [.employerCost, .specificReimbursement, .aggregateReimbursement, .retainedClaims].contains(q)) {
        kept[q] = values
      }
      metrics.append((q, MetricSummary.summarize(&values, extraLevels: extraLevels, workers: workers)))
      if [.employerCost, .aggregateClaims, .selfFundingSaving].contains(q) {
        sketches[q] = DistributionSketch.make(sortedValues: values)
      }
    }
    var cashFlow: CashFlowSummary?
    if plan.cashFlow {
      func summarize(_ id: Int) -> MetricSummary {
        var v = columns.values(id)
        return MetricSummary.summarize(&v, workers: workers)
      }
      cashFlow = CashFlowSummary(
        largestNeed: summarize(col(.largestCashNeed)),
        largestNeedAccommodated: summarize(col(.largestCashNeedAccommodated)),
        accommodation: summarize(col(.accommodation)),
        monthly: (1...plan.horizon).map { summarize(layout.cashFlowID(contract: c, month: $0, accommodated: false)) },
        monthlyAccommodated: (1...plan.horizon).map { summarize(layout.cashFlowID(contract: c, month: $0, accommodated: true)) })
    }
    var funding: FundingSummary?
    if let deposits = plan.levelDeposits, let level = plan.scenario.funding?.level {
      func summarize(_ k: TrialColumn) -> MetricSummary {
        var v = columns.values(col(k))
        return MetricSummary.summarize(&v, workers: workers)
      }
      let months = 12 + level.runOutMonths
      var shares = Array(repeating: 0.0, count: months)
      var negative = 0
      var refunds = 0
      for t in 0..<n {
        let m = Int(columns[col(.fundLowestMonth), t])
        if m >= 1 && m <= months { shares[m - 1] += 1 / Double(n) }
        if columns[col(.fundLowestBalance), t] < 0 { negative += 1 }
        if columns[col(.fundRefund), t] > 0 { refunds += 1 }
      }
      var lowest = columns.values(col(.fundLowestBalance))
      ParallelSort.sort(&lowest, workers: workers)
      let funded = deposits.reduce(0, +)
      var net = columns.values(col(.fundRefund)).map { fixed + funded - $0 }
      funding = FundingSummary(
        refund: summarize(.fundRefund), lowestBalance: summarize(.fundLowestBalance), deficit: summarize(.fundDeficit),
        probabilityNegative: Proportion(successes: negative, trials: n), probabilityRefund: Proportion(successes: refunds, trials: n),
        lowestMonthShares: shares, funded: funded,
        lowestBalanceP5: MetricSummary.quantile(sortedValues: lowest, 0.05), netCost: MetricSummary.summarize(&net, workers: workers))
    }
    var cheaper: Proportion?
    if let premium = plan.scenario.fullyInsuredAnnualPremium {
      var hits = 0
      for t in 0..<n where premium > outcome(t).employerCost { hits += 1 }
      cheaper = Proportion(successes: hits, trials: n)
    }
    // P(employer cost > fixed costs + attachment point): run-out, extension of benefits and
    // lasered layers sit outside the aggregate, so that sum is not a cap.
    var aboveMaximum: Proportion?
    if attachment != nil {
      var hits = 0
      for t in 0..<n where outcome(t).employerCost > fixed + a { hits += 1 }
      aboveMaximum = Proportion(successes: hits, trials: n)
    }
    let specific = terms.specific
    var result = ContractResult(
      name: terms.name, attachment: attachment, probabilityAttach: probability, metrics: metrics,
      monthlyFixedCosts: terms.monthlyFixedCosts[0], annualFixedCosts: fixed,
      specificBasis: specific.map { ContractTerms.effective($0.basis, terminalLiability: terms.terminalLiability) },
      aggregateBasis: terms.aggregate.map { ContractTerms.effective($0.basis, terminalLiability: terms.terminalLiability) },
      specificCapture: specific.map { plan.captureRatio(ContractTerms.effective($0.basis, terminalLiability: terms.terminalLiability)) },
      aggregateCapture: terms.aggregate.map { plan.captureRatio(ContractTerms.effective($0.basis, terminalLiability: terms.terminalLiability)) },
      specificDeductible: specific?.deductible, minimumAttachment: terms.aggregate == nil ? nil : terms.minimumAttachment,
      terminalLiability: terms.terminalLiability, cashFlow: cashFlow, funding: funding,
      probabilityCheaper: cheaper, differences: nil, sketches: sketches)
    result.probabilityAboveAggregateMaximum = aboveMaximum
    if keepTrials { result.trialValues = kept }
    return (result, kept)
  }
}

/// One call: compile the scenario, run the trials, summarize.
public enum Simulation {
  public static func run(
    _ scenario: Scenario, options: RunOptions, monitor: (any RunMonitor)? = nil
  ) throws -> SimulationResult {
    let start = DispatchTime.now().uptimeNanoseconds
    let plan = SimulationPlan(scenario, paymentOrder: options.method == .events)
    let columns = try TrialRunner.run(plan, options: options, monitor: monitor)
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return SimulationResult.make(plan: plan, columns: columns, options: options, elapsedSeconds: elapsed)
  }
}
