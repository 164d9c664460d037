// ParallelSort.swift: sorts a large sample of trials on two cores: the two halves are sorted
// at the same time and merged. Summaries sort every reported quantity of every trial after the
// trials have run; on one core that serial step was a fifth of a 200,000-trial `fund` run.
internal import Foundation

enum ParallelSort {
  /// Below this many values one `sort()` is cheaper than two threads.
  static let threshold = 16_384

  /// Sorts `values` ascending. The work is the same whatever `workers` is (halves from
  /// `threshold` values on, one `sort()` below), so the order of values that compare equal
  /// (−0.0 and +0.0) and every result built on it do not depend on the thread count;
  /// `workers` ≥ 2 only sorts the halves at the same time.
  static func sort(_ values: inout [Double], workers: Int) {
    let n = values.count
    guard n >= threshold else { values.sort(); return }
    let mid = n / 2
    values.withUnsafeMutableBufferPointer { all in
      let halves = Halves(base: all.baseAddress!, mid: mid, count: n)
      if workers >= 2 {
        DispatchQueue.concurrentPerform(iterations: 2) { halves.sort($0) }
      } else {
        halves.sort(0)
        halves.sort(1)
      }
    }
    // Merge the sorted halves (stable: ties take the lower half first).
    let merged = [Double](unsafeUninitializedCapacity: n) { out, count in
      values.withUnsafeBufferPointer { v in
        var i = 0, j = mid, k = 0
        while i < mid && j < n {
          if v[j] < v[i] { out[k] = v[j]; j += 1 } else { out[k] = v[i]; i += 1 }
          k += 1
        }
        while i < mid { out[k] = v[i]; i += 1; k += 1 }
        while j < n { out[k] = v[j]; j += 1; k += 1 }
      }
      count = n
    }
    values = merged
  }

  /// The two halves of one buffer, each sorted by one thread (they do not overlap).
  private struct Halves: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
    let mid: Int
    let count: Int

    func sort(_ half: Int) {
      var part = half == 0
        ? UnsafeMutableBufferPointer(start: base, count: mid)
        : UnsafeMutableBufferPointer(start: base + mid, count: count - mid)
      part.sort()
    }
  }
}
