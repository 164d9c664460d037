// BookResult.swift: the book's figures computed from a complete part: per-trial gross
// losses (summed over the groups in id order), loss ratio, reinsurance, net; their
// summaries, VaR and TVaR, and each group's allocation.
// User doc: docs/book.md, "What the report says".
public import ClaimsEngine

/// Value at risk and tail value at risk at one level.
public struct TailMeasure: Sendable, Equatable {
  public var level: Double
  /// VaR: the type-7 quantile at `level`.
  public var valueAtRisk: Double
  public var valueAtRiskStdError: Double
  /// TVaR: the mean of the largest k = ⌈(1 − level)·n⌉ trials.
  public var tailValue: Double
  /// Standard error of that mean (the tail's standard deviation / √k; VaR's own
  /// uncertainty not included).
  public var tailValueStdError: Double
  /// The trials in the tail (ties broken by the lower trial index), sorted.
  public var tailTrials: [Int]
}

/// One group's figures.
public struct GroupFigures: Sendable, Equatable {
  public var record: GroupRecord
  public var expectedSpecific: Double
  public var expectedAggregate: Double
  /// Expected carrier loss (specific + aggregate) and its standard error.
  public var expectedLoss: Double
  public var expectedLossStdError: Double
  public var lossRatio: Double
  /// Co-TVaR: the group's mean loss over the book's tail trials at 99% and 99.5%
  /// (they sum over the groups to the book's TVaR).
  public var coTVaR99: Double
  public var coTVaR995: Double
  /// coTVaR99 / book TVaR 99%.
  public var share99: Double
  /// 1-based rank by co-TVaR 99%.
  public var rank: Int
}

public struct BookResult: Sendable {
  public var identity: BookIdentity
  public var premium: Double
  public var expectedClaimsIncurred: Double
  public var gross: MetricSummary
  public var lossRatio: MetricSummary
  public var net: MetricSummary
  public var netLossRatio: MetricSummary
  public var netPremium: Double
  public var stopLossRecovery: MetricSummary
  public var quotaShareCeded: Double
  public var shock: MetricSummary?
  public var probabilityLoss: Proportion
  public var probabilityNetLoss: Proportion
  public var tail: [TailMeasure]
  public var netTail: [TailMeasure]
  public var groups: [GroupFigures]
  public var grossSketch: DistributionSketch
  public var memberCount: Int

  public static let tailLevels = [0.99, 0.995]

  /// Computes the figures of a complete part.
  public static func make(_ part: BookPart) throws -> BookResult {
    try part.requireComplete()
    let id = part.identity
    let n = id.trials
    var gross = [Double](repeating: 0, count: n)
    for l in part.losses {
      for t in 0..<n { gross[t] += l.specific[t] + l.aggregate[t] }
    }
    let premium = part.groups.reduce(0) { $0 + $1.premium }
    let r = id.reinsurance
    var netValues = gross.map { r.netLosses(gross: $0, premium: premium) }
    var recoveries = gross.map { r.stopLossRecovery(gross: $0, premium: premium) }
    let netPremium = r.netPremium(premium)
    var ratios = gross.map { $0 / premium }
    var netRatios = netValues.map { $0 / netPremium }
    let lossCount = ratios.reduce(0) { $0 + ($1 > 1 ? 1 : 0) }
    let netLossCount = netValues.reduce(0) { $0 + ($1 > netPremium ? 1 : 0) }
    let tail = tailLevels.map { tailMeasure(gross, level: $0) }
    let netTail = tailLevels.map { tailMeasure(netValues, level: $0) }
    var figures: [GroupFigures] = []
    for (g, l) in zip(part.groups, part.losses) {
      var total = [Double](repeating: 0, count: n)
      for t in 0..<n { total[t] = l.specific[t] + l.aggregate[t] }
      let mean = total.reduce(0, +) / Double(n)
      var ss = 0.0
      for x in total { ss += (x - mean) * (x - mean) }
      let se = n > 1 ? (ss / Double(n - 1) / Double(n)).squareRoot() : 0
      func co(_ m: TailMeasure) -> Double { m.tailTrials.reduce(0) { $0 + total[$1] } / Double(m.tailTrials.count) }
      let c99 = co(tail[0])
      figures.append(GroupFigures(
        record: g, expectedSpecific: l.specific.reduce(0, +) / Double(n), expectedAggregate: l.aggregate.reduce(0, +) / Double(n),
        expectedLoss: mean, expectedLossStdError: se, lossRatio: mean / g.premium,
        coTVaR99: c99, coTVaR995: co(tail[1]), share99: tail[0].tailValue > 0 ? c99 / tail[0].tailValue : 0, rank: 0))
    }
    figures.sort { $0.coTVaR99 != $1.coTVaR99 ? $0.coTVaR99 > $1.coTVaR99 : $0.record.id < $1.record.id }
    for i in figures.indices { figures[i].rank = i + 1 }
    var shockValues = id.shock.multipliers(seed: id.seed, trials: n)
    let shock = shockValues.map { _ in MetricSummary.summarize(&shockValues!) }
    var sortedGross = gross
    let grossSummary = MetricSummary.summarize(&sortedGross)
    return BookResult(
      identity: id, premium: premium, expectedClaimsIncurred: part.groups.reduce(0) { $0 + $1.claimsIncurredMean },
      gross: grossSummary, lossRatio: MetricSummary.summarize(&ratios), net: MetricSummary.summarize(&netValues),
      netLossRatio: MetricSummary.summarize(&netRatios), netPremium: netPremium,
      stopLossRecovery: MetricSummary.summarize(&recoveries), quotaShareCeded: r.quotaShare * grossSummary.mean,
      shock: shock, probabilityLoss: Proportion(successes: lossCount, trials: n),
      probabilityNetLoss: Proportion(successes: netLossCount, trials: n), tail: tail, netTail: netTail,
      groups: figures, grossSketch: DistributionSketch.make(sortedValues: sortedGross),
      memberCount: part.groups.reduce(0) { $0 + $1.members })
  }

  /// VaR (type 7, with the engine's percentile standard error) and TVaR at `level` (0.99 or
  /// 0.995, levels the engine's summaries report), with the tail's trials.
  static func tailMeasure(_ values: [Double], level: Double) -> TailMeasure {
    let n = values.count
    var sorted = values
    let summary = MetricSummary.summarize(&sorted)
    let key = MetricSummary.levels.firstIndex { $0.p == level }!
    // k = ⌈n·(1 − level)⌉ in whole numbers of per-mille (no rounding surprises).
    let perMille = Int((1000 * (1 - level)).rounded())
    let k = max(1, (n * perMille + 999) / 1000)
    let order = (0..<n).sorted { values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1 }
    let tailTrials = Array(order.prefix(k)).sorted()
    let tailValues = tailTrials.map { values[$0] }
    let mean = tailValues.reduce(0, +) / Double(k)
    var ss = 0.0
    for x in tailValues { ss += (x - mean) * (x - mean) }
    let sd = k > 1 ? (ss / Double(k - 1)).squareRoot() : 0
    return TailMeasure(
      level: level, valueAtRisk: summary.percentiles[key], valueAtRiskStdError: summary.percentileStdErrors[key],
      tailValue: mean, tailValueStdError: sd / Double(k).squareRoot(), tailTrials: tailTrials)
  }
}
