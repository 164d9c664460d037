// GuideTable.swift: sampling a discrete distribution on 0..<n by inversion with a guide table
// (Chen & Asau 1974): one uniform and, on average, fewer than two comparisons per draw.
// All pointer work of the table sits in this file.

/// A discrete distribution on the integers 0 ..< count, sampled by inversion.
///
/// The cumulative probabilities are kept in one buffer and a guide table of `count` entries
/// maps ⌊u·count⌋ to the first index whose cumulative probability reaches u. Used for the
/// lag pmf, the (incurred month, lag) pair of a claim, empirical distributions, and Poisson
/// or negative binomial counts at small means (truncated where the upper tail falls below
/// 1e-17; see ``init(probabilities:)``).
public final class GuideTable: @unchecked Sendable {
  // Immutable after init; shared read-only across threads.
  @usableFromInline let cumulative: UnsafeMutableBufferPointer<Double>
  @usableFromInline let guide: UnsafeMutableBufferPointer<Int32>
  public let count: Int

  /// - Parameter probabilities: non-negative weights (normalized here), at least one positive.
  public init(probabilities: [Double]) {
    precondition(!probabilities.isEmpty, "GuideTable needs at least one probability")
    let total = probabilities.reduce(0, +)
    precondition(total > 0 && total.isFinite, "GuideTable needs a positive finite total")
    count = probabilities.count
    cumulative = .allocate(capacity: count)
    guide = .allocate(capacity: count)
    var acc = 0.0
    for (i, p) in probabilities.enumerated() {
      acc += p / total
      cumulative[i] = acc
    }
    // The last non-zero entry closes at exactly 1 so that every u < 1 finds an index.
    var last = count - 1
    while last > 0 && probabilities[last] == 0 { last -= 1 }
    for i in last..<count { cumulative[i] = 1.0 }
    var j = 0
    for g in 0..<count {
      let threshold = Double(g) / Double(count)
      while cumulative[j] <= threshold && j < count - 1 { j += 1 }
      guide[g] = Int32(j)
    }
    view = View(cumulative: UnsafePointer(cumulative.baseAddress!), guide: UnsafePointer(guide.baseAddress!), count: count)
  }

  deinit {
    cumulative.deallocate()
    guide.deallocate()
  }

  /// The index drawn by the uniform `u` in [0, 1): the smallest i with u < F(i).
  @inlinable @inline(__always)
  public func index(for u: Double) -> Int { view.index(for: u) }

  /// Draws an index with a uniform from `generator`.
  @inlinable @inline(__always)
  public func sample(_ generator: Generator) -> Int { view.sample(generator) }

  /// A view of this table that copies without reference counting, for loops that several
  /// threads run at once (retaining one shared table from every thread bounces its count's
  /// cache line between cores). Valid while the table lives.
  public let view: View

  /// See ``view``.
  public struct View: @unchecked Sendable {
    @usableFromInline let cumulative: UnsafePointer<Double>
    @usableFromInline let guide: UnsafePointer<Int32>
    @usableFromInline let count: Int

    @usableFromInline
    init(cumulative: UnsafePointer<Double>, guide: UnsafePointer<Int32>, count: Int) {
      self.cumulative = cumulative
      self.guide = guide
      self.count = count
    }

    /// The same index as ``GuideTable/index(for:)``.
    @inlinable @inline(__always)
    public func index(for u: Double) -> Int {
      var i = Int(guide[Int(u * Double(count))])
      while u >= cumulative[i] { i += 1 }
      return i
    }

    /// The same index as `index(for: generator.uniform())`. With taus2 the guide slot comes
    /// from the 32-bit word by an integer multiply: u·count is exact in a double when
    /// count < 2^21 (32 + 21 bits), so ⌊u·count⌋ = (word·count) >> 32.
    @inlinable @inline(__always)
    public func sample(_ generator: Generator) -> Int {
      guard generator.taus != nil, count < 1 << 21 else { return index(for: generator.uniform()) }
      let w = generator.word()
      let u = Double(w) / 4_294_967_296.0
      var i = Int(guide[Int(truncatingIfNeeded: (UInt64(w) &* UInt64(count)) >> 32)])
      while u >= cumulative[i] { i += 1 }
      return i
    }
  }

  /// P(X ≤ i).
  public func cdf(_ i: Int) -> Double { i < 0 ? 0 : (i >= count ? 1 : cumulative[i]) }

  /// A Poisson(mean) table truncated where P(N > k) < 1e-17 (below the resolution of a
  /// double-precision uniform, so inversion never reaches the tail it drops).
  public static func poisson(mean: Double) -> GuideTable {
    var pmf: [Double] = []
    var k = 0
    while true {
      let p = Probability.poissonPmf(k, mean: mean)
      pmf.append(p)
      if Double(k) > mean && Probability.poissonQ(k, mean: mean) < 1e-17 { break }
      k += 1
    }
    return GuideTable(probabilities: pmf)
  }

  /// A negative binomial table (success probability p, size n) truncated as ``poisson(mean:)``.
  public static func negativeBinomial(p: Double, n: Double) -> GuideTable {
    var pmf: [Double] = []
    var k = 0
    let mean = n * (1 - p) / p
    while true {
      pmf.append(Probability.negativeBinomialPmf(k, p: p, n: n))
      if Double(k) > mean && Probability.negativeBinomialQ(k, p: p, n: n) < 1e-17 { break }
      k += 1
    }
    return GuideTable(probabilities: pmf)
  }
}
