// ClaimsReplay.swift: runs given claims (actual or constructed) through a scenario's contract
// in payment order, month by month: the deterministic counterpart of a trial, used by
// `claimsrisk settle` and by the worked-example tests.
public import ClaimsModel
internal import Foundation

/// One claim to replay: who, when incurred, when paid, how much.
public struct ReplayClaim: Sendable, Hashable {
  /// A census member id, or nil for claims not attributed to a member (they count toward
  /// the aggregate in full and never reach the specific deductible).
  public var member: String?
  public var incurredMonth: Int
  public var paidMonth: Int
  public var amount: Double

  public init(member: String?, incurredMonth: Int, paidMonth: Int, amount: Double) {
    self.member = member
    self.incurredMonth = incurredMonth
    self.paidMonth = paidMonth
    self.amount = amount
  }
}

/// The month-by-month and annual outcome of a replay.
public struct ReplayResult: Sendable {
  public var claimsIncurred: Double
  public var specificReimbursement: Double
  public var aggregateClaims: Double
  public var attachmentPoint: Double?
  public var minimumAttachment: Double?
  public var aggregateReimbursement: Double
  public var runoutUnprotected: Double
  public var runInClaims: Double
  /// Claims incurred after month 12 by extension-of-benefits members.
  public var extensionClaims: Double
  public var retainedClaims: Double
  public var fixedCosts: Double
  public var employerCost: Double
  /// By month 1…horizon.
  public var claimsPaid: [Double]
  public var specificReceived: [Double]
  public var accommodation: [Double]
  public var netOutflow: [Double]
  public var netOutflowAccommodated: [Double]
  public var totalAccommodation: Double
  /// Specific reimbursement by member id (members with none are left out).
  public var specificByMember: [String: Double]
}

/// Errors of a replay's input.
public struct ReplayError: Error, CustomStringConvertible, Sendable {
  public var description: String
}

public enum ClaimsReplay {
  /// Replays `claims` through contract `contract` (0 = the scenario's own, then its options).
  /// Unattributed claims (member nil) are treated as claims of distinct members below any
  /// deductible.
  public static func run(_ scenario: Scenario, claims: [ReplayClaim], contract: Int = 0) throws -> ReplayResult {
    var s = scenario
    // A lag table wide enough for every replayed claim.
    let maxLag = claims.map { $0.paidMonth - $0.incurredMonth }.max() ?? 0
    guard maxLag <= 24 else { throw ReplayError(description: "a claim is paid \(maxLag) months after it is incurred; at most 24 are supported") }
    if let bad = claims.first(where: { $0.paidMonth < $0.incurredMonth }) {
      throw ReplayError(description: "a claim is paid (month \(bad.paidMonth)) before it is incurred (month \(bad.incurredMonth))")
    }
    let width = max(maxLag + 1, s.claims.lag.count)
    s.claims.lag = Array(repeating: 1 / Double(width), count: width)
    s.claims.medicalRxSplit = nil
    s.simulation.cashFlow = true
    // Unattributed claims: one extra pseudo-member each, with no family.
    var census = s.census
    let index = Dictionary(census.members.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    var memberOf: [Int] = []
    var nextFamily = (census.members.map(\.family).max() ?? -1) + 1
    for claim in claims {
      if let id = claim.member {
        guard let j = index[id] else { throw ReplayError(description: "no member '\(id)' in the census") }
        memberOf.append(j)
      } else {
        memberOf.append(census.members.count)
        census.members.append(Census.Member(id: "unattributed-\(memberOf.count)", tier: 0, family: nextFamily, isChild: false))
        nextFamily += 1
      }
    }
    // Unattributed claims never reach a deductible: laser them out of the specific cover
    // and let them count in full toward the aggregate.
    s.census = census
    var contracts = [s.stopLoss] + s.options.map(\.stopLoss)
    guard contract < contracts.count else { throw ReplayError(description: "no contract \(contract)") }
    if var sp = contracts[contract].specific {
      for j in scenario.census.members.count..<census.members.count {
        sp.lasers.append(.init(member: census.members[j].id, deductible: nil))
      }
      sp.excludedMemberAggregate = .full
      contracts[contract].specific = sp
    }
    s.stopLoss = contracts[0]
    for i in s.options.indices { s.options[i].stopLoss = contracts[i + 1] }
    let plan = SimulationPlan(s)
    let terms = plan.contracts[contract]
    let settler = ContractSettler(terms: terms, layout: plan.layout, horizon: max(plan.horizon, (claims.map(\.paidMonth).max() ?? 0) + 2), cashFlow: true)
    settler.trackUnits = true
    var events: [ClaimEvent] = []
    for (i, claim) in claims.enumerated() where claim.incurredMonth >= plan.layout.firstMonth && claim.incurredMonth <= 24 {
      let lag = claim.paidMonth - claim.incurredMonth
      if claim.incurredMonth > 12 {
        // The following year: an extension-of-benefits claim (ignored for other members).
        let cell = plan.layout.cell(month: claim.incurredMonth - 12, lag: lag)
        events.append(ClaimEvent(member: Int32(memberOf[i]), cell: Int32(-cell - 1), amount: claim.amount))
      } else {
        let cell = plan.layout.cell(month: claim.incurredMonth, lag: lag)
        events.append(ClaimEvent(member: Int32(memberOf[i]), cell: Int32(cell), amount: claim.amount))
      }
    }
    let settled = events.withUnsafeMutableBufferPointer { settler.settle($0, includeRunIn: true) }
    let a = terms.annualAttachment
    let outcome = terms.outcome(
      incurred: settled.incurred, specific: settled.specific, aggregateClaims: settled.aggregateClaims,
      runout: settled.runout, runIn: settled.runIn, extensionClaims: settled.extensionClaims,
      attachment: a ?? .infinity, fixedCosts: terms.annualFixedCosts)
    var byMember: [String: Double] = [:]
    for (j, m) in census.members.enumerated() {
      let u = Int(terms.unitOfMember[j])
      if u < settler.reimbursedByUnit.count, settler.reimbursedByUnit[u] > 0, j < scenario.census.members.count {
        byMember[m.id] = settler.reimbursedByUnit[u]
      }
    }
    let months = 1...settler.horizon
    return ReplayResult(
      claimsIncurred: settled.incurred, specificReimbursement: settled.specific,
      aggregateClaims: settled.aggregateClaims, attachmentPoint: a,
      minimumAttachment: terms.aggregate == nil ? nil : terms.minimumAttachment,
      aggregateReimbursement: outcome.aggregateReimbursement, runoutUnprotected: outcome.runout, runInClaims: outcome.runIn,
      extensionClaims: outcome.extensionClaims,
      retainedClaims: outcome.retained, fixedCosts: outcome.fixedCosts, employerCost: outcome.employerCost,
      claimsPaid: months.map { settler.claimsPaid[$0] }, specificReceived: months.map { settler.specificReceived[$0] },
      accommodation: months.map { $0 <= 12 ? settler.accommodationByMonth[$0] : 0 },
      netOutflow: months.map { settler.outflow[$0] }, netOutflowAccommodated: months.map { settler.outflowAccommodated[$0] },
      totalAccommodation: settled.accommodation, specificByMember: byMember)
  }
}
