// TrialColumns.swift: per-trial results as preallocated columns (struct of arrays). All
// pointer work on the columns sits in this file.

/// The primitive per-trial quantities the trial loop writes; everything else is derived
/// from them after the loop (see ``SimulationResult``).
public enum TrialColumn: Int, CaseIterable, Sendable {
  /// Claims incurred in months 1…12, whenever paid.
  case claimsIncurred
  /// Σ_j max(0, E_j − d): specific excess over the deductible.
  case specificReimbursement
  /// Σ_j min(E_j^agg, d): aggregate-eligible claims capped per member.
  case aggregateClaims
  /// Current-year claims paid outside every cover window.
  case runoutUnprotected
  /// Run-in claims (incurred before month 1) that some cover reaches.
  case runinClaims
  /// The specific excess and aggregate claims the contract would see without run-in
  /// claims (to attribute reimbursement to run-in).
  case specificWithoutRunin
  case aggregateClaimsWithoutRunin
}

/// Column storage for `trials` trials. Each chunk of trials writes only its own rows, so
/// worker threads share the buffers without locks (`@unchecked Sendable`).
public final class TrialColumns: @unchecked Sendable {
  public let trials: Int
  public let columns: [TrialColumn]
  private let storage: UnsafeMutableBufferPointer<Double>
  private let slot: [Int]

  public init(trials: Int, columns: [TrialColumn]) {
    self.trials = trials
    self.columns = columns
    storage = .allocate(capacity: trials * columns.count)
    storage.initialize(repeating: 0)
    var slot = Array(repeating: -1, count: TrialColumn.allCases.count)
    for (i, c) in columns.enumerated() { slot[c.rawValue] = i }
    self.slot = slot
  }

  deinit { storage.deallocate() }

  public func has(_ column: TrialColumn) -> Bool { slot[column.rawValue] >= 0 }

  /// Writes one trial's value (ignored for a column not kept).
  @inline(__always)
  func set(_ column: TrialColumn, trial: Int, _ value: Double) {
    let s = slot[column.rawValue]
    if s >= 0 { storage[s * trials + trial] = value }
  }

  /// A copy of one column (zeros for a column not kept).
  public func values(_ column: TrialColumn) -> [Double] {
    let s = slot[column.rawValue]
    guard s >= 0 else { return Array(repeating: 0, count: trials) }
    return Array(storage[(s * trials)..<((s + 1) * trials)])
  }

  /// Reads one trial's value.
  public subscript(column: TrialColumn, trial: Int) -> Double {
    let s = slot[column.rawValue]
    return s >= 0 ? storage[s * trials + trial] : 0
  }
}
