// BookRunner.swift: runs the groups of some shards of a book into a part. Groups run one
// after another, each on all threads (the engine's trials are independent of the thread
// count); the common shock is computed once per run from the master seed.
internal import ClaimsEngine
internal import ClaimsModel

public enum BookRunner {
  /// Simulates shard `shard` (0-based) of `shardCount` of `book`.
  /// - Parameter progress: called after each group with (groups done, groups in the shard).
  public static func run(
    _ book: Book, shard: Int = 0, of shardCount: Int = 1, threads: Int? = nil, programVersion: String,
    progress: ((Int, Int) -> Void)? = nil
  ) throws -> BookPart {
    precondition(shard >= 0 && shard < shardCount, "shard index out of range")
    let multipliers = book.shock.multipliers(seed: book.seed, trials: book.trials)
    let indices = BookPart.groupIndices(shard: shard, of: shardCount, groupCount: book.groups.count)
    var records: [GroupRecord] = []
    var losses: [GroupLosses] = []
    for (done, i) in indices.enumerated() {
      let group = book.groups[i]
      let l = try GroupSimulator.run(group, trials: book.trials, masterSeed: book.seed, threads: threads, multipliers: multipliers)
      records.append(GroupRecord(
        id: group.id, name: group.scenario.name, source: group.source, members: group.scenario.census.memberCount,
        premium: group.premium, seed: BookSeeds.group(masterSeed: book.seed, id: group.id),
        claimsIncurredMean: l.claimsIncurredMean))
      losses.append(l)
      progress?(done + 1, indices.count)
    }
    return BookPart(identity: identity(book, shardCount: shardCount, programVersion: programVersion),
                    shards: [shard], groups: records, losses: losses)
  }

  public static func identity(_ book: Book, shardCount: Int, programVersion: String) -> BookIdentity {
    BookIdentity(
      name: book.name, bookHash: book.hash, programVersion: programVersion, seed: book.seed, trials: book.trials,
      shardCount: shardCount, shock: book.shock, reinsurance: book.reinsurance, groupIDs: book.groups.map(\.id))
  }
}
