// SimulationPlan.swift: a scenario compiled into the tables the trial loop reads: which
// (incurred month, lag) cells each cover reaches, trend factors, samplers and member weights.
// User doc: docs/model.md, "Order of operations".
public import ClaimsModel
internal import GSLRandom
internal import Foundation

/// Bits of a claim's (incurred month, lag) cell.
public struct CellFlags: OptionSet, Sendable, Hashable {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }
  /// Incurred in policy months 1 … 12 (counts in `claims_incurred`).
  public static let current = CellFlags(rawValue: 1)
  /// Eligible under the specific basis.
  public static let specific = CellFlags(rawValue: 2)
  /// Eligible under the aggregate basis.
  public static let aggregate = CellFlags(rawValue: 4)
  /// Incurred before month 1 (run-in).
  public static let runIn = CellFlags(rawValue: 8)
  /// Inside the window of some cover (or of `stop_loss.basis` when there is no cover); a
  /// current-year claim outside every window is `runout_unprotected`.
  public static let windowed = CellFlags(rawValue: 16)
}

/// The classification of every (incurred month, lag) pair for one plan year of claims.
/// Months run from `firstMonth` to 12; the cell of month m and lag k is
/// `(m − firstMonth) · lagCount + k`.
public struct CellLayout: Sendable {
  public let firstMonth: Int
  public let lagCount: Int
  public let flags: [CellFlags]
  /// Trend factor (1 + trend)^((m − 1)/12) of each cell.
  public let factor: [Double]

  public var monthCount: Int { 13 - firstMonth }

  public func cell(month: Int, lag: Int) -> Int { (month - firstMonth) * lagCount + lag }

  init(firstMonth: Int, lagCount: Int, trend: Double, stopLoss: StopLossSpec) {
    self.firstMonth = firstMonth
    self.lagCount = lagCount
    var flags: [CellFlags] = []
    var factor: [Double] = []
    let specific = stopLoss.specific
    // Without aggregate cover, `aggregate_claims` still reports the claims such a cover
    // would count (on `stop_loss.basis`): what an attachment point would be set against.
    let aggregateBasis = stopLoss.aggregate?.basis ?? stopLoss.basis
    for m in firstMonth...12 {
      let f = Foundation.pow(1 + trend, Double(m - 1) / 12)
      for k in 0..<lagCount {
        var c: CellFlags = m >= 1 ? .current : .runIn
        if let specific, specific.basis.covers(incurred: m, paid: m + k) { c.insert(.specific) }
        if aggregateBasis.covers(incurred: m, paid: m + k) { c.insert(.aggregate) }
        if stopLoss.coverBases.contains(where: { $0.covers(incurred: m, paid: m + k) }) { c.insert(.windowed) }
        flags.append(c)
        factor.append(f)
      }
    }
    self.flags = flags
    self.factor = factor
  }
}

/// A scenario compiled for the trial loop. Immutable and shared by all worker threads.
public final class SimulationPlan: Sendable {
  public let scenario: Scenario
  public let memberCount: Int
  /// Per-member cost weights (1 for all unless the default model's family weights apply).
  public let weights: [Double]?
  /// Specific deductible (+∞ without specific cover).
  public let specificDeductible: Double
  /// The months before month 1 that can still reach a cover (0 without run-in).
  public let runInMonths: Int
  /// Previous plan years simulated for run-in (⌈runInMonths / 12⌉).
  public let runInYears: Int
  public let layout: CellLayout
  /// Joint (month, lag) table of the compound model, current year and run-in year.
  let currentCells: GuideTable
  let runInCells: GuideTable?
  /// Month table (seasonality) and lag tables for the annual model.
  let seasonTable: GuideTable
  let lagTable: GuideTable
  let rxLagTable: GuideTable?
  /// The three tables above as reference-free views, and the Rx share of the medical/Rx
  /// split: read for every member on every thread (see ``GuideTable/view``).
  let seasonView: GuideTable.View
  let lagView: GuideTable.View
  let rxLagView: GuideTable.View?
  let rxShare: Double?
  /// True when every current-year claim falls in one cell (no lag, no trend, one window):
  /// the compound loop then skips the cell draw.
  let singleCurrentCell: Int?
  /// Member sums of several plain contracts (the scenario's options, `compare`): the distinct
  /// cell-flag tables among the contracts (table 0 is `layout.flags`), cell-major
  /// (`sumFlags[cell × sumTableCount + table]`), the table each contract reads and its
  /// specific deductible (+∞ without specific cover).
  let sumFlags: [CellFlags]
  let sumTableCount: Int
  let sumTableOfContract: [Int]
  let sumDeductibles: [Double]
  /// `singleCurrentCell` when the current-year cells settle alike under every contract.
  let sumSingleCell: Int?
  /// Group parameter-risk multiplier G ~ Lognormal(muG, sigmaG) with mean 1.
  let groupMu: Double
  let groupSigma: Double
  /// The samplers of the scenario's own claims model (the point estimate).
  let pointSamplers: ModelSamplers
  /// Parameter risk: the scenario's `parameter_sets` compiled, one drawn per trial (nil:
  /// `pointSamplers` on every trial).
  let parameterSets: [ModelSamplers]?
  /// The contracts settled on every trial: the scenario's own, then its `options`.
  public let contracts: [ContractTerms]
  /// True when the contracts need their claims settled in payment order (contract terms
  /// beyond a per-member deductible in the contract or an option, cash flow, changing
  /// enrolment). Several plain contracts settle on member sums.
  public var needsPaymentOrder: Bool { paymentOrderReason != nil }
  /// Why the contract needs payment order (nil when member totals settle it).
  public let paymentOrderReason: String?
  /// True when trials are settled claim by claim in payment order: when the contract needs
  /// it, or when asked (`--method events`); false for the plain scalar path.
  public let usesEvents: Bool
  /// Whether monthly cash flows are reported, and over how many months.
  public let cashFlow: Bool
  public let horizon: Int
  public let columns: ColumnLayout
  /// Enrolled share of each tier by month (units_m / units_1 of the enrolment table), when enrolment varies.
  let enrolledShare: [[Double]]?
  /// Tier of each member.
  let memberTier: [Int32]
  /// Level-funding deposits by month, when the plan is level funded.
  let levelDeposits: [Double]?
  /// Members whose following year is simulated for an extension of benefits (nil: none).
  let extensionMember: [Bool]?

