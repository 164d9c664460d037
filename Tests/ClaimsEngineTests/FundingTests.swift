// FundingTests.swift: level funding and the pooled allocated-balance model against the
// worked examples of docs/validation.md (E2, E12–E15) and invariants (cash conservation each
// year; zero volatility reproduces the deterministic projection exactly).
import ClaimsEngine
import ClaimsModel
import Foundation
import GSLRandom
import Testing

@Suite("Funding: level funding, pool, credibility")
struct FundingTests {
  @Test("E13 credibility blend: manual $100, experience $60 → $90 / $80 / $70 at Z = 0.25 / 0.5 / 0.75")
  func e13() {
    #expect(Credibility.blend(z: 0.25, experience: 60, manual: 100) == 90)
    #expect(Credibility.blend(z: 0.5, experience: 60, manual: 100) == 80)
    #expect(Credibility.blend(z: 0.75, experience: 60, manual: 100) == 70)
  }

  @Test("E14 Bühlmann: n 5, EPV 25,000, VHM 5,000 → Z 0.50; n 5, K 15 → Z 0.25, estimate 975")
  func e14() {
    #expect(Credibility.buhlmann(n: 5, epv: 25_000, vhm: 5_000) == 0.5)
    let z = Credibility.buhlmann(n: 5, k: 15)
    #expect(z == 0.25)
    #expect(Credibility.blend(z: z, experience: 1_200, manual: 900) == 975)
  }

  @Test("E15 full credibility: (1.645/0.05)² ≈ 1,082 claims; the square-root rule")
  func e15() {
    let full = Credibility.fullCredibilityStandard(probability: 0.90, tolerance: 0.05)
    // z_{0.95} = 1.6449 (the domain's 1.645 is rounded): 1,082.2 against 1,082.41.
    #expect(full.rounded(.down) == 1_082)
    #expect(abs(full - 1_082.41) < 0.5)
    expectClose(Credibility.limitedFluctuation(claims: full / 4, fullStandard: full), 0.5, tolerance: 1e-12, "√(1/4)")
    #expect(Credibility.limitedFluctuation(claims: 5_000, fullStandard: full) == 1)
  }

  @Test("E12 level-funded refund: pre-funding $200,000, paid $160,000, reserve $4,000 → $36,000")
  func e12() {
    var level = LevelFunding(claimsFundPerUnitMonth: .composite(0))
    level.runOutMonths = 0
    level.terminalLiabilityReserve = 4_000
    let ledger = FundLedger(
      funding: level, monthlyDeposit: Array(repeating: 200_000.0 / 12, count: 12),
      claimsPaidByMonth: Array(repeating: 160_000.0 / 12, count: 12))
    expectClose(ledger.refund, 36_000, tolerance: 1e-6, "refund")
  }

  @Test("E2 level funding ledger: month 3 −$23,900; month 12 $53,143; final $38,668")
  func e2() {
    let paid = [2_100.0, 6_800, 60_000, 3_000, 4_550, 5_430, 7_800, 10_200, 8_900, 6_104, 7_320, 4_653,
                5_300, 3_800, 2_100, 2_250, 550, 475]
    let ledger = FundLedger(
      funding: LevelFunding(claimsFundPerUnitMonth: .composite(300)), monthlyDeposit: Array(repeating: 15_000, count: 12),
      claimsPaidByMonth: paid)
    #expect(ledger.balance[2] == -23_900)
    #expect(ledger.balance[11] == 53_143)
    #expect(ledger.finalBalance == 38_668)
    #expect(ledger.negativeMonths == [3, 4, 5])
    #expect(ledger.lowestMonth == 3)
  }

  static func poolScenario(claims: String, cv: Double) throws -> Scenario {
    try scenario(
      """
      census: { tiers: [ { name: single, employees: 100 }, { name: family, employees: 50, members_per_employee: 3 } ] }
      claims:
      \(claims)
      stop_loss: { basis: incurred, specific: { deductible: 50000 } }
      fixed_costs: { per_unit_month: 60 }
      funding:
        allocated_balance:
          years: 5
          initial_balance: 100000
          pool_fee_per_unit_month: 40
          interest_rate: 0.03
          reserve: { ibnr: lag, runout_months: 2 }
          pool_experience: { rate: 1.0, cv: \(cv) }
      """)
  }

