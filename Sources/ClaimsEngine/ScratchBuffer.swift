// ScratchBuffer.swift: a reusable, growable buffer for the trial loop. It grows only when a
// trial needs more room than any before it (rare after the first trials), so steady-state
// trials do not allocate. Growing keeps the contents.

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

  /// Stores `value` at `index`, growing the storage (×1.5, contents kept) if needed: for
  /// buffers filled one element at a time.
  @inline(__always)
  func store(_ value: T, at index: Int) {
    if index >= buffer.count { grow(to: index + 1) }
    buffer[index] = value
  }

  /// Grows the storage, keeping its contents.
  private func grow(to count: Int) {
    let bigger = UnsafeMutableBufferPointer<T>.allocate(capacity: count + count / 2)
    bigger.initialize(repeating: initial)
    _ = bigger.update(fromContentsOf: buffer)
    buffer.deallocate()
    buffer = bigger
  }
}
