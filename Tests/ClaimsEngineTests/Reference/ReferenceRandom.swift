// ReferenceRandom.swift: the independent reference simulator's own random numbers, written
// here from the published algorithms and sharing nothing with GSLRandom: xoshiro256** (Blackman
// and Vigna 2018) seeded by SplitMix64 (Steele, Lea and Flood 2014), uniforms on (0, 1), and
// standard normals by the Box–Muller transform.
import Foundation

/// xoshiro256**: 256 bits of state, period 2^256 − 1.
struct ReferenceRandom {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  /// The four state words are four successive SplitMix64 outputs of `seed` (never all zero).
  init(seed: UInt64) {
    var x = seed
    func splitMix() -> UInt64 {
      x &+= 0x9E37_79B9_7F4A_7C15
      var z = x
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    s0 = splitMix()
    s1 = splitMix()
    s2 = splitMix()
    s3 = splitMix()
  }

  private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  mutating func next() -> UInt64 {
    let result = Self.rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = Self.rotl(s3, 45)
    return result
  }

  /// A uniform on the open interval (0, 1): the top 53 bits, centred in their cell.
  mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) * 0x1p-53 }

  /// A standard normal: Box–Muller, one of the pair (the other is discarded for simplicity).
  mutating func normal() -> Double {
    let r = (-2 * Foundation.log(uniform())).squareRoot()
    return r * Foundation.cos(2 * Double.pi * uniform())
  }

  /// An index drawn with probability proportional to `weights` (sequential search).
  mutating func index(weights: [Double], total: Double) -> Int {
    var u = uniform() * total
    for (i, w) in weights.enumerated() {
      u -= w
      if u < 0 { return i }
    }
    // Round-off: the last index with positive weight.
    return weights.lastIndex { $0 > 0 } ?? 0
  }
}
