// SeverityGrid.swift: the claim-size distribution discretized on the exact method's grid.
internal import ClaimsModel
internal import Dispatch
internal import Foundation
internal import GSLRandom


enum SeverityGrid {
  /// The mean-preserving "rounding" discretization of X on 0, h, …, (count − 1)·h by limited
  /// expected values (Klugman–Panjer–Willmot): f₀ = 1 − E[X∧h]/h and
  /// f_k = (2E[X∧kh] − E[X∧(k−1)h] − E[X∧(k+1)h])/h. Mass above (count − 1)·h is left out
  /// (a defective pmf), which the compound and power FFTs allow.
  static func rounding(_ x: Distribution, step h: Double, count: Int) -> [Double] {
    precondition(count >= 1 && h > 0)
    // E[X ∧ kh] for k = 0 … count.
    var lev = [Double](repeating: 0, count: count + 1)
    for k in 1...count { lev[k] = x.limitedExpectedValue(Double(k) * h) }
    var f = [Double](repeating: 0, count: count)
    f[0] = 1 - lev[1] / h
    if count > 1 {
      for k in 1..<count { f[k] = (2 * lev[k] - lev[k - 1] - lev[k + 1]) / h }
    }
    return f
  }
}
