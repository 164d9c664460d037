// ReserveEstimate.swift: IBNR by incurred month from the chain ladder, with the immature
// months (completion below a threshold) blended with a PMPM projection, Bornhuetter–Ferguson
// style: ultimate = paid + (1 − completion) × (PMPM prior × member-months).

/// One incurred month's reserve.
public struct MonthReserve: Sendable {
  public var month: Month
  public var paid: Double
  public var completion: Double
  public var chainLadderUltimate: Double
  /// The ultimate used: chain ladder, or the PMPM blend when completion is below the threshold.
  public var ultimate: Double
  public var ibnr: Double { ultimate - paid }
  public var mackSE: Double
  public var blended: Bool
  public var memberMonths: Double
}

/// The reserve of a monthly triangle.
public struct ReserveEstimate: Sendable {
  public var months: [MonthReserve]
  public var chainLadder: ChainLadder
  public var mack: MackStandardError
  /// The PMPM prior of the blend: chain-ladder ultimate per member-month over the mature months.
  public var priorPMPM: Double
  public var completionThreshold: Double

  public var totalIBNR: Double { months.reduce(0) { $0 + $1.ibnr } }
  public var chainLadderIBNR: Double { chainLadder.totalIBNR }
  public var totalPaid: Double { months.reduce(0) { $0 + $1.paid } }
  public var totalUltimate: Double { months.reduce(0) { $0 + $1.ultimate } }

  /// `memberMonths[i]` is the exposure of the triangle's row i.
  public init(_ cl: ChainLadder, memberMonths: [Double], completionThreshold: Double, sigma: SigmaExtrapolation, months: [Month]) {
    chainLadder = cl
    mack = MackStandardError(cl, extrapolation: sigma)
    self.completionThreshold = completionThreshold
    let t = cl.triangle
    let cf = cl.completion
    var matureUltimate = 0.0, matureExposure = 0.0
    for i in 0..<t.rows where cf[t.lastObserved[i]] >= completionThreshold {
      matureUltimate += cl.ultimate[i]
      matureExposure += memberMonths[i]
    }
    let prior = matureExposure > 0 ? matureUltimate / matureExposure : 0
    priorPMPM = prior
    var out: [MonthReserve] = []
    for i in 0..<t.rows {
      let c = cf[t.lastObserved[i]]
      let blend = c < completionThreshold && prior > 0
      let ult = blend ? cl.latest[i] + (1 - c) * prior * memberMonths[i] : cl.ultimate[i]
      out.append(MonthReserve(
        month: months[i], paid: cl.latest[i], completion: c, chainLadderUltimate: cl.ultimate[i],
        ultimate: ult, mackSE: mack.byOrigin[i], blended: blend, memberMonths: memberMonths[i]))
    }
    self.months = out
  }

  /// The lag pmf implied by the completion factors: p_0 = CF_0, p_k = CF_k − CF_{k−1}
  /// (negative steps set to 0, renormalized, trailing zeros dropped).
  public static func lagPMF(completion: [Double]) -> [Double] {
    var pmf: [Double] = []
    var previous = 0.0
    for c in completion {
      pmf.append(max(0, c - previous))
      previous = max(previous, c)
    }
    let total = pmf.reduce(0, +)
    guard total > 0 else { return [1] }
    pmf = pmf.map { $0 / total }
    while pmf.count > 1, let last = pmf.last, last < 1e-12 { pmf.removeLast() }
    return pmf
  }
}
