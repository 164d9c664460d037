// ChainLadder.swift: age-to-age factors with a choice of average, completion factors and the
// chain-ladder projection of each origin's ultimate and IBNR.

/// How the age-to-age factor of each development age is averaged over origins.
public enum FactorAverage: Sendable, Hashable, CustomStringConvertible {
  /// Σ C(k+1) / Σ C(k): the volume-weighted (Mack) chain ladder.
  case volumeWeighted
  /// The plain mean of the individual ratios C(k+1)/C(k).
  case simple
  /// Volume-weighted over the latest n origins that have the ratio.
  case latest(Int)
  /// The plain mean after dropping the highest and the lowest ratio (when 3 or more).
  case excludeHighLow

  public init?(parsing text: String) {
    switch text {
    case "volume", "volume-weighted", "weighted": self = .volumeWeighted
    case "simple": self = .simple
    case "exclude-high-low", "high-low": self = .excludeHighLow
    default:
      if text.hasPrefix("latest-"), let n = Int(text.dropFirst(7)), n >= 1 { self = .latest(n) } else { return nil }
    }
  }

  public var description: String {
    switch self {
    case .volumeWeighted: "volume-weighted"
    case .simple: "simple"
    case .latest(let n): "latest-\(n)"
    case .excludeHighLow: "exclude-high-low"
    }
  }
}

/// The chain ladder fitted to a triangle.
public struct ChainLadder: Sendable {
  public var triangle: Triangle
  public var average: FactorAverage
  /// Age-to-age factors f_k (column k to k + 1), k = 0 … columns − 2.
  public var factors: [Double]
  /// Number of origins behind each factor.
  public var factorCounts: [Int]
  /// Age-to-ultimate factors Π_{j ≥ k} f_j, k = 0 … columns − 1 (1 at the last column).
  public var ageToUltimate: [Double]
  /// Completion factors 1 / age-to-ultimate: the share of the ultimate paid by age k.
  public var completion: [Double] { ageToUltimate.map { 1 / $0 } }
  /// Latest paid (cumulative) of each origin.
  public var latest: [Double]
  /// Projected ultimate of each origin.
  public var ultimate: [Double]
  /// Ultimate − latest of each origin.
  public var ibnr: [Double]
  public var totalIBNR: Double { ibnr.reduce(0, +) }

  public init(_ triangle: Triangle, average: FactorAverage = .volumeWeighted) {
    self.triangle = triangle
    self.average = average
    let width = triangle.columns
    var factors: [Double] = []
    var counts: [Int] = []
    for k in 0..<max(0, width - 1) {
      var pairs: [(Double, Double)] = []
      for i in 0..<triangle.rows where triangle.lastObserved[i] >= k + 1 {
        pairs.append((triangle.cumulative[i][k], triangle.cumulative[i][k + 1]))
      }
      counts.append(pairs.count)
      factors.append(ChainLadder.average(pairs, average))
    }
    self.factors = factors
    self.factorCounts = counts
    var atu = Array(repeating: 1.0, count: width)
    if width >= 2 {
      for k in stride(from: width - 2, through: 0, by: -1) { atu[k] = atu[k + 1] * factors[k] }
    }
    ageToUltimate = atu
    let latest = (0..<triangle.rows).map { triangle.cumulative[$0][triangle.lastObserved[$0]] }
    let ultimate = (0..<triangle.rows).map { latest[$0] * atu[triangle.lastObserved[$0]] }
    self.latest = latest
    self.ultimate = ultimate
    ibnr = zip(ultimate, latest).map { $0 - $1 }
  }

  /// The projected cumulative of origin i at age k (observed where known).
  public func projected(_ i: Int, _ k: Int) -> Double {
    let last = triangle.lastObserved[i]
    if k <= last { return triangle.cumulative[i][k] }
    return latest[i] * ageToUltimate[last] / ageToUltimate[k]
  }

  static func average(_ pairs: [(Double, Double)], _ average: FactorAverage) -> Double {
    let usable = pairs.filter { $0.0 != 0 }
    guard !usable.isEmpty else { return 1 }
    func weighted(_ p: [(Double, Double)]) -> Double {
      let below = p.reduce(0) { $0 + $1.0 }
      return below == 0 ? 1 : p.reduce(0) { $0 + $1.1 } / below
    }
    switch average {
    case .volumeWeighted:
      return weighted(usable)
    case .latest(let n):
      return weighted(Array(usable.suffix(n)))
    case .simple:
      return usable.reduce(0) { $0 + $1.1 / $1.0 } / Double(usable.count)
    case .excludeHighLow:
      var ratios = usable.map { $0.1 / $0.0 }.sorted()
      if ratios.count >= 3 { ratios = Array(ratios.dropFirst().dropLast()) }
      return ratios.reduce(0, +) / Double(ratios.count)
    }
  }
}
