// TrialKernel.swift: the hot loop. One kernel per chunk of trials: it owns the chunk's
// generator and scratch buffers and simulates one plan year at a time, member by member.
// User doc: docs/model.md, "Order of operations".
internal import ClaimsModel
internal import GSLRandom
internal import Foundation

/// One member's claims in one trial, before the contract is applied.
struct MemberTotals {
  /// Current-year claims (months 1…12).
  var incurred = 0.0
  /// Specific- and aggregate-eligible claims (current and run-in).
  var specificEligible = 0.0
  var aggregateEligible = 0.0
  /// The run-in parts of the two.
  var specificRunIn = 0.0
  var aggregateRunIn = 0.0
  /// Run-in claims any cover reaches.
  var runIn = 0.0
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
      if !isCurrent { specificRunIn += x }
    }
    if f.contains(.aggregate) {
      aggregateEligible += x
      if !isCurrent { aggregateRunIn += x }
    }
    if !isCurrent && (f.contains(.specific) || f.contains(.aggregate)) { runIn += x }
  }

  @inline(__always)
  mutating func scale(_ g: Double) {
    incurred *= g
    specificEligible *= g
    aggregateEligible *= g
    specificRunIn *= g
    aggregateRunIn *= g
    runIn *= g
    runout *= g
  }
}

/// Where generated claims go: summed per member (the plain scalar path) or recorded as
/// events for settlement in payment order.
protocol ClaimSink {
  /// A claim (or a sum of claims in one cell) of the current member.
  mutating func add(_ amount: Double, cell: Int)
  /// A claim of the current member in the year after the plan year (months cell + 12).
  mutating func addExtension(_ amount: Double, cell: Int)
  /// The current member's claims are complete.
  mutating func endMember(_ j: Int)
}

/// Sums each member's claims into scalars and applies a plain per-member deductible.
struct ScalarSink: ClaimSink {
  var member = MemberTotals()
  var totals = TrialSettlement()
  let flags: [CellFlags]
  let deductible: Double
  let groupFactor: Double
  let hasRunIn: Bool

  @inline(__always)
  mutating func add(_ amount: Double, cell: Int) { member.add(amount, flags[cell]) }

  /// Never called: an extension of benefits makes the contract settle in payment order.
  mutating func addExtension(_ amount: Double, cell: Int) {}

  @inline(__always)
  mutating func endMember(_ j: Int) {
    var m = member
    member = MemberTotals()
    if groupFactor != 1 { m.scale(groupFactor) }
    totals.add(member: m, deductible: deductible, runIn: hasRunIn)
  }
}

/// Records every claim as an event; thins claims by the enrolled share of the member's tier
/// in the claim's incurred month when enrolment changes during the year.
struct EventSink: ClaimSink {
  let buffer: ScratchBuffer<ClaimEvent>
  var count = 0
  var member: Int32 = 0
  let groupFactor: Double
  let enrolledShare: [[Double]]?
  let memberTier: [Int32]
  let layout: CellLayout
  let generator: Generator
  /// The events of each paid-month slot (``ContractSettler/paidSlotOfCell``), counted here so
  /// that the settlement's sort needs no counting pass.
  let slotCounts: UnsafeMutableBufferPointer<Int>
  let slotOfCell: [Int32]
  let slotOfExtension: [Int32]

  @inline(__always)
  mutating func add(_ amount: Double, cell: Int) {
    if let share = enrolledShare {
      let month = layout.firstMonth + cell / layout.lagCount
      let policyMonth = ((month - 1) % 12 + 12) % 12 + 1
      let keep = share[Int(memberTier[Int(member)])][month >= 1 ? month - 1 : policyMonth - 1]
      if keep < 1 && generator.uniform() >= keep { return }
    }
    buffer.store(ClaimEvent(member: member, cell: Int32(cell), amount: amount * groupFactor), at: count)
    slotCounts[Int(slotOfCell[cell])] += 1
    count += 1
  }

  mutating func addExtension(_ amount: Double, cell: Int) {
    buffer.store(ClaimEvent(member: member, cell: Int32(-cell - 1), amount: amount * groupFactor), at: count)
    slotCounts[Int(slotOfExtension[cell])] += 1
    count += 1
  }

  @inline(__always)
  mutating func endMember(_ j: Int) { member = Int32(j + 1) }
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
  private let events: ScratchBuffer<ClaimEvent>
  /// Member sums per cell-flag table and totals per contract (several plain contracts).
  private let sumMembers: ScratchBuffer<MemberTotals>
  private let sumTotals: ScratchBuffer<TrialSettlement>
  /// Events per paid-month slot of the current trial (payment order).
  private let slotCounts: ScratchBuffer<Int>
  private let settlers: [ContractSettler]
  private let flags: [CellFlags]
  private let factor: [Double]
  private let episodeTables: (base: GuideTable, large: GuideTable)
  /// Months of claims whose cells all settle alike (event path only).
  private lazy var monthGenerator = Generator(kind: g.kind, seed: SeedSequence.fmix32(seed ^ 0x6D6F_6E74))
  private let seed: UInt32

