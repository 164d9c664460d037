// ReferenceSimulation.swift: runs the reference simulator: draws each trial's claims
// (ReferenceClaims), settles them under the scenario's contract and each of its `options:`
// (ReferenceSettlement, ReferenceCashFlow), applies the attachment point after the year
// (a corridor's from the run's own mean aggregate claims) and reports each quantity's mean
// and standard error under the result format's names.
import ClaimsModel
import Foundation

/// A mean and its standard error.
struct ReferenceEstimate {
  var mean: Double
  var stdError: Double
}

/// Welford's running mean and sum of squared deviations.
struct ReferenceMoments {
  private(set) var count = 0
  private var mean = 0.0
  private var squares = 0.0

  mutating func add(_ x: Double) {
    count += 1
    let delta = x - mean
    mean += delta / Double(count)
    squares += delta * (x - mean)
  }

  var estimate: ReferenceEstimate {
    let variance = count > 1 ? squares / Double(count - 1) : 0
    return ReferenceEstimate(mean: mean, stdError: (variance / Double(max(count, 1))).squareRoot())
  }
}

/// One contract's estimates, keyed by the result format's quantity names, plus
/// `probability_attach`, and with cash flow `largest_cash_need`,
/// `largest_cash_need_with_accommodation`, `accommodation` and `net_outflow_<m>`,
/// `net_outflow_with_accommodation_<m>` for months 1…horizon.
struct ReferenceContractResult {
  var name: String
  var estimates: [String: ReferenceEstimate] = [:]
  /// The last month of the cash flow (nil without cash flow).
  var horizon: Int?
}

enum ReferenceSimulation {
  static func run(_ s: Scenario, trials: Int, seed: UInt64) throws -> [ReferenceContractResult] {
    guard s.funding == nil else {
      throw ReferenceSamplingError(description: "the reference simulator does not model funding")
    }
    let model = try ReferenceClaimModel(s)
    let terms = [(name: "contract", stopLoss: s.stopLoss, fixedCosts: s.fixedCosts)]
      + s.options.map { (name: $0.name, stopLoss: $0.stopLoss, fixedCosts: $0.fixedCosts) }
    let contracts = terms.map {
      ReferenceContract(name: $0.name, stopLoss: $0.stopLoss, fixedCosts: $0.fixedCosts, scenario: s, maxLag: model.maxLag)
    }
    let cashFlow = s.simulation.cashFlow || contracts.contains { $0.accommodation }
    if cashFlow && contracts.contains(where: { $0.corridor != nil }) {
      throw ReferenceSamplingError(description: "a cash flow needs attachment points known before the year")
    }
    // Months 1 … H: past the last paid month of any claim of the year, and past the latest
    // aggregate settlement (within a year of the last paid month); anything later lands in H.
    let k = model.maxLag
    let latest = contracts.map(\.settlementMonth).max() ?? 13
    let horizon = max(13 + k, min(latest, 25 + k)) + 1

    var g = ReferenceRandom(seed: seed)
    var book = model.makeBook()
    var settlements = contracts.map { ReferenceSettlement($0, lastMonth: book.lastPaid) }
    var outcomes = contracts.map { _ in [ReferenceTrialOutcome]() }
    // Without the run-in claims: specific reimbursement and aggregate claims.
    var withoutRunIn = contracts.map { _ in [(specific: Double, aggregateClaims: Double)]() }
    var cash = contracts.map { _ in [String: ReferenceMoments]() }
    for _ in 0..<trials {
      model.trial(&g, into: &book)
      for c in contracts.indices {
        let o = settlements[c].settle(book)
        outcomes[c].append(o)
        if cashFlow {
          // Known before the year (a corridor was refused above); +∞ without aggregate cover.
          let a = contracts[c].annualAttachment ?? .infinity
          let r = contracts[c].aggregateReimbursement(o.aggregateClaims, attachment: a)
          let flow = ReferenceCashFlow(settlements[c], horizon: horizon, reimbursement: r)
          cash[c]["largest_cash_need", default: ReferenceMoments()].add(flow.largestNeed)
          cash[c]["largest_cash_need_with_accommodation", default: ReferenceMoments()].add(flow.largestNeedAccommodated)
          cash[c]["accommodation", default: ReferenceMoments()].add(flow.accommodation)
          for m in 1...horizon {
            cash[c]["net_outflow_\(m)", default: ReferenceMoments()].add(flow.outflow[m])
            cash[c]["net_outflow_with_accommodation_\(m)", default: ReferenceMoments()].add(flow.outflowAccommodated[m])
          }
        }
        if model.previousYears > 0 {
          let w = settlements[c].settle(book, runIn: false)
          withoutRunIn[c].append((w.specific, w.aggregateClaims))
        }
      }
    }

    var results: [ReferenceContractResult] = []
    for (c, contract) in contracts.enumerated() {
      var meanC = ReferenceMoments()
      for o in outcomes[c] { meanC.add(o.aggregateClaims) }
      let a = contract.annualAttachment ?? contract.corridor.map { $0 * meanC.estimate.mean } ?? .infinity
      let fixed = contract.monthlyFixedCosts.reduce(0, +)
      var m: [String: ReferenceMoments] = [:]
      func add(_ key: String, _ x: Double) { m[key, default: ReferenceMoments()].add(x) }
      for (t, o) in outcomes[c].enumerated() {
        let r = contract.aggregateReimbursement(o.aggregateClaims, attachment: a)
        if model.previousYears > 0 {
          let w = withoutRunIn[c][t]
          add("runin_reimbursement", o.specific + r - w.specific - contract.aggregateReimbursement(w.aggregateClaims, attachment: a))
        }
        if let premium = s.fullyInsuredAnnualPremium { add("self_funding_saving", premium - (fixed + o.incurred - o.specific - r + o.extensionClaims)) }
        let retained = o.incurred - o.specific - r
        add("claims_incurred", o.incurred)
        add("specific_reimbursement", o.specific)
        add("aggregate_claims", o.aggregateClaims)
        add("aggregate_reimbursement", r)
        add("runout_unprotected", o.runout)
        add("runin_claims", o.runIn)
        add("extension_claims", o.extensionClaims)
        add("retained_claims", retained)
        add("fixed_costs", fixed)
        add("employer_cost", fixed + retained + o.extensionClaims)
        if contract.hasAggregate { add("probability_attach", o.aggregateClaims > a ? 1 : 0) }
      }
      var result = ReferenceContractResult(name: contract.name, horizon: cashFlow ? horizon : nil)
      for (key, moments) in m.merging(cash[c], uniquingKeysWith: { a, _ in a }) { result.estimates[key] = moments.estimate }
      results.append(result)
    }
    return results
  }
}
