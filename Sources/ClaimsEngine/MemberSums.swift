// MemberSums.swift: the member-sum settlement of plain contracts, for one contract and for
// several at once (a scenario's options, `compare`): each member's claims are summed once per
// distinct classification of the cells, and every contract is settled on the sums that its
// windows select. User doc: docs/model.md, "Order of operations".

extension TrialSettlement {
  /// Adds one member's totals settled under a plain per-member deductible `d`
  /// (``PlainSpecific``); with `runIn`, also as if there were no run-in claims.
  @inline(__always)
  mutating func add(member m: MemberTotals, deductible d: Double, runIn hasRunIn: Bool) {
    incurred += m.incurred
    runout += m.runout
    let settled = PlainSpecific.settle(specificEligible: m.specificEligible, aggregateEligible: m.aggregateEligible, deductible: d)
    specific += settled.reimbursement
    aggregateClaims += settled.aggregateClaims
    if hasRunIn {
      runIn += m.runIn
      let without = PlainSpecific.settle(
        specificEligible: m.specificEligible - m.specificRunIn, aggregateEligible: m.aggregateEligible - m.aggregateRunIn, deductible: d)
      specificWithoutRunIn += without.reimbursement
      aggregateClaimsWithoutRunIn += without.aggregateClaims
    }
  }
}

/// Sums each member's claims once per distinct cell-flag table and settles every contract on
/// the sums of its table when the member is complete: the claims are drawn once and settled
/// under every option. Each contract's totals equal what ``ScalarSink`` gives for it alone on
/// the same draws.
struct OptionsSink: ClaimSink {
  /// One member's totals per table; the trial's totals per contract (the kernel's scratch).
  let members: UnsafeMutableBufferPointer<MemberTotals>
  let totals: UnsafeMutableBufferPointer<TrialSettlement>
  /// Cell-major flags: `flags[cell × tableCount + table]`.
  let flags: [CellFlags]
  let tableCount: Int
  let tableOfContract: [Int]
  let deductibles: [Double]
  let groupFactor: Double
  let hasRunIn: Bool

  @inline(__always)
  mutating func add(_ amount: Double, cell: Int) {
    let base = cell * tableCount
    for t in 0..<tableCount { members[t].add(amount, flags[base + t]) }
  }

  /// Never called: an extension of benefits makes the contracts settle in payment order.
  mutating func addExtension(_ amount: Double, cell: Int) {}

  @inline(__always)
  mutating func endMember(_ j: Int) {
    if groupFactor != 1 { for t in 0..<tableCount { members[t].scale(groupFactor) } }
    for c in 0..<totals.count {
      totals[c].add(member: members[tableOfContract[c]], deductible: deductibles[c], runIn: hasRunIn)
    }
    for t in 0..<tableCount { members[t] = MemberTotals() }
  }
}
