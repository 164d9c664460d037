// ContractOptionTests.swift: the stop-loss contract options against the domain reference's
// worked examples (domain.md §8: E3–E9, E17) to the cent, and properties of the options on
// simulated trials (reimbursements bounded by claims, the identity, accommodation changes
// timing only, a laser at the plan deductible is no laser).
import ClaimsEngine
import ClaimsModel
import Foundation
import Testing

/// A scenario of `members` identical members with the given stop-loss section.
private func contractScenario(members: Int = 10, stopLoss: String, extra: String = "") throws -> Scenario {
  try scenario(
    """
    census: { members: \(members) }
    claims:
      per_member:
        frequency: { poisson: { mean: 6.0 } }
        severity: { lognormal: { mu: 5.0, sigma: 2.0 } }
      lag: [0.5, 0.3, 0.2]
    stop_loss:
    \(stopLoss.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
    \(extra)
    """)
}

@Suite("Contract options: worked examples and properties")
struct ContractOptionTests {
  static let abc = Paths.scenario("abc-incorporated.yaml")

  @Test("E6 specific deductible $50,000: $100,000 → $50,000; $47,000 → $0; $90,000 → $40,000")
  func e6() throws {
    let s = try contractScenario(stopLoss: "basis: \"12/12\"\nspecific: { deductible: 50000 }")
    let claims = [
      ReplayClaim(member: "1", incurredMonth: 2, paidMonth: 3, amount: 100_000),
      ReplayClaim(member: "2", incurredMonth: 1, paidMonth: 1, amount: 20_000),
      ReplayClaim(member: "2", incurredMonth: 4, paidMonth: 5, amount: 17_000),
      ReplayClaim(member: "2", incurredMonth: 6, paidMonth: 6, amount: 10_000),
    ] + (1...7).map { ReplayClaim(member: "3", incurredMonth: $0, paidMonth: $0 + 1, amount: 90_000 / 7) }
    let r = try ClaimsReplay.run(s, claims: claims)
    #expect(r.specificByMember["1"] == 50_000)
    #expect(r.specificByMember["2"] == nil)
    expectClose(r.specificByMember["3"] ?? 0, 40_000, tolerance: 0.005, "seven claims of $90,000")
    expectClose(r.specificReimbursement, 90_000, tolerance: 0.005, "total")
    expectClose(r.retainedClaims, 50_000 + 47_000 + 50_000, tolerance: 0.005, "employer")
  }

  @Test("E5 aggregating specific deductible: $60,000 ASD over a $75,000 deductible, paid Bob, Sue, Tom")
  func e5() throws {
    let s = try contractScenario(stopLoss: "basis: \"12/12\"\nspecific: { deductible: 75000, aggregating_deductible: 60000 }")
    let claims = [
      ReplayClaim(member: "1", incurredMonth: 1, paidMonth: 2, amount: 80_000),   // Bob
      ReplayClaim(member: "2", incurredMonth: 3, paidMonth: 4, amount: 100_000),  // Sue
      ReplayClaim(member: "3", incurredMonth: 5, paidMonth: 6, amount: 120_000),  // Tom
    ]
    let r = try ClaimsReplay.run(s, claims: claims)
    #expect(r.specificReimbursement == 15_000)
    #expect(r.specificByMember == ["3": 15_000], "all of it Tom's excess")
    // In the other payment order the ASD fills with Tom's $45,000 first, then Bob's $5,000 and
    // $10,000 of Sue's: Sue gets $15,000.
    let reversed = [
      ReplayClaim(member: "3", incurredMonth: 1, paidMonth: 2, amount: 120_000),
      ReplayClaim(member: "1", incurredMonth: 3, paidMonth: 4, amount: 80_000),
      ReplayClaim(member: "2", incurredMonth: 5, paidMonth: 6, amount: 100_000),
    ]
    let r2 = try ClaimsReplay.run(s, claims: reversed)
    #expect(r2.specificByMember == ["2": 15_000])
    // One claim must exceed $135,000 to satisfy the ASD alone.
    let r3 = try ClaimsReplay.run(s, claims: [ReplayClaim(member: "1", incurredMonth: 1, paidMonth: 1, amount: 135_000)])
    #expect(r3.specificReimbursement == 0)
  }