  init(plan: SimulationPlan, seed: UInt32, kind: GeneratorKind) {
    self.plan = plan
    self.seed = seed
    model = plan.pointSamplers
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
    events = ScratchBuffer(
      capacity: plan.usesEvents ? 2 * max(expectedClaims, members * 4) : 1,
      initial: ClaimEvent(member: 0, cell: 0, amount: 0))
    sumMembers = ScratchBuffer(capacity: plan.sumTableCount, initial: MemberTotals())
    sumTotals = ScratchBuffer(capacity: plan.contracts.count, initial: TrialSettlement())
    slotCounts = ScratchBuffer(capacity: plan.horizon + 2, initial: 0)
    settlers = plan.usesEvents
      ? plan.contracts.map { ContractSettler(terms: $0, layout: plan.layout, horizon: plan.horizon, cashFlow: plan.cashFlow) }
      : []
    flags = plan.layout.flags
    factor = plan.layout.factor
    episodeTables = (
      GuideTable.poisson(mean: CalibratedModel.episodeBaseRate),
      GuideTable.poisson(mean: CalibratedModel.episodeBaseRate + CalibratedModel.episodeLargeRate)
    )
  }

  /// Starts a trial: chooses its claims model (``chooseParameterSet()``) and draws its group
  /// factor.
  private func beginTrial() -> Double {
    chooseParameterSet()
    return plan.groupSigma > 0 ? Foundation.exp(plan.groupMu + plan.groupSigma * g.gaussian()) : 1.0
  }

  /// The trial's claims model: the point estimate, or (parameter risk) one of the plan's
  /// parameter sets drawn uniformly from a stream of its own, so that the main stream, and
  /// every draw of a trial, is the same as without parameter sets.
  private var model: ModelSamplers
  private lazy var setGenerator = Generator(kind: g.kind, seed: SeedSequence.fmix32(seed ^ 0x7061_7273))

  @inline(__always)
  private func chooseParameterSet() {
    guard let sets = plan.parameterSets else { return }
    model = sets[min(sets.count - 1, Int(setGenerator.uniform() * Double(sets.count)))]
  }

  /// Simulates one plan year on the plain scalar path; `multiplier` scales every claim (with
  /// the group factor).
  func trial(multiplier: Double = 1) -> TrialSettlement {
    let G = beginTrial() * multiplier
    currentGroupFactorForAnnual = G
    var sink = ScalarSink(
      flags: flags, deductible: plan.specificDeductible, groupFactor: G, hasRunIn: plan.hasRunIn)
    generate(&sink)
    return sink.totals
  }

  /// Simulates one plan year and settles every contract on member sums (one contract: the
  /// plain scalar path; several: ``OptionsSink``); writes the results of trial `trial`.
  func memberSumTrial(_ trial: Int, into columns: TrialColumns, multiplier: Double = 1) {
    let n = plan.contracts.count
    guard n > 1 else {
      columns.write(self.trial(multiplier: multiplier), trial: trial)
      return
    }
    let G = beginTrial() * multiplier
    currentGroupFactorForAnnual = G
    let totals = sumTotals.prefix(n)
    totals.update(repeating: TrialSettlement())
    var sink = OptionsSink(
      members: sumMembers.prefix(plan.sumTableCount), totals: totals, flags: plan.sumFlags,
      tableCount: plan.sumTableCount, tableOfContract: plan.sumTableOfContract,
      deductibles: plan.sumDeductibles, groupFactor: G, hasRunIn: plan.hasRunIn)
    generate(&sink)
    for c in 0..<n { columns.write(totals[c], trial: trial, contract: c) }
  }

