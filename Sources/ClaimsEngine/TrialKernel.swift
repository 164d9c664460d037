// TrialKernel.swift: the hot loop. One kernel per chunk of trials: it owns the chunk's
// generator and scratch buffers and simulates one plan year at a time, member by member.
// User doc: docs/model.md, "Order of operations".
internal import ClaimsModel
internal import GSLRandom
internal import Foundation

/// One trial's primitive totals (see ``TrialColumn``).
struct TrialTotals {
  var claimsIncurred = 0.0
  var specific = 0.0
  var aggregateClaims = 0.0
  var runout = 0.0
  var runinClaims = 0.0
  var specificWithoutRunin = 0.0
  var aggregateClaimsWithoutRunin = 0.0
}

/// One member's claims in one trial, before the contract is applied.
struct MemberTotals {
  /// Current-year claims (months 1…12).
  var incurred = 0.0
  /// Specific- and aggregate-eligible claims (current and run-in).
  var specificEligible = 0.0
  var aggregateEligible = 0.0
  /// The run-in parts of the two.
  var specificRunin = 0.0
  var aggregateRunin = 0.0
  /// Run-in claims any cover reaches.
  var runin = 0.0
  /// Current-year claims outside every window.
  var runout = 0.0

  @inline(__always)
  mutating func add(_ x: Double, _ f: CellFlags) {
    let isCurrent = f.contains(.current)
    if isCurrent {
      incurred += x
      if !f.contains(.windowed) { runout += x }
    }
    if f.contains(.specific) {
      specificEligible += x
      if !isCurrent { specificRunin += x }
    }
    if f.contains(.aggregate) {
      aggregateEligible += x
      if !isCurrent { aggregateRunin += x }
    }
    if !isCurrent && (f.contains(.specific) || f.contains(.aggregate)) { runin += x }
  }

  @inline(__always)
  mutating func scale(_ g: Double) {
    incurred *= g
    specificEligible *= g
    aggregateEligible *= g
    specificRunin *= g
    aggregateRunin *= g
    runin *= g
    runout *= g
  }
}

/// Simulates trials for one chunk. Not shared between threads.
final class TrialKernel {
  let plan: SimulationPlan
  let g: Generator
  private let counts: ScratchBuffer<Int32>
  private let uniforms: ScratchBuffer<Double>
  private let amounts: ScratchBuffer<Double>
  private let cellUniforms: ScratchBuffer<Double>
  private let episodes: ScratchBuffer<Double>
  private let flags: [CellFlags]
  private let factor: [Double]
  private let episodeTables: (base: GuideTable, large: GuideTable)

  init(plan: SimulationPlan, seed: UInt32, kind: GeneratorKind) {
    self.plan = plan
    g = Generator(kind: kind, seed: seed)
    let members = plan.memberCount
    counts = ScratchBuffer(capacity: members, initial: 0)
    uniforms = ScratchBuffer(capacity: members, initial: 0)
    var expectedClaims = 64
    if case .perMember(let f, _) = plan.scenario.claims.model {
      let m = f.mean * Double(members)
      expectedClaims = Int(m + 10 * (f.variance * Double(members)).squareRoot() + 64)
    }
    amounts = ScratchBuffer(capacity: expectedClaims, initial: 0)
    cellUniforms = ScratchBuffer(capacity: expectedClaims, initial: 0)
    episodes = ScratchBuffer(capacity: 64, initial: 0)
    flags = plan.layout.flags
    factor = plan.layout.factor
    episodeTables = (
      GuideTable.poisson(mean: CalibratedModel.episodeBaseRate),
      GuideTable.poisson(mean: CalibratedModel.episodeBaseRate + CalibratedModel.episodeLargeRate)
    )
  }

  /// Simulates one plan year.
  func trial() -> TrialTotals {
    let groupFactor = plan.groupSigma > 0
      ? Foundation.exp(plan.groupMu + plan.groupSigma * g.gaussian()) : 1.0
    if plan.frequency != nil {
      return compoundTrial(groupFactor)
    }
    return annualTrial(groupFactor)
  }

  // MARK: - Contract, per member

