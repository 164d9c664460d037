// Reinsurance.swift: the carrier's reinsurance of the whole book: a quota share, then an
// aggregate stop-loss on the retained book attaching at a loss ratio.
// User doc: docs/book.md, "Reinsurance".

/// The book's reinsurance. Applied per trial to the book's gross losses L and premium P:
/// the quota share cedes q·L and q·P; the aggregate stop-loss pays
/// min(limit·P_r, max(0, L_r − attachment·P_r)) on the retained L_r = (1 − q)·L,
/// P_r = (1 − q)·P. Net losses are L_r minus that recovery; net premium is P_r minus the
/// stop-loss premium.
public struct Reinsurance: Sendable, Codable, Equatable {
  /// Ceded share of losses and premium (0: none).
  public var quotaShare: Double
  /// Aggregate stop-loss attachment and limit as loss ratios of the retained premium
  /// (attachment nil: no aggregate stop-loss; limit nil: unlimited).
  public var stopLossAttachment: Double?
  public var stopLossLimit: Double?
  /// The aggregate stop-loss premium, in dollars (0 when not given).
  public var stopLossPremium: Double

  public init(quotaShare: Double = 0, stopLossAttachment: Double? = nil, stopLossLimit: Double? = nil, stopLossPremium: Double = 0) {
    self.quotaShare = quotaShare
    self.stopLossAttachment = stopLossAttachment
    self.stopLossLimit = stopLossLimit
    self.stopLossPremium = stopLossPremium
  }

  public static let none = Reinsurance()

  public var isNone: Bool { quotaShare == 0 && stopLossAttachment == nil }

  /// Retained premium after the quota share.
  public func retainedPremium(_ premium: Double) -> Double { (1 - quotaShare) * premium }

  /// The aggregate stop-loss recovery on a trial's gross losses.
  public func stopLossRecovery(gross: Double, premium: Double) -> Double {
    guard let attachment = stopLossAttachment else { return 0 }
    let retained = (1 - quotaShare) * gross
    let retainedPremium = retainedPremium(premium)
    let excess = max(0, retained - attachment * retainedPremium)
    return stopLossLimit.map { min(excess, $0 * retainedPremium) } ?? excess
  }

  /// A trial's net losses: retained after the quota share, less the stop-loss recovery.
  public func netLosses(gross: Double, premium: Double) -> Double {
    (1 - quotaShare) * gross - stopLossRecovery(gross: gross, premium: premium)
  }

  /// Premium kept after the quota share and the stop-loss premium.
  public func netPremium(_ premium: Double) -> Double { retainedPremium(premium) - stopLossPremium }
}
