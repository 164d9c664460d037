// ExactResult.swift: what the exact method returns (the summaries of every quantity and the
// distribution of aggregate claims), and its error.
internal import ClaimsModel
internal import Dispatch
internal import Foundation
internal import GSLRandom

/// Why ``ExactMethod/solve(_:gridStep:)`` gave no answer.
public struct ExactMethodError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// The exact (simulation-free) answers for one scenario.
///
/// Means and standard deviations are exact up to the severity discretization (errors of order
/// h² for a grid step h: 5e-5 dollars per member for W1 at the default grid). Percentiles are
/// quantiles of the lattice distributions with every atom spread uniformly over its grid cell
/// (the cumulative distribution interpolated linearly between half-way points), so they
/// approximate the quantiles of the continuous distribution to a small fraction of the grid
/// step; the lowest cell of a quantity that starts at 0 is kept as an atom.
public struct ExactResult: Sendable {
  /// The statistics of one quantity.
  public struct Summary: Sendable, Hashable {
    public var mean: Double
    /// Standard deviation (+∞ when the severity has no second moment).
    public var stdDev: Double
    /// Percentiles at ``MetricSummary/levels``; nil when the distribution was not computed
    /// (see ``ExactResult/notes``).
    public var percentiles: [Double]?
    /// E[X | X ≥ its 95th percentile]; nil when the distribution was not computed.
    public var tvar95: Double?

    public init(mean: Double, stdDev: Double, percentiles: [Double]?, tvar95: Double?) {
      self.mean = mean
      self.stdDev = stdDev
      self.percentiles = percentiles
      self.tvar95 = tvar95
    }

    /// The percentile with JSON key `key` ("p50", …, "p99_5").
    public func percentile(_ key: String) -> Double? {
      guard let percentiles, let i = MetricSummary.levels.firstIndex(where: { $0.key == key }) else { return nil }
      return percentiles[i]
    }

    /// A quantity that is `value` with certainty.
    public static func constant(_ value: Double) -> Summary {
      Summary(mean: value, stdDev: 0, percentiles: MetricSummary.levels.map { _ in value }, tvar95: value)
    }
  }

  public var scenarioName: String
  public var memberCount: Int
  /// Poisson mean of claims per member per year.
  public var claimFrequency: Double
  /// The share q of a year's claims that falls in the contract window (eligible claims are
  /// compound Poisson with rate λq, run-out claims with rate λ(1 − q), independent).
  public var captureRatio: Double
  /// Specific deductible (+∞ without specific cover).
  public var deductible: Double
  /// The member grid step h (dollars): severity and member distributions live on k·h.
  public var gridStep: Double
  /// The grid step of the distribution of `aggregate_claims`.
  public var aggregateGridStep: Double
  /// The annual aggregate attachment point in dollars (nil without aggregate cover).
  public var attachment: Double?
  /// P(aggregate_claims > attachment) (nil without aggregate cover).
  public var probabilityAttach: Double?
  /// Per member: E[min(S, d)], E[(S − d)+] and P(S ≥ d) for the eligible claims S.
  public var memberLimitedMean: Double
  public var memberExcessMean: Double
  public var memberProbabilityAtDeductible: Double
  /// Statistics of every quantity in ``Quantity`` order (no run-in quantities: run-in bases
  /// are not supported).
  public var metrics: [(quantity: Quantity, summary: Summary)]
  /// Remarks on what was approximated or left out (for reports).
  public var notes: [String]
  public var elapsedSeconds: Double

  /// The distribution of `aggregate_claims`.
  let aggregate: ExactLattice

  public func summary(_ q: Quantity) -> Summary? {
    metrics.first { $0.quantity == q }?.summary
  }

  /// P(aggregate_claims > threshold), with the lattice atoms spread over their cells (so that
  /// `exceedance(p-quantile) = 1 − p`).
  public func exceedance(_ threshold: Double) -> Double {
    aggregate.exceedance(threshold)
  }
}

