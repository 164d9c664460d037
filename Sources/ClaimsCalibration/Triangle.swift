// Triangle.swift: a development triangle of cumulative paid amounts (origin rows × development
// columns), built from claim lines by incurred month and lag, or given directly (Mack's RAA and
// GenIns triangles in the tests).

/// Cumulative paid amounts by origin (row) and development age (column, 0-based). Row i is
/// observed up to column `lastObserved[i]`; later cells are unknown.
public struct Triangle: Sendable {
  public var cumulative: [[Double]]
  public var lastObserved: [Int]
  /// Labels of the rows (incurred months, accident years).
  public var origins: [String]

  public var columns: Int { cumulative.first?.count ?? 0 }
  public var rows: Int { cumulative.count }

  /// A triangle from rows of cumulative values; each row lists its observed cells only.
  public init(rows: [[Double]], origins: [String]? = nil) {
    let width = rows.map(\.count).max() ?? 0
    cumulative = rows.map { $0 + Array(repeating: 0, count: width - $0.count) }
    lastObserved = rows.map { $0.count - 1 }
    self.origins = origins ?? rows.indices.map { String($0 + 1) }
  }

  /// Incremental paid amounts of the observed cells.
  public var incremental: [[Double]] {
    cumulative.enumerated().map { i, row in
      (0..<row.count).map { k in k > lastObserved[i] ? 0 : (k == 0 ? row[0] : row[k] - row[k - 1]) }
    }
  }

  /// The monthly lag triangle of `records` valued at `valuation`: rows are the incurred months
  /// `first ... valuation`, columns lags 0 ... `maxLag` (claims paid later than `maxLag` months
  /// after incurral are added to column `maxLag`). Claims paid after the valuation month are
  /// left out (they were not known then).
  public static func monthly(_ records: [ClaimRecord], first: Month, valuation: Month, maxLag: Int) -> Triangle {
    let n = valuation - first + 1
    let width = min(maxLag, n - 1) + 1
    var incremental = Array(repeating: Array(repeating: 0.0, count: width), count: n)
    for r in records where r.paid <= valuation && r.incurred >= first {
      let row = r.incurred - first
      let lag = min(r.paid - r.incurred, width - 1)
      incremental[row][lag] += r.amount
    }
    var rows: [[Double]] = []
    for i in 0..<n {
      let observed = min(width - 1, n - 1 - i)
      var total = 0.0
      rows.append((0...observed).map { k in total += incremental[i][k]; return total })
    }
    return Triangle(rows: rows, origins: (0..<n).map { (first + $0).description })
  }
}
