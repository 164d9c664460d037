// ParameterRiskCheck.swift: what the parameter risk changes, measured by `calibrate` on the
// scenario it writes: P(attach) and tail percentiles with the parameter sets and without them
// (the point estimate), on the same seeds. The command runs the simulations; the report shows
// the figures.

/// Figures of the written scenario with and without its parameter sets.
public struct ParameterRiskCheck: Sendable {
  /// One figure with and without parameter risk, with standard errors.
  public struct Figure: Sendable {
    public var key: String
    public var label: String
    public var with: Double
    public var withStdError: Double
    public var without: Double
    public var withoutStdError: Double
    public init(key: String, label: String, with: Double, withStdError: Double, without: Double, withoutStdError: Double) {
      self.key = key
      self.label = label
      self.with = with
      self.withStdError = withStdError
      self.without = without
      self.withoutStdError = withoutStdError
    }
  }

  public var trials: Int
  public var seed: UInt64
  /// P(attach) first (when the contract has an aggregate cover), then tail percentiles.
  public var figures: [Figure]

  public init(trials: Int, seed: UInt64, figures: [Figure]) {
    self.trials = trials
    self.seed = seed
    self.figures = figures
  }
}
