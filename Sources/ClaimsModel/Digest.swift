// Digest.swift: a 64-bit FNV-1a hash of bytes, for fingerprints of the inputs a run read
// (scenario and census files) and the checksums of checkpoint records. It detects accidental
// change and damage; it is not a cryptographic hash.
internal import Foundation

public enum Digest {
  public static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
  static let prime: UInt64 = 0x0000_0100_0000_01B3

  /// FNV-1a over `bytes`, continuing from `hash`.
  public static func fnv1a(_ bytes: UnsafeRawBufferPointer, continuing hash: UInt64 = offsetBasis) -> UInt64 {
    var h = hash
    for byte in bytes {
      h ^= UInt64(byte)
      h &*= prime
    }
    return h
  }

  /// FNV-1a of `data`, as 16 hex digits.
  static func hex(_ data: Data) -> String {
    let h = data.withUnsafeBytes { fnv1a($0) }
    let digits = String(h, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }

  /// FNV-1a of the UTF-8 bytes of `text`, as 16 hex digits.
  public static func hex(_ text: String) -> String { hex(Data(text.utf8)) }
}
