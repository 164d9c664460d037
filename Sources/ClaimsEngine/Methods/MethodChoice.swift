// MethodChoice.swift: the one place that decides which methods can compute a scenario. Every
// command asks it; `auto` takes the fastest valid simulation method, an explicit method that
// cannot express the scenario is refused with the reason. User doc: docs/model.md, "Methods".
public import ClaimsModel
internal import Foundation

/// A way of computing a scenario's results, fastest first.
public enum ComputationMethod: String, CaseIterable, Sendable {
  /// No simulation: distributions by discretization and FFT (``ExactMethod``).
  case exact
  /// Member-year totals drawn from exact per-member tables (``FastPathTables``).
  case fast
  /// Every claim drawn; summed per member when the contract allows it, otherwise settled in
  /// payment order.
  case claims
  /// Every claim drawn and settled in payment order, whatever the contract (the slowest
  /// simulation; a cross-check of the others).
  case events

  /// The methods `auto` chooses from, fastest first. The exact method is never chosen by
  /// `auto`: it reports no per-trial sample (no standard errors, per-trial export or
  /// checkpoints); ask for it with `--method exact`.
  public static let automatic: [ComputationMethod] = [.fast, .claims]
}

/// A method that cannot compute a scenario, refused with the reason.
public struct MethodRefused: Error, CustomStringConvertible, Sendable {
  public var method: ComputationMethod
  public var reason: String
  public var description: String {
    "--method \(method.rawValue) cannot compute this scenario: \(reason); use --method auto"
  }
}

/// For one compiled scenario: which methods are valid, and why the others are not.
public struct MethodChoice: Sendable {
  /// The reason each method cannot compute the scenario (nil: valid), in
  /// ``ComputationMethod/allCases`` order.
  public let reasons: [(method: ComputationMethod, reason: String?)]

  /// When the fast method is valid but would not be faster: why (`auto` then passes it over).
  public let fastIsSlower: String?

  public init(_ plan: SimulationPlan) {
    let reasons = ComputationMethod.allCases.map { ($0, Self.reason($0, plan)) }
    self.reasons = reasons
    // The fast method replaces a member's λ claims by one table lookup per class of cells,
    // after building its tables (up to half a second); with no more expected claims than
    // lookups it saves nothing (measured: λ = 2 with 2 classes, 100 members, 100,000 trials:
    // fast 1.06 s, claims 0.55 s of CPU).
    var slower: String?
    if reasons.contains(where: { $0.0 == .fast && $0.1 == nil }),
      case .perMember(.poisson(let lambda), _) = plan.scenario.claims.model
    {
      let classes = FastPathTables.cellClasses(plan).count
      if lambda <= Double(classes) {
        slower = "valid, but with \(String(format: "%g", lambda)) expected claims per member-year against \(classes) table draws per member it would not be faster than claims"
      }
    }
    fastIsSlower = slower
  }

  public init(_ scenario: Scenario) { self.init(SimulationPlan(scenario)) }

  /// Why `method` cannot compute the scenario (nil when it can).
  public func reason(_ method: ComputationMethod) -> String? {
    reasons.first { $0.method == method }?.reason ?? nil
  }

  public func isValid(_ method: ComputationMethod) -> Bool { reason(method) == nil }

  /// The method to run: `requested`, when valid, or for `nil` (auto) the fastest valid
  /// automatic method, with the reasons for the faster ones it passed over.
  /// - Throws: ``MethodRefused`` when the requested method cannot compute the scenario.
  public func resolve(_ requested: ComputationMethod?) throws -> (method: ComputationMethod, passedOver: String?) {
    if let requested {
      if let why = reason(requested) { throw MethodRefused(method: requested, reason: why) }
      return (requested, nil)
    }
    var skipped: [String] = []
    for m in ComputationMethod.automatic {
      if let why = reason(m) { skipped.append("not \(m.rawValue): \(why)"); continue }
      if m == .fast, let why = fastIsSlower { skipped.append("not fast: \(why)"); continue }
      return (m, skipped.isEmpty ? nil : skipped.joined(separator: "; "))
    }
    // `claims` is always valid.
    return (.events, skipped.joined(separator: "; "))
  }

  private static func reason(_ method: ComputationMethod, _ plan: SimulationPlan) -> String? {
    if let sets = plan.parameterSets, method == .exact || method == .fast {
      return "the scenario's \(sets.count) parameter sets (claims.parameter_sets) make the members dependent: each trial draws one set for all of them, which the \(method.rawValue) method's independent-member tables cannot express"
    }
    switch method {
    case .exact: return ExactMethod.supports(plan.scenario)
    case .fast: return fastReason(plan)
    case .claims, .events: return nil
    }
  }

  /// The fast method draws each member's totals per class of cells from compound-Poisson
  /// tables: it needs Poisson counts, sizes that do not depend on the month, independent
  /// members, no run-in and one contract settled on member totals.
  private static func fastReason(_ plan: SimulationPlan) -> String? {
    let s = plan.scenario
    guard case .perMember(let f, let severity) = s.claims.model else {
      return "the fast method needs the per_member compound model (this scenario draws annual costs per member)"
    }
    guard case .poisson = f else { return "the fast method needs Poisson claim counts (thinning), not \(f.family)" }
    if severity.isCounting { return "a counting severity" }
    if s.claims.trend != 0 { return "claim sizes depend on the incurred month (trend)" }
    if s.claims.groupParameterCV > 0 { return "group parameter risk links the members" }
    if plan.hasRunIn { return "run-in bases need the previous year's claims" }
    if let why = plan.paymentOrderReason { return "claims must be settled in payment order: \(why)" }
    if plan.contracts.count > 1 { return "the fast method's tables settle one contract (this scenario settles \(plan.contracts.count): its options)" }
    return nil
  }
}
