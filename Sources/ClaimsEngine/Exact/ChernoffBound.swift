// ChernoffBound.swift: Chernoff bounds on the tail mass the exact method's grids leave out.
internal import ClaimsModel
internal import Dispatch
internal import Foundation
internal import GSLRandom


/// Chernoff bounds for sums of a lattice variable, from its pmf compressed into at most 4,096
/// blocks (a block's mass counted at its upper end for upper tails, at its lower end for
/// lower tails, so every bound stays valid).
struct ChernoffBound {
  private var starts: [Double] = []
  private var ends: [Double] = []
  private var logMasses: [Double] = []
  private let top: Double
  private let thetas: [Double]

  init(_ pmf: [Double], blocks: Int = 4096) {
    let size = max(1, (pmf.count + blocks - 1) / blocks)
    var i = 0
    while i < pmf.count {
      let j = min(pmf.count, i + size)
      var m = 0.0
      var first = -1
      var last = -1
      for k in i..<j where pmf[k] > 0 {
        m += pmf[k]
        if first < 0 { first = k }
        last = k
      }
      if m > 0 {
        starts.append(Double(first))
        ends.append(Double(last))
        logMasses.append(Foundation.log(m))
      }
      i = j
    }
    top = ends.last ?? 0
    // θ from 1e-9 to 700/top (so that e^{θk} stays finite), geometrically.
    let hi = 700 / max(top, 1)
    let lo = min(1e-9, hi / 2)
    let count = 200
    let ratio = Foundation.pow(hi / lo, 1 / Double(count - 1))
    thetas = (0..<count).map { lo * Foundation.pow(ratio, Double($0)) }
  }

  /// An upper bound on log Σ p_k e^{θk} (θ of either sign).
  func logMoment(_ theta: Double) -> Double {
    let positions = theta > 0 ? ends : starts
    var peak = -Double.infinity
    for b in logMasses.indices { peak = max(peak, theta * positions[b] + logMasses[b]) }
    if peak == -.infinity { return -.infinity }
    var sum = 0.0
    for b in logMasses.indices { sum += Foundation.exp(theta * positions[b] + logMasses[b] - peak) }
    return peak + Foundation.log(sum)
  }

  /// Indices [lo, hi] outside which the sum of `power` copies has mass below e^{logEpsilon}
  /// on each side.
  func window(power: Int, logEpsilon: Double) -> (Int, Int) {
    let np = Double(power)
    var hi = Double.infinity
    var lo = 0.0
    for theta in thetas {
      hi = min(hi, (np * logMoment(theta) - logEpsilon) / theta)
      lo = max(lo, (logEpsilon - np * logMoment(-theta)) / theta)
    }
    let upper = Int(min(np * top, hi).rounded(.up))
    return (max(0, min(upper, Int(lo.rounded(.down)))), upper)
  }

  /// True when the mass of the sum of `power` copies at index `at` and above is provably
  /// below e^{logTarget}.
  func powerTail(power: Int, at: Double, isBelow logTarget: Double) -> Bool {
    let np = Double(power)
    return thetas.contains { np * logMoment($0) - $0 * at <= logTarget }
  }

  /// True when e^{−tilt·at} times the mass of the compound Poisson(rate) sum at index `at` and
  /// above (at most e^{−θ·at} exp(rate·(M(θ) − 1))) is provably below e^{logTarget}.
  func compoundPoissonTail(rate: Double, at: Double, tilt: Double, isBelow logTarget: Double) -> Bool {
    if -tilt * at <= logTarget { return true }
    return thetas.contains { theta in
      let m = Foundation.exp(logMoment(theta))
      return m.isFinite && rate * (m - 1) - theta * at - tilt * at <= logTarget
    }
  }
}
