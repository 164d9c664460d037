// BookRunner.swift: runs the groups of some shards of a book into a part. With at least as
// many groups as threads, the groups run in parallel, one thread each; otherwise one after
// another on all threads. Either way the answer is the same (a group's trials do not depend
// on the thread count). The common shock is computed once per run from the master seed.
internal import ClaimsEngine
internal import ClaimsModel
internal import Dispatch
internal import Synchronization

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
    let groups = indices.map { book.groups[$0] }
    let threadCount = max(1, threads ?? RunOptions.availableCores)
    let losses: [GroupLosses]
    if threadCount > 1 && groups.count >= threadCount {
      losses = try parallel(groups, book: book, workers: threadCount, multipliers: multipliers, progress: progress)
    } else {
      var out: [GroupLosses] = []
      for (done, group) in groups.enumerated() {
        out.append(try GroupSimulator.run(group, trials: book.trials, masterSeed: book.seed, threads: threadCount, multipliers: multipliers))
        progress?(done + 1, groups.count)
      }
      losses = out
    }
    let records = zip(groups, losses).map { group, l in
      GroupRecord(
        id: group.id, name: group.scenario.name, source: group.source, members: group.scenario.census.memberCount,
        premium: group.premium, seed: BookSeeds.group(masterSeed: book.seed, id: group.id),
        claimsIncurredMean: l.claimsIncurredMean)
    }
    return BookPart(identity: identity(book, shardCount: shardCount, programVersion: programVersion),
                    shards: [shard], groups: records, losses: losses)
  }

  public static func identity(_ book: Book, shardCount: Int, programVersion: String) -> BookIdentity {
    BookIdentity(
      name: book.name, bookHash: book.hash, programVersion: programVersion, seed: book.seed, trials: book.trials,
      shardCount: shardCount, shock: book.shock, reinsurance: book.reinsurance, groupIDs: book.groups.map(\.id))
  }

  /// Runs the groups on `workers` threads, one thread per group; results by group index.
  private static func parallel(
    _ groups: [BookGroup], book: Book, workers: Int, multipliers: [Double]?, progress: ((Int, Int) -> Void)?
  ) throws -> [GroupLosses] {
    struct State {
      var next = 0
      var done = 0
      var results: [GroupLosses?]
      var error: (any Error)?
    }
    let state = Mutex(State(results: Array(repeating: nil, count: groups.count)))
    let trials = book.trials
    let seed = book.seed
    nonisolated(unsafe) let report = progress
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      while true {
        let index: Int? = state.withLock { s in
          guard s.error == nil, s.next < groups.count else { return nil }
          s.next += 1
          return s.next - 1
        }
        guard let index else { return }
        do {
          let l = try GroupSimulator.run(groups[index], trials: trials, masterSeed: seed, threads: 1, multipliers: multipliers)
          let done = state.withLock { s in
            s.results[index] = l
            s.done += 1
            return s.done
          }
          report?(done, groups.count)
        } catch {
          state.withLock { $0.error = $0.error ?? error }
        }
      }
    }
    return try state.withLock { s in
      if let error = s.error { throw error }
      return s.results.map { $0! }
    }
  }
}