  @inline(__always)
  private func settle(_ m: MemberTotals, into t: inout TrialTotals, deductible d: Double) {
    t.claimsIncurred += m.incurred
    t.runout += m.runout
    t.specific += max(0, m.specificEligible - d)
    t.aggregateClaims += min(m.aggregateEligible, d)
    if plan.hasRunIn {
      t.runinClaims += m.runin
      t.specificWithoutRunin += max(0, (m.specificEligible - m.specificRunin) - d)
      t.aggregateClaimsWithoutRunin += min(m.aggregateEligible - m.aggregateRunin, d)
    }
  }

  // MARK: - Compound (per-member frequency × severity) model

  private func compoundTrial(_ groupFactor: Double) -> TrialTotals {
    let members = plan.memberCount
    let frequency = plan.frequency!
    let severity = plan.severity!
    let countBuffer = counts.prefix(members)
    let total = frequency.fill(countBuffer, uniforms: uniforms.prefix(members), g)
    let sev = amounts.prefix(total)
    severity.fill(sev, g)
    let single = plan.singleCurrentCell
    let cellU = cellUniforms.prefix(single == nil ? total : 0)
    if single == nil { g.fillUniform(cellU) }
    let table = plan.currentCells
    let d = plan.specificDeductible
    var t = TrialTotals()
    var index = 0
    let runIn = plan.runInCells
    for j in 0..<members {
      let n = Int(countBuffer[j])
      var m = MemberTotals()
      if n > 0 {
        if let cell = single {
          var s = 0.0
          for i in index..<(index + n) { s += sev[i] }
          m.add(s * factor[cell], flags[cell])
        } else {
          for i in index..<(index + n) {
            let cell = table.index(for: cellU[i])
            m.add(sev[i] * factor[cell], flags[cell])
          }
        }
        index += n
      }
      if let runIn {
        // The same member's previous plan year: only cells paid on or after month 1 matter.
        let previous = frequency.sample(g)
        for _ in 0..<previous {
          let x = severity.sample(g)
          let cell = runIn.sample(g)
          m.add(x * factor[cell], flags[cell])
        }
      }
      if groupFactor != 1 { m.scale(groupFactor) }
      if n > 0 || runIn != nil { settle(m, into: &t, deductible: d) }
    }
    return t
  }

  // MARK: - Member-level annual model

  private func annualTrial(_ groupFactor: Double) -> TrialTotals {
    let annual = plan.annual!
    let weights = plan.weights
    let d = plan.specificDeductible
    var t = TrialTotals()
    for j in 0..<plan.memberCount {
      var m = MemberTotals()
      let w = (weights?[j] ?? 1) * groupFactor
      spreadYear(annual.sample(g) * w, runIn: false, into: &m)
      if plan.hasRunIn { spreadYear(annual.sample(g) * w, runIn: true, into: &m) }
      settle(m, into: &t, deductible: d)
    }
    return t
  }

  /// Spreads one member's annual allowed cost over incurred months (domain.md §5.9):
  /// K = 1 + Poisson(2 + 3·1(S > $25,000)) episodes with Dirichlet(1, …, 1) shares, each in
  /// an independent (seasonal) month, each with its own lag (medical and Rx parts apart in
  /// the default model). The plan-paid amount after cost sharing is what is spread.
  @inline(__always)
  private func spreadYear(_ allowed: Double, runIn: Bool, into m: inout MemberTotals) {
    guard allowed > 0 else { return }
    let paid = plan.scenario.claims.costSharing?.planPaid(allowed) ?? allowed
    guard paid > 0 else { return }
    let large = allowed > CalibratedModel.episodeLargeThreshold
    let k = 1 + (large ? episodeTables.large : episodeTables.base).sample(g)
    let shares = episodes.prefix(k)
    g.flatDirichlet(shares)
    let layout = plan.layout
    let split = plan.scenario.claims.medicalRxSplit
    for e in 0..<k {
      let amount = paid * shares[e]
      let month = plan.seasonTable.sample(g) + (runIn ? -11 : 1)
      if let split, let rxTable = plan.rxLagTable {
        let medicalCell = layout.cell(month: month, lag: plan.lagTable.sample(g))
        m.add(amount * (1 - split.rxShare) * factor[medicalCell], flags[medicalCell])
        let rxCell = layout.cell(month: month, lag: rxTable.sample(g))
        m.add(amount * split.rxShare * factor[rxCell], flags[rxCell])
      } else {
        let cell = layout.cell(month: month, lag: plan.lagTable.sample(g))
        m.add(amount * factor[cell], flags[cell])
      }
    }
  }
}
