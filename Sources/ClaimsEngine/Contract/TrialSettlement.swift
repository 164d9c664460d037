// TrialSettlement.swift: the primitives one contract settles on one trial's claims, by every
// simulation path (member sums, fast tables, payment order) and the replay; the outcome
// (reimbursements, retained, employer cost) is derived from them by ContractOutcome.

/// One contract's settled primitives on one trial.
struct TrialSettlement {
  /// Claims incurred in months 1…12.
  var incurred = 0.0
  var specific = 0.0
  var aggregateClaims = 0.0
  /// Current-year claims outside every window.
  var runout = 0.0
  /// Claims incurred before month 1 that some cover reaches.
  var runIn = 0.0
  /// The member-sum path's settlement without the run-in claims (the payment-order path
  /// settles a second time instead).
  var specificWithoutRunIn = 0.0
  var aggregateClaimsWithoutRunIn = 0.0
  /// Claims of extension-of-benefits members in the extended period (paid by the plan).
  var extensionClaims = 0.0
  var largestCashNeed = 0.0
  var largestCashNeedAccommodated = 0.0
  var accommodation = 0.0
}