  @Test("E7 lasers: four members lasered at $500,000 under a $100,000 deductible: exposure $400,000 → $2,000,000")
  func e7() throws {
    let claims = (1...4).map { ReplayClaim(member: String($0), incurredMonth: $0, paidMonth: $0, amount: 800_000) }
    let plain = try contractScenario(stopLoss: "basis: \"12/12\"\nspecific: { deductible: 100000 }")
    let lasered = try contractScenario(stopLoss: """
      basis: "12/12"
      specific:
        deductible: 100000
        lasers: [ { member: "1", deductible: 500000 }, { member: "2", deductible: 500000 }, { member: "3", deductible: 500000 }, { member: "4", deductible: 500000 } ]
      """)
    #expect(try ClaimsReplay.run(plain, claims: claims).retainedClaims == 400_000)
    #expect(try ClaimsReplay.run(lasered, claims: claims).retainedClaims == 2_000_000)
    let excluded = try contractScenario(stopLoss: "basis: \"12/12\"\nspecific: { deductible: 100000, lasers: [ { member: \"2\", excluded: true } ] }")
    let r = try ClaimsReplay.run(excluded, claims: claims)
    #expect(r.specificByMember["2"] == nil)
    #expect(r.specificReimbursement == 3 * 700_000)
  }

  @Test("Extension of benefits: the extended period's excess fills the open ASD before the carrier pays")
  func extensionFillsAggregatingDeductible() throws {
    // Regression (found by the independent reference simulation): the extended period's
    // excess was reimbursed in full, as if the ASD had been met.
    let s = try Scenario.load(path: ReferenceCase.path("extension-asd.yaml"))
    let r = try ClaimsReplay.run(s, claims: [
      // Plan year: $30,000 − $5,000 deductible = $25,000 excess, all into the $60,000 ASD.
      ReplayClaim(member: "1", incurredMonth: 5, paidMonth: 5, amount: 30_000),
      // Extended period: $40,000 more excess; $35,000 completes the ASD, $5,000 is reimbursed.
      ReplayClaim(member: "1", incurredMonth: 14, paidMonth: 14, amount: 40_000),
    ])
    #expect(r.extensionClaims == 40_000)
    #expect(r.specificReimbursement == 5_000)
    #expect(r.employerCost == 30_000 + 40_000 - 5_000)
  }

  @Test("Specific maximum and reimbursement percentage")
  func maximumAndPercentage() throws {
    let s = try contractScenario(stopLoss: "basis: \"12/12\"\nspecific: { deductible: 50000, maximum: 300000, reimbursement: 0.9 }")
    let r = try ClaimsReplay.run(s, claims: [
      ReplayClaim(member: "1", incurredMonth: 1, paidMonth: 2, amount: 250_000),
      ReplayClaim(member: "1", incurredMonth: 3, paidMonth: 4, amount: 250_000),
      ReplayClaim(member: "2", incurredMonth: 3, paidMonth: 4, amount: 60_000),
    ])
    // Member 1: 0.9 × 450,000 = 405,000, capped at 300,000; member 2: 0.9 × 10,000.
    #expect(r.specificByMember["1"] == 300_000)
    expectClose(r.specificByMember["2"] ?? 0, 9_000, tolerance: 1e-9, "90% of $10,000")
  }

