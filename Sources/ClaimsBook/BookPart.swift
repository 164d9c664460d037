// BookPart.swift: the result of some shards of a book: the book's identity and, for each
// group of those shards, the carrier's per-trial losses. Parts of disjoint shards of one
// book merge (in any order, in any grouping) into the part of the whole book, from which the
// report is computed: a sharded run reports exactly what the unsharded run does.
// User doc: docs/book.md, "Sharding and determinism".

/// What a part says about the book it belongs to (identical in every part of one run).
public struct BookIdentity: Sendable, Codable, Equatable {
  public var name: String
  /// The book's fingerprint (book file and group files).
  public var bookHash: String
  public var programVersion: String
  public var seed: UInt64
  public var trials: Int
  public var shardCount: Int
  public var shock: CommonShock
  public var reinsurance: Reinsurance
  /// Every group id of the book, sorted.
  public var groupIDs: [String]
}

/// One group's description in a part.
public struct GroupRecord: Sendable, Codable, Equatable {
  public var id: String
  public var name: String
  public var source: String
  public var members: Int
  public var premium: Double
  /// The group's own master seed (``BookSeeds/group(masterSeed:id:)``).
  public var seed: UInt64
  public var claimsIncurredMean: Double
}

/// A part: the book's identity, the shards it covers and their groups' losses.
public struct BookPart: Sendable, Equatable {
  public var identity: BookIdentity
  /// Shard indices (0-based) covered, sorted.
  public var shards: [Int]
  /// The groups of those shards, sorted by id, with their losses.
  public var groups: [GroupRecord]
  public var losses: [GroupLosses]

  public init(identity: BookIdentity, shards: [Int], groups: [GroupRecord], losses: [GroupLosses]) {
    self.identity = identity
    self.shards = shards
    self.groups = groups
    self.losses = losses
  }

  /// True when every shard of the book is present.
  public var isComplete: Bool { shards == Array(0..<identity.shardCount) }

  /// The groups of shard `k` of `n`: the groups at sorted positions k, k + n, k + 2n, …
  /// (round robin over the ids, so that shards get groups of all sizes). Which shard runs a
  /// group does not change its draws.
  public static func groupIndices(shard k: Int, of n: Int, groupCount: Int) -> [Int] {
    Array(stride(from: k, to: groupCount, by: n))
  }

  /// Merges parts of one book. Refuses parts of different books, runs or versions, and
  /// shards present twice.
  public static func merge(_ parts: [BookPart]) throws -> BookPart {
    guard let first = parts.first else { throw BookPartError.empty }
    var shards: [Int] = []
    var pairs: [(GroupRecord, GroupLosses)] = []
    for (i, part) in parts.enumerated() {
      try first.identity.checkSameRun(as: part.identity, partIndex: i)
      for s in part.shards where shards.contains(s) {
        throw BookPartError.duplicateShard(shard: s, count: first.identity.shardCount)
      }
      shards += part.shards
      pairs += zip(part.groups, part.losses)
    }
    pairs.sort { $0.0.id < $1.0.id }
    for i in pairs.indices.dropFirst() where pairs[i].0.id == pairs[i - 1].0.id {
      throw BookPartError.duplicateGroup(pairs[i].0.id)
    }
    return BookPart(identity: first.identity, shards: shards.sorted(), groups: pairs.map(\.0), losses: pairs.map(\.1))
  }

  /// Checks that the part covers the whole book.
  public func requireComplete() throws {
    let missing = (0..<identity.shardCount).filter { !shards.contains($0) }
    if !missing.isEmpty { throw BookPartError.missingShards(missing, count: identity.shardCount) }
    if groups.map(\.id) != identity.groupIDs { throw BookPartError.groupsDiffer }
  }
}

extension BookIdentity {
  func checkSameRun(as other: BookIdentity, partIndex: Int) throws {
    func differ(_ what: String, _ a: String, _ b: String) -> BookPartError {
      .mismatch(part: partIndex, what: what, expected: a, found: b)
    }
    if bookHash != other.bookHash { throw differ("book (fingerprint)", bookHash, other.bookHash) }
    if programVersion != other.programVersion { throw differ("claimsrisk version", programVersion, other.programVersion) }
    if seed != other.seed { throw differ("seed", String(seed), String(other.seed)) }
    if trials != other.trials { throw differ("trials", String(trials), String(other.trials)) }
    if shardCount != other.shardCount { throw differ("number of shards", String(shardCount), String(other.shardCount)) }
    if self != other { throw differ("book settings", name, other.name) }
  }
}

/// Why parts cannot be read or merged.
public enum BookPartError: Error, CustomStringConvertible, Equatable {
  case empty
  case mismatch(part: Int, what: String, expected: String, found: String)
  case duplicateShard(shard: Int, count: Int)
  case duplicateGroup(String)
  case missingShards([Int], count: Int)
  case groupsDiffer
  case malformed(String)

  public var description: String {
    switch self {
    case .empty: "no parts given"
    case .mismatch(let part, let what, let expected, let found):
      "part \(part + 1) is from another run: its \(what) is \(found), the first part's is \(expected); merge only the parts of one `book --shard K/N` run"
    case .duplicateShard(let s, let n): "shard \(s + 1)/\(n) is given twice; give each shard's part once"
    case .duplicateGroup(let id): "group '\(id)' is in two parts; give each shard's part once"
    case .missingShards(let missing, let n):
      "missing shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0 + 1)/\(n)" }.joined(separator: ", ")): run `claimsrisk book BOOK --shard \(missing.count == 1 ? "\(missing[0] + 1)" : "K")/\(n) --emit PART` for \(missing.count == 1 ? "it" : "each") and merge all \(n) parts"
    case .groupsDiffer: "the parts' groups are not the book's groups (a damaged part?)"
    case .malformed(let why): why
    }
  }
}
