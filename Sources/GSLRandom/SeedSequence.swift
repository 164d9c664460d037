// SeedSequence.swift: derives one independent generator seed per fixed-size chunk of trials.
// User doc: docs/model.md, "Random numbers and reproducibility".

/// Derives the seed of every chunk of trials from one master seed.
///
/// Chunk `k`'s seed is `fmix32(base &+ k)`, where `base` is the low 32 bits of
/// `splitmix64(masterSeed)` and `fmix32` is MurmurHash3's 32-bit finalizer. `fmix32` is a
/// bijection on 32-bit integers, so two chunks of the same run never share a seed (GSL's
/// generators take 32-bit seeds), and neighbouring chunks get well-mixed seeds.
/// The chunk index, not the thread, owns the stream: results do not depend on the number of
/// threads.
public struct SeedSequence: Sendable, Hashable {
  public let masterSeed: UInt64
  private let base: UInt32

  public init(masterSeed: UInt64) {
    self.masterSeed = masterSeed
    self.base = UInt32(truncatingIfNeeded: SeedSequence.splitmix64(masterSeed))
  }

  /// The seed for chunk `index` (never 0: GSL maps seed 0 to a fixed default).
  public func seed(forChunk index: Int) -> UInt32 {
    let s = SeedSequence.fmix32(base &+ UInt32(truncatingIfNeeded: index))
    return s == 0 ? 0x9E37_79B9 : s
  }

  /// SplitMix64 (Steele, Lea, Flood 2014), one step.
  public static func splitmix64(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// MurmurHash3's 32-bit finalizer: a bijection with full avalanche.
  public static func fmix32(_ x: UInt32) -> UInt32 {
    var h = x
    h ^= h >> 16
    h &*= 0x85EB_CA6B
    h ^= h >> 13
    h &*= 0xC2B2_AE35
    h ^= h >> 16
    return h
  }
}