  @Test("Family accumulation: the deductible applies to the family's claims together")
  func familyAccumulation() throws {
    let s = try scenario(
      """
      census: { tiers: [ { name: family, employees: 2, members_per_employee: 3 } ] }
      claims: { per_member: { frequency: { poisson: { mean: 1 } }, severity: { exponential: { mean: 100 } } } }
      stop_loss: { basis: "12/12", specific: { deductible: 50000, accumulation: family } }
      """)
    let ids = s.census.members.map(\.id)
    let r = try ClaimsReplay.run(s, claims: [
      ReplayClaim(member: ids[0], incurredMonth: 1, paidMonth: 1, amount: 30_000),
      ReplayClaim(member: ids[1], incurredMonth: 2, paidMonth: 2, amount: 30_000),
      ReplayClaim(member: ids[3], incurredMonth: 2, paidMonth: 2, amount: 30_000),
    ])
    #expect(r.specificReimbursement == 10_000, "family 1: 60,000 − 50,000; family 2 below")
  }

  @Test("E3 accommodation: cumulative AP $300,000 after 3 months, claims $319,000 → $19,000")
  func e3() throws {
    let s = try contractScenario(members: 400, stopLoss: "basis: \"12/12\"\naggregate: { attachment: 1200000, accommodation: true }")
    let claims = (1...319).map { i in ReplayClaim(member: String(i), incurredMonth: 1 + (i % 3), paidMonth: 1 + (i % 3), amount: 1_000) }
    let r = try ClaimsReplay.run(s, claims: claims)
    #expect(r.accommodation[0] + r.accommodation[1] + r.accommodation[2] == 19_000)
    #expect(r.totalAccommodation == 19_000)
    // Year-end reconciliation: claims never reach the annual AP, so the $19,000 is refunded.
    #expect(r.aggregateReimbursement == 0)
    // Settled one month after the paid window (12/12 → month 13): the employer refunds.
    let settlementMonth = 13
    #expect(r.netOutflowAccommodated[settlementMonth - 1] == 19_000)
    #expect(r.netOutflow.reduce(0, +) == r.netOutflowAccommodated.reduce(0, +), "accommodation changes timing only")
  }

  @Test("E4 accommodation: AP $1,200,000; month-1 claims $150,000 → $50,000 after month 1, refunded at year end")
  func e4() throws {
    let s = try contractScenario(members: 200, stopLoss: "basis: \"12/12\"\naggregate: { attachment: 1200000, accommodation: true }")
    let claims = (1...150).map { ReplayClaim(member: String($0), incurredMonth: 1, paidMonth: 1, amount: 1_000) }
    let r = try ClaimsReplay.run(s, claims: claims)
    #expect(r.accommodation[0] == 50_000)
    #expect(r.totalAccommodation == 50_000)
    #expect(r.netOutflowAccommodated[12] == 50_000, "refund at settlement (month 13)")
  }

  @Test("E8 monthly AP from a PEPM: $200 × 1.25 × 100 employees = $25,000")
  func e8() throws {
    let s = try scenario(
      """
      census: { tiers: [ { name: employee, employees: 100 } ] }
      claims: { per_member: { frequency: { poisson: { mean: 1 } }, severity: { exponential: { mean: 100 } } } }
      stop_loss: { basis: "12/12", aggregate: { factors: { employee: 250.00 } } }
      """)
    let r = try ClaimsReplay.run(s, claims: [])
    #expect(r.attachmentPoint == 300_000)
    #expect(s.monthlyAmount(.composite(200 * 1.25)) == 25_000)
  }

  @Test("E9 minimum AP, 95% rule on the ABC quote: $351,861; binds when enrolment falls more than 5%")
  func e9() throws {
    var s = try Scenario.load(path: Self.abc)
    #expect(try ClaimsReplay.run(s, claims: []).minimumAttachment == 351_861)
    #expect(try ClaimsReplay.run(s, claims: []).attachmentPoint == 370_380)
    // A 10% layoff from month 2: Σ AP_m = 30,865 + 11 × 27,778.50 = 336,428.50 < 351,861.
    let base = Enrolment.constant(s.census)
    s.enrolment = Enrolment(units: base.units.map { row in (1...12).map { $0 >= 2 ? row[0] * 0.9 : row[0] } })
    let r = try ClaimsReplay.run(s, claims: [])
    #expect(r.attachmentPoint == 351_861)
  }

