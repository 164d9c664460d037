// StableHash.swift: hashes that do not change between runs, machines or versions (Swift's
// Hasher is seeded per process): FNV-1a for ids and book fingerprints, SplitMix64 to mix.
internal import GSLRandom

public enum StableHash {
  /// 64-bit FNV-1a of the UTF-8 bytes of `text`.
  public static func fnv1a(_ text: String, basis: UInt64 = 0xCBF2_9CE4_8422_2325) -> UInt64 {
    var h = basis
    for byte in text.utf8 {
      h ^= UInt64(byte)
      h &*= 0x0000_0100_0000_01B3
    }
    return h
  }

  /// A 128-bit fingerprint (two FNV-1a passes with different bases) as 32 hex digits.
  public static func fingerprint(_ parts: [String]) -> String {
    var a: UInt64 = 0xCBF2_9CE4_8422_2325
    var b: UInt64 = 0x6C62_272E_07BB_0142
    for part in parts {
      // Length-prefixed, so that ("ab", "c") and ("a", "bc") differ.
      let framed = "\(part.utf8.count):" + part
      a = fnv1a(framed, basis: a)
      b = fnv1a(framed, basis: SeedSequence.splitmix64(b))
    }
    return hex(a) + hex(b)
  }

  static func hex(_ x: UInt64) -> String {
    let digits = String(x, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}

/// Seeds of the book's random streams. A group's stream depends only on the master seed and
/// the group's id; the common shock of trial t only on the master seed and t.
public enum BookSeeds {
  /// The master seed of group `id`: SplitMix64(masterSeed XOR FNV-1a(id)). Running the
  /// group's scenario with `claimsrisk simulate --method claims --seed <this>` draws the same
  /// claims (without the common shock).
  public static func group(masterSeed: UInt64, id: String) -> UInt64 {
    SeedSequence.splitmix64(masterSeed ^ StableHash.fnv1a(id))
  }

  /// The common shock's key: SplitMix64(masterSeed XOR "SHOCK").
  static func shockKey(masterSeed: UInt64) -> UInt64 {
    SeedSequence.splitmix64(masterSeed ^ 0x5348_4F43_4B00_0000)
  }

  /// The uniform in (0, 1) of trial `trial` of the common shock:
  /// (⌊SplitMix64(key + t) / 2¹¹⌋ + ½) / 2⁵³.
  static func shockUniform(key: UInt64, trial: Int) -> Double {
    let bits = SeedSequence.splitmix64(key &+ UInt64(trial)) >> 11
    return (Double(bits) + 0.5) / 9_007_199_254_740_992
  }
}
