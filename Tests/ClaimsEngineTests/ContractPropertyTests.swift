// ContractPropertyTests.swift: property-based tests (x-sheep/swift-property-based) of the
// contract arithmetic on random claim sets replayed through random contracts: the identity,
// reimbursements bounded by claims, monotonicity in the deductible and the attachment point,
// accommodation moving cash only.
import ClaimsEngine
import ClaimsModel
import Foundation
import PropertyBased
import Testing

/// A random claim set from a seed (SplitMix64): up to 40 claims of 8 members.
private func randomClaims(_ seed: Int) -> [ReplayClaim] {
  var state = UInt64(truncatingIfNeeded: seed) &+ 0x9E37_79B9_7F4A_7C15
  func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  let count = Int(next() % 41)
  return (0..<count).map { _ in
    let month = 1 + Int(next() % 12)
    let lag = Int(next() % 7)
    // Heavy-tailed amounts: mostly small, sometimes very large.
    let u = Double(next() >> 11) / Double(1 << 53)
    let amount = (100 * Foundation.pow(1 - u, -1.2)).rounded()
    return ReplayClaim(member: String(1 + next() % 8), incurredMonth: month, paidMonth: month + lag, amount: amount)
  }
}

private let base: Scenario = {
  try! Scenario.parse(
    text: """
      census: { members: 8 }
      claims: { per_member: { frequency: { poisson: { mean: 1 } }, severity: { exponential: { mean: 1000 } } }, lag: [0.5, 0.5] }
      stop_loss:
        basis: "12/15"
        specific: { deductible: 10000 }
        aggregate: { attachment: 100000 }
      """, file: "property.yaml")
}()

private func contract(deductible: Double, asd: Double = 0, maximum: Double = .infinity, pct: Double = 1,
                      attachment: Double, aggregateMax: Double = .infinity, accommodation: Bool = false, basis: String = "12/15") -> Scenario {
  var s = base
  let b = ContractBasis(parsing: basis)!
  var sp = SpecificSpec(deductible: deductible, basis: b)
  sp.aggregatingDeductible = asd
  sp.maximum = maximum
  sp.reimbursement = pct
  var ag = AggregateSpec(attachment: .dollars(attachment), basis: b)
  ag.maximum = aggregateMax
  ag.accommodation = accommodation
  s.stopLoss = StopLossSpec(specific: sp, aggregate: ag)
  s.stopLoss.basis = b
  return s
}

@Suite("Contract arithmetic properties")
struct ContractPropertyTests {
  @Test("Identity and bounds on random claims and contracts")
  func identityAndBounds() async {
    await propertyCheck(
      count: 300, input: Gen.int(in: 0...Int(Int32.max)), Gen.double(in: 0...50_000), Gen.double(in: 0...40_000),
      Gen.double(in: 0...300_000), Gen.double(in: 0.5...1)
    ) { seed, d, asd, a, pct in
      let claims = randomClaims(seed)
      let s = contract(deductible: d, asd: asd, maximum: 60_000, pct: pct, attachment: a, aggregateMax: 50_000)
      let r = try ClaimsReplay.run(s, claims: claims)
      let eligible = r.claimsIncurred - r.runoutUnprotected
      #expect(abs(r.retainedClaims - (r.claimsIncurred - r.specificReimbursement - r.aggregateReimbursement)) <= 1e-6 * max(1, r.claimsIncurred))
      #expect(r.specificReimbursement >= 0 && r.specificReimbursement <= eligible + 1e-6)
      #expect(r.aggregateReimbursement >= 0 && r.aggregateReimbursement <= max(0, r.aggregateClaims - a) + 1e-6)
      #expect(r.aggregateReimbursement <= 50_000 + 1e-9)
      #expect(r.aggregateClaims <= eligible + 1e-6)
      #expect(r.specificReimbursement + r.aggregateReimbursement <= eligible + 1e-6, "reimbursements never exceed eligible claims")
      // The specific never pays more than Σ_j (E_j − d)+ over the specific window.
      var perMember: [String: Double] = [:]
      for c in claims where c.paidMonth <= 15 { perMember[c.member!, default: 0] += c.amount }
      let excess = perMember.values.reduce(0) { $0 + max(0, $1 - d) }
      #expect(r.specificReimbursement <= excess + 1e-6)
    }
  }

  @Test("Monotone in the deductible and in the attachment point")
  func monotone() async {
    await propertyCheck(
      count: 200, input: Gen.int(in: 0...Int(Int32.max)), Gen.double(in: 0...60_000), Gen.double(in: 0...30_000),
      Gen.double(in: 0...200_000), Gen.double(in: 0...100_000)
    ) { seed, d, dd, a, da in
      let claims = randomClaims(seed)
      let low = try ClaimsReplay.run(contract(deductible: d, attachment: a), claims: claims)
      let highD = try ClaimsReplay.run(contract(deductible: d + dd, attachment: a), claims: claims)
      let highA = try ClaimsReplay.run(contract(deductible: d, attachment: a + da), claims: claims)
      #expect(highD.specificReimbursement <= low.specificReimbursement + 1e-6, "specific falls as the deductible rises")
      #expect(highA.aggregateReimbursement <= low.aggregateReimbursement + 1e-6, "aggregate falls as the attachment rises")
      #expect(highA.retainedClaims >= low.retainedClaims - 1e-6)
      // Without an aggregate that can attach, the employer keeps more as the deductible rises.
      let noAgg1 = try ClaimsReplay.run(contract(deductible: d, attachment: 1e12), claims: claims)
      let noAgg2 = try ClaimsReplay.run(contract(deductible: d + dd, attachment: 1e12), claims: claims)
      #expect(noAgg2.retainedClaims >= noAgg1.retainedClaims - 1e-6)
    }
  }

  @Test("Accommodation changes when cash moves, never the year's total")
  func accommodationTiming() async {
    await propertyCheck(count: 200, input: Gen.int(in: 0...Int(Int32.max)), Gen.double(in: 0...150_000)) { seed, a in
      let claims = randomClaims(seed)
      let with = try ClaimsReplay.run(contract(deductible: 20_000, attachment: a, accommodation: true, basis: "12/12"), claims: claims)
      let without = try ClaimsReplay.run(contract(deductible: 20_000, attachment: a, basis: "12/12"), claims: claims)
      #expect(abs(with.employerCost - without.employerCost) <= 1e-6)
      let total = with.netOutflowAccommodated.reduce(0, +)
      #expect(abs(total - without.netOutflow.reduce(0, +)) <= 1e-6 * max(1, total))
      #expect(with.totalAccommodation >= 0)
    }
  }
}