  @Test("E17 terminal liability: revised AP $370,380 + 3 × $30,865 = $462,975; 12/12 becomes 12/15")
  func e17() throws {
    let text = try String(contentsOfFile: Self.abc, encoding: .utf8)
      .replacingOccurrences(of: "stop_loss:\n", with: "stop_loss:\n  terminal_liability: true\n")
    let s = try Scenario.parse(text: text, file: "abc-tlo.yaml")
    #expect(s.stopLoss.terminalLiability)
    let late = [ReplayClaim(member: s.census.members[0].id, incurredMonth: 12, paidMonth: 15, amount: 1_000)]
    let r = try ClaimsReplay.run(s, claims: late)
    #expect(r.attachmentPoint == 462_975)
    #expect(r.aggregateClaims == 1_000, "paid in month 15: inside the TLO run-out")
    #expect(r.runoutUnprotected == 0)
  }

  @Test("E1 worst case: fixed costs + attachment = $610,602.00; fixed $20,018.50 a month")
  func e1() throws {
    let s = try Scenario.load(path: Self.abc)
    let r = try ClaimsReplay.run(s, claims: [])
    #expect(r.fixedCosts == 240_222)
    #expect((r.fixedCosts + (r.attachmentPoint ?? 0)) == 610_602)
    #expect((s.monthlyAmount(s.fixedCosts!) * 100).rounded() == 2_001_850)
  }

  // MARK: - Properties on simulated trials

  @Test("The event path equals the scalar path for a plain contract", arguments: ["12/12", "15/12", "12/18"])
  func eventPathMatchesScalar(_ basis: String) throws {
    let plain = try contractScenario(members: 200, stopLoss: "basis: \"\(basis)\"\nspecific: { deductible: 20000 }\naggregate: { attachment: 1100000 }")
    var forced = plain
    forced.simulation.cashFlow = true
    let (p1, a, _) = try simulate(plain, trials: 600, seed: 31)
    let (p2, b, _) = try simulate(forced, trials: 600, seed: 31)
    #expect(!p1.usesEvents && p2.usesEvents)
    for column in [TrialColumn.claimsIncurred, .specificReimbursement, .aggregateClaims, .runoutUnprotected, .runInClaims] {
      for t in 0..<a.trials {
        expectClose(a[column, t], b[column, t], tolerance: 1e-7 * max(1, a[.claimsIncurred, t]), "\(column) trial \(t)")
      }
    }
  }

  @Test("Options: bounded reimbursements and the identity on every trial")
  func optionProperties() throws {
    let s = try contractScenario(members: 300, stopLoss: """
      basis: "12/15"
      specific: { deductible: 20000, aggregating_deductible: 30000, maximum: 150000, reimbursement: 0.9, lasers: [ { member: "3", deductible: 60000 }, { member: "4", excluded: true } ] }
      aggregate: { attachment: 1500000, maximum: 400000, reimbursement: 0.95, accommodation: true }
      """)
    let (plan, columns, r) = try simulate(s, trials: 800, seed: 17)
    let a = try #require(r.attachment?.dollars)
    let terms = plan.contracts[0]
    for t in 0..<columns.trials {
      let incurred = columns[.claimsIncurred, t]
      let runout = columns[.runoutUnprotected, t]
      let spec = columns[.specificReimbursement, t]
      let aggClaims = columns[.aggregateClaims, t]
      let agg = terms.aggregateReimbursement(claims: aggClaims, attachment: a)
      #expect(spec >= 0 && spec <= incurred - runout + 1e-6, "specific ≤ eligible claims")
      #expect(agg <= 400_000 && agg <= max(0, aggClaims - a) + 1e-6)
      #expect(spec + aggClaims <= incurred - runout + 1e-6 * incurred, "reimbursable layers within eligible claims")
    }
    let retained = try #require(r.summary(.retainedClaims))
    let inc = try #require(r.summary(.claimsIncurred))
    let sp = try #require(r.summary(.specificReimbursement))
    let ag = try #require(r.summary(.aggregateReimbursement))
    expectClose(retained.mean, inc.mean - sp.mean - ag.mean, tolerance: 1e-6 * inc.mean, "retained = incurred − specific − aggregate")
    // Accommodation moves cash, never the annual liability: the outflows of each trial sum to
    // the same total with and without it.
    let cf = try #require(r.contracts[0].cashFlow)
    let total = cf.monthly.reduce(0) { $0 + $1.mean }
    let totalAccommodated = cf.monthlyAccommodated.reduce(0) { $0 + $1.mean }
    expectClose(total, totalAccommodated, tolerance: 1e-6 * total, "accommodation changes timing only")
    #expect(cf.largestNeedAccommodated.mean <= cf.largestNeed.mean + 1e-6)
  }