  /// - Parameter paymentOrder: settle in payment order even when member totals would do
  ///   (the `events` method).
  public init(_ scenario: Scenario, paymentOrder: Bool = false) {
    self.scenario = scenario
    let claims = scenario.claims
    memberCount = scenario.census.memberCount
    weights = claims.memberWeights
    specificDeductible = scenario.stopLoss.specific?.deductible ?? .infinity
    let maxLag = claims.maxLag
    // Run-in: the earliest incurred month any cover reaches with a lag ≤ maxLag.
    var first = 1
    let allContracts = [scenario.stopLoss] + scenario.options.map(\.stopLoss)
    for stopLoss in allContracts {
      let aggregate = stopLoss.aggregate?.basis ?? stopLoss.basis
      for basis in [stopLoss.specific?.basis, aggregate].compactMap({ $0 }) {
        let f = basis.firstIncurredMonth ?? Int.min
        first = min(first, max(f, 1 - maxLag))
      }
      // Deductible carryover needs the previous year's last months.
      if let c = stopLoss.specific?.carryoverMonths, c > 0 { first = min(first, 1 - c) }
    }
    runInMonths = 1 - first
    let lagCount = maxLag + 1
    // Whole previous plan years are simulated: enough of them to reach every run-in month.
    let years = (runInMonths + 11) / 12
    runInYears = years
    layout = CellLayout(firstMonth: 1 - 12 * years, lagCount: lagCount,
                        trend: claims.trend, stopLoss: scenario.stopLoss)
    let lag = claims.lag + Array(repeating: 0, count: lagCount - claims.lag.count)
    // Current year: months 1…12 with seasonality weights.
    var currentProbabilities = Array(repeating: 0.0, count: layout.flags.count)
    var runInProbabilities = Array(repeating: 0.0, count: layout.flags.count)
    for m in 1...12 {
      for k in 0..<lagCount {
        currentProbabilities[layout.cell(month: m, lag: k)] = claims.seasonality[m - 1] * lag[k]
      }
    }
    if runInMonths > 0 {
      for m in (1 - 12 * years)...0 {
        for k in 0..<lagCount {
          runInProbabilities[layout.cell(month: m, lag: k)] = claims.seasonality[(m + 12 * years - 1) % 12] * lag[k]
        }
      }
    }
    currentCells = GuideTable(probabilities: currentProbabilities)
    runInCells = runInMonths > 0 ? GuideTable(probabilities: runInProbabilities) : nil
    let nonZero = currentProbabilities.indices.filter { currentProbabilities[$0] > 0 }
    let cellLayout = layout
    let distinct = Set(nonZero.map { cellLayout.flags[$0] })
    let distinctFactor = Set(nonZero.map { cellLayout.factor[$0] })
    singleCurrentCell = distinct.count == 1 && distinctFactor.count == 1 ? nonZero.first : nil
    // Each option's cells classified as its own contract's (the same months and lags).
    let contractFlags = [layout.flags] + scenario.options.map {
      CellLayout(firstMonth: cellLayout.firstMonth, lagCount: lagCount, trend: claims.trend, stopLoss: $0.stopLoss).flags
    }
    var tables: [[CellFlags]] = []
    var tableOf: [Int] = []
    for f in contractFlags {
      if let i = tables.firstIndex(of: f) { tableOf.append(i) } else { tables.append(f); tableOf.append(tables.count - 1) }
    }
    sumTableCount = tables.count
    sumTableOfContract = tableOf
    sumFlags = layout.flags.indices.flatMap { c in tables.map { $0[c] } }
    sumDeductibles = allContracts.map { $0.specific?.deductible ?? .infinity }
    let distinctAll = Set(nonZero.map { c in tables.map { $0[c].rawValue } })
    sumSingleCell = distinctAll.count == 1 && distinctFactor.count == 1 ? nonZero.first : nil
    seasonTable = GuideTable(probabilities: claims.seasonality)
    lagTable = GuideTable(probabilities: lag)
    if let split = claims.medicalRxSplit {
      rxLagTable = GuideTable(probabilities: split.rxLag + Array(repeating: 0, count: lagCount - split.rxLag.count))
    } else {
      rxLagTable = nil
    }
    seasonView = seasonTable.view
    lagView = lagTable.view
    rxLagView = rxLagTable?.view
    rxShare = claims.medicalRxSplit?.rxShare
    let cv = claims.groupParameterCV
    groupSigma = Foundation.log(1 + cv * cv).squareRoot()
    groupMu = -groupSigma * groupSigma / 2
    let cellLayout2 = layout
    let contractTerms = [ContractTerms(name: "contract", stopLoss: scenario.stopLoss, fixedCosts: scenario.fixedCosts, scenario: scenario, layout: cellLayout2)]
      + scenario.options.map { ContractTerms(name: $0.name, stopLoss: $0.stopLoss, fixedCosts: $0.fixedCosts, scenario: scenario, layout: cellLayout2) }
    contracts = contractTerms
    cashFlow = scenario.simulation.cashFlow || allContracts.contains { $0.aggregate?.accommodation == true }
      || scenario.funding?.level != nil
    levelDeposits = scenario.levelFundingDeposits
    let varies = scenario.enrolment.varies
    // Several plain contracts (options) are settled together on member sums; one contract
    // with other terms sends them all to payment order.
    let terms = "terms beyond a per-member deductible and attachment point (lasers, family accumulation, carryover, aggregating specific deductible, maxima, percentages, run-in limits, extension of benefits, terminal liability or accommodation)"
    let notPlain = contractTerms.firstIndex { !$0.isPlain }
    let why: String? =
      notPlain == 0 ? "the contract has \(terms)"
      : notPlain != nil ? "option '\(contractTerms[notPlain!].name)' has \(terms)"
      : cashFlow ? "monthly cash flows (or level funding) follow the claims month by month"
      : varies ? "enrolment changes during the year" : nil
    paymentOrderReason = why
    usesEvents = why != nil || paymentOrder
    let latest = contractTerms.map(\.aggregateSettlementMonth).max() ?? 13
    horizon = max(12 + lagCount, min(latest, 12 + lagCount + 12)) + 1
    var kept: [TrialColumn] = [.claimsIncurred, .specificReimbursement, .aggregateClaims, .runoutUnprotected]
    if runInMonths > 0 { kept += [.runInClaims, .specificWithoutRunIn, .aggregateClaimsWithoutRunIn] }
    if cashFlow { kept += [.largestCashNeed, .largestCashNeedAccommodated, .accommodation] }
    if scenario.funding?.level != nil { kept += [.fundRefund, .fundLowestBalance, .fundLowestMonth, .fundDeficit] }
    let extensionIDs = Set(allContracts.flatMap { $0.specific?.extensionMembers ?? [] })
    extensionMember = extensionIDs.isEmpty ? nil : scenario.census.members.map { extensionIDs.contains($0.id) }
    if !extensionIDs.isEmpty { kept.append(.extensionClaims) }
    columns = ColumnLayout(contracts: contractTerms.count, kept: kept, cashFlowMonths: cashFlow ? horizon : 0)
    // Claims are thinned by each month's units relative to month 1 (the census's members are
    // the month-1 population, also when a monthly table's month 1 differs from the census).
    enrolledShare = varies
      ? scenario.enrolment.units.map { row in row.map { row[0] > 0 ? min(1, $0 / row[0]) : 0 } }
      : nil
    memberTier = scenario.census.members.map { Int32($0.tier) }
    pointSamplers = ModelSamplers(claims.model)
    parameterSets = claims.parameterSets.map { $0.map { ModelSamplers($0) } }
  }

  /// True when the contract reaches claims incurred before the effective date.
  public var hasRunIn: Bool { runInMonths > 0 }

  /// The capture ratio of a basis under this plan's lag: the expected share of a year's
  /// claims that lands in the window (seasonality-weighted).
  public func captureRatio(_ basis: ContractBasis) -> Double {
    let lag = scenario.claims.blendedLag
    var total = 0.0
    for m in 1...12 {
      for (k, p) in lag.enumerated() where basis.covers(incurred: m, paid: m + k) {
        total += scenario.claims.seasonality[m - 1] * p
      }
    }
    return total
  }
}

/// The samplers of one claims model: frequency and severity (compound) or annual cost.
struct ModelSamplers: Sendable {
  let frequency: CountSampler?
  let severity: AmountSampler?
  let annual: AmountSampler?

  init(_ model: ClaimsSpec.Model) {
    switch model {
    case .perMember(let f, let s): (frequency, severity, annual) = (CountSampler(f), AmountSampler(s), nil)
    case .annual(let d): (frequency, severity, annual) = (nil, nil, AmountSampler(d))
    }
  }
}