  /// Simulates one plan year and settles every contract in payment order; writes the
  /// results of trial `trial` into `columns`.
  func eventTrial(_ trial: Int, into columns: TrialColumns, multiplier: Double = 1) {
    let G = beginTrial() * multiplier
    currentGroupFactorForAnnual = G
    let counts = slotCounts.prefix(plan.horizon + 2)
    counts.update(repeating: 0)
    var sink = EventSink(
      buffer: events, groupFactor: G, enrolledShare: plan.enrolledShare,
      memberTier: plan.memberTier, layout: plan.layout, generator: g, slotCounts: counts,
      slotOfCell: settlers[0].paidSlotOfCell, slotOfExtension: settlers[0].extensionSlotOfCell)
    generate(&sink)
    let recorded = events.prefix(sink.count)
    let layout = plan.columns
    for (c, settler) in settlers.enumerated() {
      let r = settler.settle(recorded, includeRunIn: true, slotCounts: counts)
      columns.set(layout.id(.claimsIncurred, contract: c), trial: trial, r.incurred)
      columns.set(layout.id(.specificReimbursement, contract: c), trial: trial, r.specific)
      columns.set(layout.id(.aggregateClaims, contract: c), trial: trial, r.aggregateClaims)
      columns.set(layout.id(.runoutUnprotected, contract: c), trial: trial, r.runout)
      columns.set(layout.id(.runInClaims, contract: c), trial: trial, r.runIn)
      columns.set(layout.id(.largestCashNeed, contract: c), trial: trial, r.largestCashNeed)
      columns.set(layout.id(.largestCashNeedAccommodated, contract: c), trial: trial, r.largestCashNeedAccommodated)
      columns.set(layout.id(.accommodation, contract: c), trial: trial, r.accommodation)
      columns.set(layout.id(.extensionClaims, contract: c), trial: trial, r.extensionClaims)
      if let deposits = plan.levelDeposits, let level = plan.scenario.funding?.level {
        // The fund pays claims and receives the specific reimbursements.
        let horizon = plan.horizon
        let ledger = FundLedger.walk(
          funding: level, deposit: { $0 < deposits.count ? deposits[$0] : 0 },
          claimsPaid: { $0 + 1 <= horizon + 1 ? settler.claimsPaid[$0 + 1] - settler.specificReceived[$0 + 1] : 0 })
        columns.set(layout.id(.fundRefund, contract: c), trial: trial, ledger.refund)
        columns.set(layout.id(.fundLowestBalance, contract: c), trial: trial, ledger.lowestBalance)
        columns.set(layout.id(.fundLowestMonth, contract: c), trial: trial, Double(ledger.lowestMonth))
        columns.set(layout.id(.fundDeficit, contract: c), trial: trial, ledger.deficitAbsorbed)
      }
      if plan.cashFlow {
        for m in 1...plan.horizon {
          columns.set(layout.cashFlowID(contract: c, month: m, accommodated: false), trial: trial, settler.outflow[m])
          columns.set(layout.cashFlowID(contract: c, month: m, accommodated: true), trial: trial, settler.outflowAccommodated[m])
        }
      }
      if plan.hasRunIn {
        let w = settler.settle(recorded, includeRunIn: false, slotCounts: counts)
        columns.set(layout.id(.specificWithoutRunIn, contract: c), trial: trial, w.specific)
        columns.set(layout.id(.aggregateClaimsWithoutRunIn, contract: c), trial: trial, w.aggregateClaims)
      }
    }
  }

  private func generate<S: ClaimSink>(_ sink: inout S) {
    if model.frequency != nil { compoundYear(&sink) } else { annualYear(&sink) }
  }

  // MARK: - Compound (per-member frequency × severity) model

  private func compoundYear<S: ClaimSink>(_ sink: inout S) {
    let members = plan.memberCount
    let frequency = model.frequency!
    let severity = model.severity!
    let countBuffer = counts.prefix(members)
    let total = frequency.fill(countBuffer, uniforms: uniforms.prefix(members), g)
    let sev = amounts.prefix(total)
    severity.fill(sev, g)
    // One cell for every claim only when months do not matter (the scalar path); settling in
    // payment order needs each claim's own month.
    let single = plan.usesEvents ? nil : plan.sumSingleCell
    let cellU = cellUniforms.prefix(single == nil ? total : 0)
    if single == nil {
      // When every cell settles alike, the months come from a stream of their own so that
      // the main stream (and every total) matches the scalar path draw for draw.
      (plan.singleCurrentCell != nil ? monthGenerator : g).fillUniform(cellU)
    }
    let table = plan.currentCells
    var index = 0
    let runIn = plan.runInCells
    let extensionMember = plan.extensionMember
    for j in 0..<members {
      let n = Int(countBuffer[j])
      if n > 0 {
        if let cell = single {
          var s = 0.0
          for i in index..<(index + n) { s += sev[i] }
          sink.add(s * factor[cell], cell: cell)
        } else {
          for i in index..<(index + n) {
            let cell = table.index(for: cellU[i])
            sink.add(sev[i] * factor[cell], cell: cell)
          }
        }
        index += n
      }
      if extensionMember?[j] == true {
        // Extension of benefits: the same member's following year (months 13…24).
        let next = frequency.sample(g)
        let growth = 1 + plan.scenario.claims.trend
        for _ in 0..<next {
          let x = severity.sample(g)
          let cell = table.sample(g)
          sink.addExtension(x * factor[cell] * growth, cell: cell)
        }
      }
      if let runIn {
        // The same member's previous plan year: only cells paid on or after month 1 matter.
        var previous = 0
        for _ in 0..<plan.runInYears { previous += frequency.sample(g) }
        for _ in 0..<previous {
          let x = severity.sample(g)
          let cell = runIn.sample(g)
          sink.add(x * factor[cell], cell: cell)
        }
      }
      sink.endMember(j)
    }
  }