  @Test("A laser at the plan deductible equals no laser")
  func laserAtDeductible() throws {
    let plain = try contractScenario(members: 100, stopLoss: "basis: \"12/12\"\nspecific: { deductible: 15000, maximum: 1e9 }\naggregate: { attachment: 700000 }")
    let lasered = try contractScenario(members: 100, stopLoss: "basis: \"12/12\"\nspecific: { deductible: 15000, maximum: 1e9, lasers: [ { member: \"7\", deductible: 15000 } ] }\naggregate: { attachment: 700000 }")
    let (_, a, _) = try simulate(plain, trials: 400, seed: 5)
    let (_, b, _) = try simulate(lasered, trials: 400, seed: 5)
    #expect(a.values(.specificReimbursement) == b.values(.specificReimbursement))
    #expect(a.values(.aggregateClaims) == b.values(.aggregateClaims))
  }

  @Test("Options on common random numbers: the difference is far more precise than independent runs")
  func commonRandomNumbers() throws {
    let s = try contractScenario(members: 300, stopLoss: "basis: \"12/15\"\nspecific: { deductible: 25000 }\naggregate: { corridor: 1.25 }",
      extra: "options:\n  - { name: d50, specific: { deductible: 50000 } }\n  - { name: d100, specific: { deductible: 100000 } }")
    let (_, _, r) = try simulate(s, trials: 2000, seed: 3)
    #expect(r.contracts.count == 3)
    for c in 1...2 {
      let d = try #require(r.contracts[c].differences?.first { $0.quantity == .employerCost }?.difference)
      #expect(d.mean > 0, "a higher deductible costs the employer more on average")
      // The layer between the deductibles is what differs; the common claims below cancel.
      #expect(d.stdError < 0.6 * d.independentStdError, "CRN: \(d.stdError) vs independent \(d.independentStdError)")
    }
  }

  @Test("A layoff thins claims by month even without lag or trend (months are kept on the event path)")
  func layoffThinsClaims() throws {
    let s = try scenario(
      """
      census: { tiers: [ { name: ee, employees: 400 } ] }
      enrolment: { layoff: { month: 7, fraction: 0.5 } }
      claims: { per_member: { frequency: { poisson: { mean: 6 } }, severity: { gamma: { shape: 2, scale: 500 } } } }
      stop_loss: { basis: incurred, specific: { deductible: 1e9 } }
      """)
    let (plan, _, r) = try simulate(s, trials: 1500, seed: 4)
    #expect(plan.usesEvents)
    let inc = try #require(r.summary(.claimsIncurred))
    // Months 1–6 at full enrolment, 7–12 at half: 9/12 of a full year's claims.
    expectWithin(inc.mean, 400 * 6 * 1000 * 0.75, se: inc.stdError, "thinned claims")
  }

