// ScratchBuffer.swift: a reusable, growable buffer for the trial loop. It grows only when a
// trial needs more room than any before it (rare after the first trials), so steady-state
// trials do not allocate.

/// A buffer of `T` owned by one worker.
final class ScratchBuffer<T> {
  private(set) var buffer: UnsafeMutableBufferPointer<T>

  init(capacity: Int, initial: T) {
    buffer = .allocate(capacity: max(capacity, 1))
    buffer.initialize(repeating: initial)
    self.initial = initial
  }

  private let initial: T

  deinit { buffer.deallocate() }

  /// A view of the first `count` elements, growing the storage (×1.5) if needed.
  @inline(__always)
  func prefix(_ count: Int) -> UnsafeMutableBufferPointer<T> {
    if count > buffer.count { grow(to: count) }
    return UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
  }

  private func grow(to count: Int) {
    let bigger = UnsafeMutableBufferPointer<T>.allocate(capacity: count + count / 2)
    bigger.initialize(repeating: initial)
    buffer.deallocate()
    buffer = bigger
  }
}
