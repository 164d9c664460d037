// ClaimsExport.swift: synthetic claim lines from a scenario's claims model, in the claims-file
// format, so that `calibrate` can be run on data with a known answer (`simulate
// --export-claims`). Sampling uses ClaimsModel's public distributions, not the engine.
public import ClaimsModel
public import GSLRandom
internal import Foundation

public enum ClaimsExport {
  /// `years` consecutive plan years of claim lines, the first starting in `start`, with every
  /// payment (full run-out). Member-level models spread each member's annual cost over
  /// episodes (K = 1 + Poisson(2 + 3·1(S > $25,000)), Dirichlet weights, uniform months);
  /// compound models draw each claim's month uniformly. Cost sharing and member weights apply;
  /// the per-trial group multiplier does not (each exported year is one draw of the model).
  public static func claims(_ scenario: Scenario, years: Int, start: Month, seed: UInt32) -> [ClaimRecord] {
    let g = Generator(seed: seed)
    let spec = scenario.claims
    let members = scenario.census.members
    var out: [ClaimRecord] = []
    var claimNumber = 0
    func draw(_ pmf: [Double]) -> Int {
      var u = g.uniform()
      for (k, p) in pmf.enumerated() {
        u -= p
        if u < 0 { return k }
      }
      return pmf.count - 1
    }
    func emit(_ member: String, _ incurred: Month, _ amount: Double, _ monthInYear: Int, _ year: Int) {
      let trended = amount * Foundation.pow(1 + spec.trend, Double(monthInYear) / 12 + Double(year))
      if let split = spec.medicalRxSplit {
        for (type, share, pmf) in [(ClaimType.medical, 1 - split.rxShare, spec.lag), (.rx, split.rxShare, split.rxLag)] where share > 0 {
          claimNumber += 1
          out.append(ClaimRecord(member: member, incurred: incurred, paid: incurred + draw(pmf), amount: (trended * share * 100).rounded() / 100, type: type, claimID: "C\(claimNumber)"))
        }
      } else {
        claimNumber += 1
        out.append(ClaimRecord(member: member, incurred: incurred, paid: incurred + draw(spec.lag), amount: (trended * 100).rounded() / 100, claimID: "C\(claimNumber)"))
      }
    }
    for year in 0..<years {
      for (j, member) in members.enumerated() {
        let id = member.id
        switch spec.model {
        case .perMember(let frequency, let severity):
          let n = Int(frequency.sample(g))
          for _ in 0..<n {
            let m = g.uniformInt(12)
            emit(id, start + (12 * year + m), severity.sample(g), m, year)
          }
        case .annual(let distribution):
          var s = distribution.sample(g) * (spec.memberWeights?[j] ?? 1)
          if let cs = spec.costSharing { s = cs.planPaid(s) }
          guard s > 0 else { continue }
          let rate = CalibratedModel.episodeBaseRate + (s > CalibratedModel.episodeLargeThreshold ? CalibratedModel.episodeLargeRate : 0)
          let k = 1 + g.poisson(mean: rate)
          let weights = (0..<k).map { _ in -Foundation.log(g.uniformPositive()) }
          let total = weights.reduce(0, +)
          for w in weights {
            let m = g.uniformInt(12)
            emit(id, start + (12 * year + m), s * w / total, m, year)
          }
        }
      }
    }
    return out
  }

  /// The claims-file CSV of `records` (header member_id,incurred,paid,amount,type,claim_id).
  public static func csv(_ records: [ClaimRecord]) -> String {
    var s = "member_id,incurred,paid,amount,type,claim_id\n"
    s.reserveCapacity(records.count * 48)
    for r in records {
      s += "\(r.member),\(r.incurred),\(r.paid),\(String(format: "%.2f", r.amount)),\(r.type.rawValue),\(r.claimID ?? "")\n"
    }
    return s
  }

  /// A large-claimant report: each member-year (plan year) total above `threshold`, as the
  /// TPA sends it (member_id,plan_year_start,total).
  public static func largeClaimants(_ records: [ClaimRecord], start: Month, threshold: Double) -> String {
    var totals: [String: Double] = [:]
    for r in records {
      let year = (r.incurred - start) / 12
      totals["\(start + 12 * year)\u{1F}\(r.member)", default: 0] += r.amount
    }
    var s = "member_id,plan_year_start,total\n"
    for (key, total) in totals.sorted(by: { $0.key < $1.key }) where total > threshold {
      let parts = key.split(separator: "\u{1F}")
      s += "\(parts[1]),\(parts[0]),\(String(format: "%.2f", total))\n"
    }
    return s
  }
}