  @Test("Carryover credits the deductible once: a carried claim does not count toward it again")
  func carryoverOnce() throws {
    let s = try contractScenario(stopLoss: "basis: \"15/12\"\nspecific: { deductible: 50000, carryover_months: 3 }")
    // $30,000 incurred in month −1 (carried over and also inside the 15/12 run-in window),
    // then $40,000 in month 2: the deductible left is $20,000, so $20,000 is reimbursed.
    let r = try ClaimsReplay.run(s, claims: [
      ReplayClaim(member: "1", incurredMonth: -1, paidMonth: 1, amount: 30_000),
      ReplayClaim(member: "1", incurredMonth: 2, paidMonth: 2, amount: 40_000),
    ])
    #expect(r.specificReimbursement == 20_000)
  }

  @Test("Extension of benefits: a disabled member's claims after month 12 stay under the specific")
  func extensionOfBenefits() throws {
    let plain = try contractScenario(stopLoss: "basis: \"12/15\"\nspecific: { deductible: 50000 }")
    let extended = try contractScenario(stopLoss: """
      basis: "12/15"
      specific: { deductible: 50000, extension_of_benefits: { members: ["1"], months: 12 } }
      """)
    let claims = [
      ReplayClaim(member: "1", incurredMonth: 11, paidMonth: 12, amount: 40_000),
      ReplayClaim(member: "1", incurredMonth: 14, paidMonth: 15, amount: 30_000),   // month 2 after the year
      ReplayClaim(member: "1", incurredMonth: 23, paidMonth: 28, amount: 10_000),   // paid after 15 + 12
      ReplayClaim(member: "2", incurredMonth: 14, paidMonth: 14, amount: 90_000),   // not extended
    ]
    let p = try ClaimsReplay.run(plain, claims: claims)
    let e = try ClaimsReplay.run(extended, claims: claims)
    #expect(p.specificReimbursement == 0)
    #expect(p.extensionClaims == 0)
    // Member 1: 40,000 + 30,000 against the same $50,000 deductible; the last claim is paid
    // after the extended window (15 + 12 = month 27).
    #expect(e.specificReimbursement == 20_000)
    #expect(e.extensionClaims == 40_000)
    #expect(e.employerCost == e.fixedCosts + e.retainedClaims + e.extensionClaims)
    #expect(e.aggregateClaims == p.aggregateClaims, "never toward the aggregate")
  }

  @Test("Extension of benefits in a simulation: more specific, the identity holds on every trial")
  func extensionSimulation() throws {
    let base = "basis: \"12/15\"\nspecific: { deductible: 20000 }\naggregate: { attachment: 1e9 }"
    let plain = try contractScenario(members: 50, stopLoss: base)
    let extended = try contractScenario(members: 50, stopLoss: base.replacingOccurrences(
      of: "{ deductible: 20000 }", with: "{ deductible: 20000, extension_of_benefits: { members: [\"1\", \"2\", \"3\"] } }"))
    let (_, a, ra) = try simulate(plain, trials: 800, seed: 6)
    let (_, b, rb) = try simulate(extended, trials: 800, seed: 6)
    let extensionSummary = try #require(rb.summary(.extensionClaims))
    #expect(extensionSummary.mean > 0)
    #expect(ra.summary(.extensionClaims) == nil)
    #expect(try #require(rb.summary(.specificReimbursement)).mean >= (try #require(ra.summary(.specificReimbursement)).mean))
    let employer = b.values(.claimsIncurred).indices.map { t in
      b[.claimsIncurred, t] - b[.specificReimbursement, t] + b[.extensionClaims, t]
    }
    let employerMean = employer.reduce(0, +) / Double(employer.count)
    expectClose(try #require(rb.summary(.employerCost)).mean, employerMean, tolerance: 1e-6 * employerMean, "employer cost includes the extension claims")
    _ = a
  }
}