  @Test("Zero volatility: every path equals the deterministic projection")
  func zeroVolatility() throws {
    // Every member costs exactly $4,000 a year: no randomness in claims or the pool.
    let s = try Self.poolScenario(claims: "  annual: { distribution: { empirical: { values: [4000] } } }", cv: 0)
    let r = try PoolProjection.run(s, paths: 50, years: 5, seed: 3, threads: 2)
    for y in r.years {
      let p = r.projection[y.year - 1]
      #expect(y.balance.min == y.balance.max, "every path alike")
      expectClose(y.balance.mean, p.balance, tolerance: 1e-6 * max(1, abs(p.balance)), "year \(y.year) balance")
      expectClose(y.factor.mean, p.factor, tolerance: 1e-12, "year \(y.year) factor")
    }
  }

  @Test("Cash is conserved on every path and year")
  func conservation() throws {
    let model = try #require(try Self.poolScenario(claims: "  default: {}", cv: 0.05).funding?.allocatedBalance)
    let claims = [900_000.0, 1_400_000, 700_000, 1_800_000, 1_000_000]
    let years = PoolProjection.path(
      model, claims: claims, poolMultipliers: [1, 1.05, 0.97, 1.1, 1], expectedClaims: Array(repeating: 1_000_000, count: 5),
      annualFixed: 144_000, annualFee: Array(repeating: 96_000, count: 5), baseFunding: 1_300_000, units: 200, memberYears: 250,
      expectedClaimCount: 1_000, meanLagMonths: 1.3)
    var previous = model.initialBalance
    for y in years {
      let inflow = y.funding + y.supplemental + y.interest
      let outflow = y.fixedCosts + y.poolFee + y.claims + (y.balance - previous)
      expectClose(inflow, outflow, tolerance: 1e-6, "year balance identity")
      previous = y.balance
    }
    // The deficit after year 2 is repaid by supplemental factors in the following years.
    #expect(years[1].balance < 0)
    #expect(years[2].supplemental > 0)
  }

  @Test("A holiday decided at the end of a rich year shows in that year's P(holiday next year)")
  func holidayNextYear() throws {
    var s = try Self.poolScenario(claims: "  annual: { distribution: { empirical: { values: [4000] } } }", cv: 0)
    s.funding?.allocatedBalance?.initialBalance = 50_000_000
    let r = try PoolProjection.run(s, paths: 20, years: 3, seed: 1, threads: 1)
    #expect(r.years[0].probabilityHoliday.value == 1)
    #expect(r.projection[0].holidayNext == 1 && r.projection[1].holidayMonths == 1)
  }

  @Test("Cash is conserved on every simulated path and year")
  func conservationOnSimulatedPaths() throws {
    let model = try #require(try Self.poolScenario(claims: "  default: {}", cv: 0.05).funding?.allocatedBalance)
    let g = Generator(kind: .taus2, seed: 77)
    for _ in 0..<500 {
      // Claims around $1M a year with heavy years, pool multipliers around 1.
      let claims = (0..<6).map { _ in 1_000_000 * Foundation.exp(0.35 * g.gaussian() - 0.06) }
      let pool = (0..<6).map { _ in 1 + 0.05 * g.gaussian() }
      let years = PoolProjection.path(
        model, claims: claims, poolMultipliers: pool, expectedClaims: Array(repeating: 1_000_000, count: 6),
        annualFixed: 144_000, annualFee: Array(repeating: 96_000, count: 6), baseFunding: 1_300_000, units: 200,
        memberYears: 250, expectedClaimCount: 1_000, meanLagMonths: 1.3)
      var previous = model.initialBalance
      for y in years {
        let inflow = y.funding + y.supplemental + y.interest
        let outflow = y.fixedCosts + y.poolFee + y.claims + (y.balance - previous)
        #expect(abs(inflow - outflow) <= 1e-6 * max(1, inflow))
        previous = y.balance
      }
    }
  }
}
