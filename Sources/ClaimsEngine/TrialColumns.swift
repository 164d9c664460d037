// TrialColumns.swift: per-trial results as preallocated columns (struct of arrays). All
// pointer work on the columns sits in this file.

/// The primitive per-trial quantities of one contract; everything else is derived from them
/// after the loop (see ``SimulationResult``).
public enum TrialColumn: Int, CaseIterable, Sendable {
  /// Claims incurred in months 1…12, whenever paid.
  case claimsIncurred
  /// Specific reimbursement (Σ_j max(0, E_j − d_j) for a plain contract; after lasers,
  /// ASD, maximum and percentage otherwise).
  case specificReimbursement
  /// Σ_j min(E_j^agg, cap_j): aggregate-eligible claims capped per member.
  case aggregateClaims
  /// Current-year claims paid outside every cover window.
  case runoutUnprotected
  /// Run-in claims (incurred before month 1) that some cover reaches.
  case runInClaims
  /// The specific reimbursement and aggregate claims without run-in claims (to attribute
  /// reimbursement to run-in).
  case specificWithoutRunIn
  case aggregateClaimsWithoutRunIn
  /// Cash flow (when reported): the largest cumulative outflow above the monthly budget
  /// (fixed costs + monthly attachment), without and with monthly accommodation.
  case largestCashNeed
  case largestCashNeedAccommodated
  /// Total accommodation advanced during the year.
  case accommodation
  /// Level funding: refund after the run-out, lowest fund balance and its month, deficit
  /// absorbed by the aggregate.
  case fundRefund
  case fundLowestBalance
  case fundLowestMonth
  case fundDeficit
  /// Extension of benefits: claims incurred after month 12 by the disabled members.
  case extensionClaims
}

/// Column storage for `trials` trials and `count` columns. Each chunk of trials writes only
/// its own rows, so worker threads share the buffer without locks (`@unchecked Sendable`).
public final class TrialColumns: @unchecked Sendable {
  public let trials: Int
  public let count: Int
  public let layout: ColumnLayout
  private let storage: UnsafeMutableBufferPointer<Double>

  public init(trials: Int, layout: ColumnLayout) {
    self.trials = trials
    self.layout = layout
    let count = layout.count
    self.count = count
    storage = .allocate(capacity: trials * count)
    storage.initialize(repeating: 0)
  }

  deinit { storage.deallocate() }

  /// Writes one value; ids of columns the layout does not keep (−1) are ignored.
  @inline(__always)
  func set(_ id: Int, trial: Int, _ value: Double) {
    if id >= 0 { storage[id * trials + trial] = value }
  }

  /// A copy of column `id` (zeros for a column not kept).
  public func values(_ id: Int) -> [Double] {
    guard id >= 0 else { return Array(repeating: 0, count: trials) }
    return Array(storage[(id * trials)..<((id + 1) * trials)])
  }

  public subscript(id: Int, trial: Int) -> Double { id >= 0 ? storage[id * trials + trial] : 0 }

  /// The values of trials `range` of every column, column by column (a checkpoint record).
  func block(_ range: Range<Int>) -> [Double] {
    var out: [Double] = []
    out.reserveCapacity(range.count * count)
    for c in 0..<count { out.append(contentsOf: storage[(c * trials + range.lowerBound)..<(c * trials + range.upperBound)]) }
    return out
  }

  /// Restores trials `range` from a ``block(_:)``.
  func setBlock(_ range: Range<Int>, _ values: [Double]) {
    precondition(values.count == range.count * count, "checkpoint block of the wrong size")
    for c in 0..<count {
      for (i, t) in range.enumerated() { storage[c * trials + t] = values[c * range.count + i] }
    }
  }
}

/// Where each contract's columns sit in ``TrialColumns``. Only the columns a run needs are
/// kept (4 per trial for a plain contract without run-in), so that memory stays at
/// trials × kept columns × 8 bytes.
public struct ColumnLayout: Sendable {
  public let contracts: Int
  /// Months of cash flow per contract (0 when cash flow is not reported).
  public let cashFlowMonths: Int
  /// Slot of each ``TrialColumn`` within a contract's block (−1 = not kept).
  private let slot: [Int]
  private let perContract: Int

  public init(contracts: Int, kept: [TrialColumn], cashFlowMonths: Int) {
    self.contracts = contracts
    self.cashFlowMonths = cashFlowMonths
    var slot = Array(repeating: -1, count: TrialColumn.allCases.count)
    for (i, c) in kept.enumerated() { slot[c.rawValue] = i }
    self.slot = slot
    perContract = kept.count
  }

  /// The id of `column` of contract `contract` (−1 when the column is not kept).
  public func id(_ column: TrialColumn, contract: Int = 0) -> Int {
    let s = slot[column.rawValue]
    return s < 0 ? -1 : contract * perContract + s
  }

  /// The id of contract `contract`'s net outflow in month `month` (1-based), without or
  /// with accommodation.
  public func cashFlowID(contract: Int, month: Int, accommodated: Bool) -> Int {
    contracts * perContract + ((contract * cashFlowMonths) + (month - 1)) * 2 + (accommodated ? 1 : 0)
  }

  public var count: Int { contracts * perContract + contracts * cashFlowMonths * 2 }
}

extension TrialColumns {
  /// Writes one trial's totals of contract `c` on the scalar and fast paths (columns not
  /// kept are skipped).
  @inline(__always)
  func write(_ t: TrialSettlement, trial: Int, contract c: Int = 0) {
    set(layout.id(.claimsIncurred, contract: c), trial: trial, t.incurred)
    set(layout.id(.specificReimbursement, contract: c), trial: trial, t.specific)
    set(layout.id(.aggregateClaims, contract: c), trial: trial, t.aggregateClaims)
    set(layout.id(.runoutUnprotected, contract: c), trial: trial, t.runout)
    set(layout.id(.runInClaims, contract: c), trial: trial, t.runIn)
    set(layout.id(.specificWithoutRunIn, contract: c), trial: trial, t.specificWithoutRunIn)
    set(layout.id(.aggregateClaimsWithoutRunIn, contract: c), trial: trial, t.aggregateClaimsWithoutRunIn)
  }

  /// Column `column` of contract `contract` (default: the scenario's own contract).
  public subscript(_ column: TrialColumn, _ trial: Int) -> Double {
    self[layout.id(column), trial]
  }

  public func values(_ column: TrialColumn, contract: Int = 0) -> [Double] {
    values(layout.id(column, contract: contract))
  }
}