/// The exact method: distributions by discretization and FFT instead of simulation.
///
/// **Model.** N identical members (a `members` or `tiers` census under the per-member
/// compound model: member weights apply only to annual models); each member's claims are
/// compound Poisson with rate λ and severity X, incurred in month m with the scenario's
/// seasonality weight, paid after a lag from the lag pmf, and multiplied by the trend factor
/// of month m. By Poisson thinning over the (month, lag) cells, the claims inside the contract
/// window are compound Poisson with rate λq (q = Σ weight of the cells the basis covers, the
/// capture ratio ``ClaimsModel/ContractBasis/captureRatio(lagPMF:)`` for uniform months) and
/// severity the mixture of the trended X over those cells; the run-out claims are an
/// independent compound Poisson with rate λ(1 − q).
///
/// **Quantities.** S = a member's eligible claims; C = Σ min(Sᵢ, d) (`aggregate_claims`);
/// Σ (Sᵢ − d)+ (`specific_reimbursement`); R = Σ run-out claims = compound Poisson(Nλ(1 − q))
/// (`runout_unprotected`); retained = C − min(max, pct·(C − A)+) + R (= min(C, A) + R for a
/// plain cover); employer cost = fixed costs + retained; claims incurred = compound
/// Poisson(Nλ, X).
///
/// **Grids.** The member grid step is h = d/K with K = ``defaultStepsToDeductible`` (or the
/// `gridStep` asked for, rounded so that d is a whole number of steps): "a few thousand
/// points to the deductible", which puts E[min(S, d)] within about 5e-5 dollars per member of
/// the limit h → 0 (W1: h = $12.50; the README's answers used $2.50). When d lies far beyond
/// a member's usual totals, K grows so that the body of S still gets K points (up to 2^20
/// points; beyond that the cap is ignored and a note says so). The severity is discretized by
/// the "rounding" method with limited expected values (Klugman–Panjer–Willmot):
/// P(X̃ = 0) = 1 − E[X∧h]/h and P(X̃ = kh) = (2E[X∧kh] − E[X∧(k−1)h] − E[X∧(k+1)h])/h, which
/// preserves the mean. A member's compound distribution comes from ifft(exp(λq(φ_X̃ − 1))) with
/// exponential tilting against wrap-around. The N-sum of min(S, d) is computed on the member
/// grid by the pointwise N-th power of the transform, in the window [lo, hi] outside which
/// Chernoff bounds leave less than 1e-16 of the mass on each side (W1: about 370,000 points);
/// a window wider than 2^22 points is coarsened by an integer factor. Without specific cover C
/// is itself compound Poisson(Nλq) and is computed as the heavy-tailed totals are.
///
/// Heavy-tailed totals (run-out, retained, specific reimbursement, claims incurred) are
/// computed from 0 up to u = x_ε + E + 20·sd (E, sd of the claims below x_ε), where the sum's
/// claim rate Λ gives Λ·P(X > x_ε) = 1e-4, on the coarsest grid that fits 2^20 (retained, on
/// an integer multiple of C's step, convolved with min(C, A) by FFT) or 2^18 points (specific
/// reimbursement, on a step that divides d; claims incurred). Their means and standard
/// deviations are exact (analytic, or from the member grid); the mass above u (of order 1e-4
/// at most) enters the tail means through its exact first moment. FFT lengths are checked
/// with Chernoff bounds so that wrap-around moves less than 1e-15 of a member's mass and
/// 1e-10 of a total's.
///
/// **Not supported** (``supports(_:)`` says which): annual and default member-level models,
/// frequencies other than Poisson, `group_parameter_cv` > 0, a `members_file` census,
/// enrolment that changes in the year, run-in bases, covers on different bases, terminal
/// liability, specific covers other than a plain per-member deductible, aggregate
/// accommodation or run-in limits, contract `options:`, cash flow (`simulation.cash_flow`) and
/// funding (level or pooled).
