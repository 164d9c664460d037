// ExactLattice.swift: a distribution on an equally spaced lattice (with the mass it leaves
// out): moments, quantiles, transforms and rebinning for the exact method.
internal import ClaimsModel
internal import Dispatch
internal import Foundation
internal import GSLRandom


/// A distribution on origin + k·step, k = 0 ..< pmf.count, plus `missingMass` above the top
/// (with first moment `missingFirstMoment`). For quantiles, exceedances and tail means every
/// atom is read as spread uniformly over its cell [x − step/2, x + step/2], except the lowest
/// one when `originIsAtom` (a quantity that is 0 with positive probability).
struct ExactLattice: Sendable {
  var origin: Double
  var step: Double
  var pmf: [Double]
  var originIsAtom: Bool
  /// The highest point is an atom too (the N-sum's cap N·d, when the whole support is kept).
  var topIsAtom = false
  var missingMass = 0.0
  var missingFirstMoment = 0.0

  init(origin: Double, step: Double, pmf: [Double], originIsAtom: Bool) {
    self.origin = origin
    self.step = step
    self.pmf = pmf
    self.originIsAtom = originIsAtom
  }

  func value(_ k: Int) -> Double { origin + Double(k) * step }

  /// Whether the mass of point k is read as spread over its cell.
  func isSpread(_ k: Int) -> Bool {
    !((k == 0 && originIsAtom) || (k == pmf.count - 1 && topIsAtom))
  }

  /// Sets the missing tail from the total mass and the exact mean.
  mutating func setMissing(totalMean: Double) {
    var mass = 0.0
    var first = 0.0
    for (k, p) in pmf.enumerated() {
      mass += p
      first += value(k) * p
    }
    missingMass = max(0, 1 - mass)
    missingFirstMoment = missingMass > 0 ? max(0, totalMean - first) : 0
  }

  /// E[g(X)] and Var[g(X)] over the lattice points (no missing tail).
  func moments(_ g: (Double) -> Double) -> (mean: Double, variance: Double) {
    var m1 = 0.0
    var m2 = 0.0
    for (k, p) in pmf.enumerated() {
      let y = g(value(k))
      m1 += y * p
      m2 += y * y * p
    }
    return (m1, max(0, m2 - m1 * m1))
  }

  /// Quantiles at increasing `levels`; nil when a level falls in the missing tail.
  func quantiles(_ levels: [Double]) -> [Double]? {
    var result = [Double](repeating: .nan, count: levels.count)
    var next = 0
    var cumulative = 0.0
    for (k, p) in pmf.enumerated() {
      let upper = cumulative + p
      while next < levels.count && upper >= levels[next] {
        if !isSpread(k) {
          result[next] = value(k)
        } else {
          let fraction = p > 0 ? min(1, max(0, (levels[next] - cumulative) / p)) : 0.5
          result[next] = value(k) - step / 2 + fraction * step
        }
        next += 1
      }
      cumulative = upper
      if next == levels.count { break }
    }
    return next == levels.count ? result : nil
  }

  /// P(X > t).
  func exceedance(_ t: Double) -> Double {
    let u = (t - origin) / step
    if u.isNaN { return .nan }
    if u + 0.5 >= Double(pmf.count) { return missingMass }
    if u + 0.5 < 0 { return min(1, pmf.reduce(0, +) + missingMass) }
    let cell = Int((u + 0.5).rounded(.down))
    var above = missingMass
    var k = pmf.count - 1
    while k > cell {
      above += pmf[k]
      k -= 1
    }
    if !isSpread(cell) {
      if t < value(cell) { above += pmf[cell] }
    } else {
      above += pmf[cell] * min(1, max(0, Double(cell) + 0.5 - u))
    }
    return max(0, min(1, above))
  }

  /// E[g(X) | X in its top (1 − level) share], g nondecreasing; `missingTransformedMoment` is
  /// E[g(X); X in the missing tail]. nil when the missing tail exceeds the share.
  func tailMean(_ level: Double, transform g: (Double) -> Double, missingTransformedMoment: Double) -> Double? {
    let share = 1 - level
    guard missingMass < share else { return nil }
    var mass = missingMass
    var sum = missingTransformedMoment
    var k = pmf.count - 1
    while k >= 0 {
      let p = pmf[k]
      if p > 0 {
        if mass + p < share {
          mass += p
          sum += p * g(value(k))
        } else {
          let w = share - mass
          let x = isSpread(k) ? value(k) + step / 2 - (w / p) * step / 2 : value(k)
          sum += w * g(x)
          mass = share
          break
        }
      }
      k -= 1
    }
    return mass > 0 ? sum / mass : nil
  }

  /// The distribution of g(X) (g nondecreasing) on the grid of `newStep` (origin a multiple
  /// of it), each mass split between the two nearest points so that the mean is kept.
  func rebinned(to newStep: Double, transform g: (Double) -> Double) -> ExactLattice {
    precondition(!pmf.isEmpty)
    let first = g(value(0)) / newStep
    let last = g(value(pmf.count - 1)) / newStep
    let base = first.rounded(.down)
    var out = [Double](repeating: 0, count: Int(last.rounded(.down) - base) + 2)
    for (k, p) in pmf.enumerated() where p != 0 {
      let u = g(value(k)) / newStep - base
      let i = min(out.count - 2, max(0, Int(u.rounded(.down))))
      let t = min(1, max(0, u - Double(i)))
      out[i] += (1 - t) * p
      out[i + 1] += t * p
    }
    while out.count > 1 && out.last == 0 { out.removeLast() }
    return ExactLattice(origin: base * newStep, step: newStep, pmf: out, originIsAtom: originIsAtom && base == 0 && first == 0)
  }
}