  // MARK: - Member-level annual model

  /// What the annual model reads for every member and episode, loaded once per trial into
  /// locals (the plan's fields would be reloaded after every draw: the generator's state
  /// writes go through a raw pointer).
  private struct AnnualYear {
    let costSharing: CostSharing?
    let season: GuideTable.View
    let lag: GuideTable.View
    let rxLag: GuideTable.View
    /// The Rx share of the medical/Rx split; nil without the split.
    let rxShare: Double?
    let firstMonth: Int
    let lagCount: Int
    let episodesBase: GuideTable.View
    let episodesLarge: GuideTable.View
    let groupFactor: Double
    let unscale: Double
    let trendGrowth: Double
  }

  private func annualYear<S: ClaimSink>(_ sink: inout S) {
    let annual = model.annual!
    let weights = plan.weights
    let extensionMember = plan.extensionMember
    let runInYears = plan.runInYears
    let G = currentGroupFactorForAnnual
    let split = plan.rxShare != nil && plan.rxLagView != nil
    let y = AnnualYear(
      costSharing: plan.scenario.claims.costSharing, season: plan.seasonView, lag: plan.lagView,
      rxLag: plan.rxLagView ?? plan.lagView, rxShare: split ? plan.rxShare : nil,
      firstMonth: plan.layout.firstMonth, lagCount: plan.layout.lagCount,
      episodesBase: episodeTables.base.view, episodesLarge: episodeTables.large.view,
      groupFactor: G, unscale: 1 / G, trendGrowth: 1 + plan.scenario.claims.trend)
    let g = self.g
    factor.withUnsafeBufferPointer { factor in
      for j in 0..<plan.memberCount {
        let w = weights?[j] ?? 1
        spreadYear(annual.sample(g) * w, yearOffset: 0, y, factor, into: &sink)
        for year in stride(from: 1, through: runInYears, by: 1) {
          spreadYear(annual.sample(g) * w, yearOffset: -12 * year, y, factor, into: &sink)
        }
        if extensionMember?[j] == true {
          spreadYear(annual.sample(g) * w, yearOffset: 12, y, factor, into: &sink)
        }
        sink.endMember(j)
      }
    }
  }

  /// Spreads one member's annual allowed cost over incurred months:
  /// K = 1 + Poisson(2 + 3·1(S > $25,000)) episodes with Dirichlet(1, …, 1) shares, each in
  /// an independent (seasonal) month, each with its own lag (medical and Rx parts apart in
  /// the default model). The plan-paid amount after cost sharing is what is spread.
  /// The group factor G multiplies the allowed cost before cost sharing.
  @inline(__always)
  private func spreadYear<S: ClaimSink>(
    _ allowed0: Double, yearOffset: Int, _ y: AnnualYear, _ factor: UnsafeBufferPointer<Double>, into sink: inout S
  ) {
    guard allowed0 > 0 else { return }
    let allowed = allowed0 * y.groupFactor
    let paid = y.costSharing?.planPaid(allowed) ?? allowed
    guard paid > 0 else { return }
    let large = allowed > CalibratedModel.episodeLargeThreshold
    let k = 1 + (large ? y.episodesLarge : y.episodesBase).sample(g)
    let shares = episodes.prefix(k)
    g.flatDirichlet(shares)
    let (firstMonth, lagCount) = (y.firstMonth, y.lagCount)
    // The sink scales by G; cost sharing needed G first, so undo it on the paid amount.
    let unscale = y.unscale
    // The following year (extension of benefits) lives in the cells of months 1…12, marked
    // as shifted by 12, with one more year of trend.
    let following = yearOffset == 12
    let growth = following ? y.trendGrowth : 1
    for e in 0..<k {
      let amount = paid * shares[e] * unscale * growth
      let month = y.season.sample(g) + 1 + (following ? 0 : yearOffset)
      func put(_ x: Double, _ cell: Int) {
        if following { sink.addExtension(x, cell: cell) } else { sink.add(x, cell: cell) }
      }
      if let rxShare = y.rxShare {
        let medicalCell = (month - firstMonth) * lagCount + y.lag.sample(g)
        put(amount * (1 - rxShare) * factor[medicalCell], medicalCell)
        let rxCell = (month - firstMonth) * lagCount + y.rxLag.sample(g)
        put(amount * rxShare * factor[rxCell], rxCell)
      } else {
        let cell = (month - firstMonth) * lagCount + y.lag.sample(g)
        put(amount * factor[cell], cell)
      }
    }
  }

  /// The current trial's group factor, seen by the annual model before cost sharing.
  private var currentGroupFactorForAnnual = 1.0
}
