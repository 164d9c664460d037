// Bootstrap.swift: the over-dispersed Poisson bootstrap of chain-ladder reserves (England &
// Verrall 2002): Pearson residuals of the incremental triangle resampled into pseudo
// triangles, each re-fitted by the chain ladder, plus gamma process error on the future cells.
internal import GSLRandom

/// The bootstrap distribution of the total reserve.
public struct ReserveBootstrap: Sendable {
  public var replicates: Int
  public var mean: Double
  public var standardError: Double
  /// Percentiles (type 7) of the total reserve: 50, 75, 90, 95, 99.
  public var percentiles: [(level: Double, value: Double)]
  /// Standard error of each completion factor over the replicates.
  public var completionSE: [Double]
  /// The scale parameter φ (Pearson χ² over degrees of freedom).
  public var phi: Double

  public init?(_ cl: ChainLadder, replicates: Int, seed: UInt32) {
    let t = cl.triangle
    let width = t.columns
    guard width >= 2, replicates >= 10 else { return nil }
    // Fitted incrementals: back from the latest diagonal with the chain-ladder factors.
    var fitted = Array(repeating: Array(repeating: 0.0, count: width), count: t.rows)
    var residuals: [Double] = []
    var observed = 0
    let inc = t.incremental
    for i in 0..<t.rows {
      let last = t.lastObserved[i]
      var cum = t.cumulative[i][last]
      var fittedCum = Array(repeating: 0.0, count: last + 1)
      fittedCum[last] = cum
      if last > 0 {
        for k in stride(from: last - 1, through: 0, by: -1) {
          cum /= cl.factors[k]
          fittedCum[k] = cum
        }
      }
      for k in 0...last {
        let m = k == 0 ? fittedCum[0] : fittedCum[k] - fittedCum[k - 1]
        fitted[i][k] = m
        observed += 1
        if m > 0 { residuals.append((inc[i][k] - m) / m.squareRoot()) }
      }
    }
    let parameters = 2 * width - 1
    let dof = Double(max(1, observed - parameters))
    let phi = residuals.reduce(0) { $0 + $1 * $1 } / dof
    // Degrees-of-freedom adjustment of the residuals.
    let adjust = (Double(observed) / dof).squareRoot()
    let r = residuals.map { $0 * adjust }
    guard !r.isEmpty else { return nil }
    let g = Generator(seed: seed)
    var totals: [Double] = []
    var cfSum = Array(repeating: 0.0, count: width), cfSq = Array(repeating: 0.0, count: width)
    totals.reserveCapacity(replicates)
    for _ in 0..<replicates {
      var rows: [[Double]] = []
      for i in 0..<t.rows {
        var total = 0.0
        rows.append((0...t.lastObserved[i]).map { k in
          let m = fitted[i][k]
          let pseudo = m > 0 ? m + r[g.uniformInt(r.count)] * m.squareRoot() : inc[i][k]
          total += pseudo
          return total
        })
      }
      let pseudoCL = ChainLadder(Triangle(rows: rows))
      var reserve = 0.0
      for i in 0..<t.rows {
        let last = t.lastObserved[i]
        guard last < width - 1 else { continue }
        // Future incrementals of the chain ladder fitted to the pseudo triangle (projected from
        // its own latest diagonal, England & Verrall), with gamma process error.
        var previous = rows[i][last]
        for k in (last + 1)..<width {
          let next = previous * pseudoCL.factors[k - 1]
          let mean = next - previous
          if mean > 0, phi > 0 {
            reserve += g.gamma(shape: mean / phi, scale: phi)
          } else {
            reserve += mean
          }
          previous = next
        }
      }
      totals.append(reserve)
      for (k, c) in pseudoCL.completion.enumerated() { cfSum[k] += c; cfSq[k] += c * c }
    }
    let n = Double(replicates)
    let mean = totals.reduce(0, +) / n
    let variance = totals.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
    self.replicates = replicates
    self.mean = mean
    standardError = variance.squareRoot()
    let sorted = totals.sorted()
    percentiles = [0.5, 0.75, 0.9, 0.95, 0.99].map { ($0, Quantile.type7(sorted, $0)) }
    completionSE = (0..<width).map { k in
      let m = cfSum[k] / n
      return max(0, cfSq[k] / n - m * m).squareRoot()
    }
    self.phi = phi
  }
}

/// Percentiles, R's type 7 (numpy's default): h = (n − 1)p, linear between order statistics.
enum Quantile {
  static func type7(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let h = Double(sorted.count - 1) * p
    let lo = Int(h.rounded(.down))
    let hi = min(lo + 1, sorted.count - 1)
    return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
  }
}
