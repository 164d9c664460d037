// BookPart+Encoding.swift: the binary part file. Layout (little-endian):
//   magic "CRBOOKP1" (8 bytes), header length (UInt32), header (UTF-8 JSON: identity,
//   shards, groups), then for each group in header order its specific and aggregate
//   reimbursement per trial (2 × trials Float64).
// Doubles travel as bit patterns, so a part round-trips exactly.
public import Foundation

extension BookPart {
  static let magic = Array("CRBOOKP1".utf8)

  private struct Header: Codable {
    var identity: BookIdentity
    var shards: [Int]
    var groups: [GroupRecord]
  }

  /// The part file's bytes.
  public func encoded() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let header = try encoder.encode(Header(identity: identity, shards: shards, groups: groups))
    var data = Data(BookPart.magic)
    withUnsafeBytes(of: UInt32(header.count).littleEndian) { data.append(contentsOf: $0) }
    data.append(header)
    var words: [UInt64] = []
    words.reserveCapacity(losses.count * 2 * identity.trials)
    for l in losses {
      for x in l.specific { words.append(x.bitPattern.littleEndian) }
      for x in l.aggregate { words.append(x.bitPattern.littleEndian) }
    }
    words.withUnsafeBytes { data.append(contentsOf: $0) }
    return data
  }

  /// Reads a part file's bytes; `name` is used in error messages.
  public init(decoding data: Data, name: String) throws {
    let bytes = [UInt8](data)
    guard bytes.count >= 12, Array(bytes[0..<8]) == BookPart.magic else {
      throw BookPartError.malformed("\(name): not a book part (written by `claimsrisk book BOOK --shard K/N --emit \(name)`)")
    }
    let length = Int(UInt32(bytes[8]) | UInt32(bytes[9]) << 8 | UInt32(bytes[10]) << 16 | UInt32(bytes[11]) << 24)
    guard bytes.count >= 12 + length else { throw BookPartError.malformed("\(name): truncated header") }
    let header: Header
    do {
      header = try JSONDecoder().decode(Header.self, from: Data(bytes[12..<(12 + length)]))
    } catch {
      throw BookPartError.malformed("\(name): unreadable header (\(error))")
    }
    let trials = header.identity.trials
    let expected = 12 + length + header.groups.count * 2 * trials * 8
    guard bytes.count == expected else {
      throw BookPartError.malformed("\(name): \(bytes.count) bytes, expected \(expected) for \(header.groups.count) groups × \(trials) trials (truncated or damaged)")
    }
    var losses: [GroupLosses] = []
    var offset = 12 + length
    func column() -> [Double] {
      var out = [Double](repeating: 0, count: trials)
      for t in 0..<trials {
        var w: UInt64 = 0
        for b in 0..<8 { w |= UInt64(bytes[offset + b]) << (8 * UInt64(b)) }
        out[t] = Double(bitPattern: w)
        offset += 8
      }
      return out
    }
    for g in header.groups {
      let specific = column()
      let aggregate = column()
      losses.append(GroupLosses(specific: specific, aggregate: aggregate, claimsIncurredMean: g.claimsIncurredMean))
    }
    self.init(identity: header.identity, shards: header.shards, groups: header.groups, losses: losses)
  }
}
