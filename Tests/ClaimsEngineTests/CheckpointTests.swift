// CheckpointTests.swift: a checkpoint written by a cancelled run resumes to the uninterrupted
// result; every kind of damage (a changed value, a NaN, a count or chunk that does not fit the
// run, a repeated record, appended bytes) is refused with CheckpointError, even when the
// record's checksum was recomputed; a torn last record is dropped and run again.
import ClaimsEngine
import ClaimsModel
import Foundation
import Synchronization
import Testing

/// Cancels a run once `chunks` chunks have finished.
private final class StopAfter: RunMonitor, @unchecked Sendable {
  let chunks: Int
  let finished = Atomic<Int>(0)
  init(chunks: Int) { self.chunks = chunks }
  func chunkFinished(trialsDone: Int, of total: Int) { finished.add(1, ordering: .relaxed) }
  var isCancelled: Bool { finished.load(ordering: .relaxed) >= chunks }
}

private func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("claimsrisk-checkpoint-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

@Suite("Checkpoint integrity")
struct CheckpointTests {
  static let yaml = """
    format: 1
    census: { members: 20 }
    claims:
      per_member:
        frequency: { poisson: { mean: 3 } }
        severity: { lognormal: { mu: 7, sigma: 1.5 } }
    stop_loss:
      basis: incurred
      specific: { deductible: 25000 }
      aggregate: { corridor: 1.25 }
    """
  static let trials = 2_000
  static let chunk = 100

  func options(_ checkpoint: Checkpoint?) -> RunOptions {
    var o = RunOptions(trials: Self.trials, seed: 3, threads: 1, chunkSize: Self.chunk)
    o.checkpoint = checkpoint
    return o
  }

  /// A checkpoint holding the first chunks of a cancelled run, and the whole run's columns.
  func partial(_ dir: URL) throws -> (path: String, header: Int, record: Int, plan: SimulationPlan, full: TrialColumns) {
    let plan = SimulationPlan(try scenario(Self.yaml))
    let path = dir.appendingPathComponent("run.checkpoint").path
    let cp = try Checkpoint(path: path, fingerprint: "test")
    #expect(throws: RunCancelled.self) { _ = try TrialRunner.run(plan, options: options(cp), monitor: StopAfter(chunks: 3)) }
    let full = try TrialRunner.run(plan, options: options(nil))
    let header = "claimsrisk-checkpoint 2 test\n".utf8.count
    let record = 16 + Self.chunk * plan.columns.count * 8 + 8
    let size = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
    #expect(size == header + 3 * record, "three whole records")
    return (path, header, record, plan, full)
  }

  /// Rewrites bytes of the file, then (optionally) recomputes the checksum of the record at
  /// `record` so that only the semantic checks can catch the change.
  func damage(_ path: String, at offset: Int, with bytes: [UInt8], resealing record: (start: Int, length: Int)? = nil) throws {
    var data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    data.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
    if let record {
      let body = Array(data[record.start..<(record.start + record.length - 8)])
      var sum = body.withUnsafeBytes { Digest.fnv1a($0) }
      let sealed = withUnsafeBytes(of: &sum) { Array($0) }
      data.replaceSubrange((record.start + record.length - 8)..<(record.start + record.length), with: sealed)
    }
    try Data(data).write(to: URL(fileURLWithPath: path))
  }

  func bytes<T>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value) { Array($0) } }

  @Test("A cancelled run resumes to the uninterrupted result")
  func resumes() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let p = try partial(dir)
    let resumed = try TrialRunner.run(p.plan, options: options(try Checkpoint(path: p.path, fingerprint: "test")))
    for t in 0..<Self.trials {
      #expect(resumed[.aggregateClaims, t] == p.full[.aggregateClaims, t])
    }
  }

  @Test("A torn last record is dropped and its chunk run again")
  func torn() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let p = try partial(dir)
    let data = try Data(contentsOf: URL(fileURLWithPath: p.path))
    try (data + data[p.header..<(p.header + p.record / 2)]).write(to: URL(fileURLWithPath: p.path))
    let cp = try Checkpoint(path: p.path, fingerprint: "test")
    #expect(cp.droppedTornBytes == p.record / 2)
    let resumed = try TrialRunner.run(p.plan, options: options(cp))
    #expect(resumed[.aggregateClaims, Self.trials - 1] == p.full[.aggregateClaims, Self.trials - 1])
  }

  enum Damage: String, CaseIterable, Sendable {
    case changedDouble, nan, countTooSmall, resealedCount, resealedNaN, resealedChunkOutOfRange, repeatedRecord,
      appendedText, appendedShort, anotherRun, notACheckpoint
  }

  @Test("Damage is refused, never resumed", arguments: Damage.allCases)
  func refused(_ kind: Damage) throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let p = try partial(dir)
    let second = p.header + p.record
    let value = second + 16 + 8 * 7
    let url = URL(fileURLWithPath: p.path)
    var expected = "damaged"
    switch kind {
    case .changedDouble: try damage(p.path, at: value, with: bytes(1234.5))
    case .nan: try damage(p.path, at: value, with: bytes(Double.nan))
    case .countTooSmall: try damage(p.path, at: second + 8, with: bytes(Int64(3)))
    case .resealedCount:
      // A whole, checksummed record that holds fewer values than a chunk of this run.
      var data = try Data(contentsOf: url)
      var record = Data(bytes(Int64(5)) + bytes(Int64(4)) + bytes(1.0) + bytes(2.0) + bytes(3.0) + bytes(4.0))
      var sum = record.withUnsafeBytes { Digest.fnv1a($0) }
      record.append(contentsOf: withUnsafeBytes(of: &sum) { Array($0) })
      data.append(record)
      try data.write(to: url)
      expected = "holds 4 values"
    case .resealedNaN:
      try damage(p.path, at: value, with: bytes(Double.nan), resealing: (second, p.record))
      expected = "non-finite"
    case .resealedChunkOutOfRange:
      try damage(p.path, at: second, with: bytes(Int64(999)), resealing: (second, p.record))
      expected = "chunk 999"
    case .repeatedRecord:
      let data = try Data(contentsOf: url)
      try (data + data[second..<(second + p.record)]).write(to: url)
      expected = "recorded twice"
    case .appendedText:
      try (try Data(contentsOf: url) + Data("appended by an editor that saved the file as text\n".utf8)).write(to: url)
    case .appendedShort:
      try (try Data(contentsOf: url) + Data("junk\n".utf8)).write(to: url)
      expected = "trailing bytes"
    case .anotherRun: expected = "belongs to another run"
    case .notACheckpoint:
      try "format: 1\n".write(to: url, atomically: true, encoding: .utf8)
      expected = "is not a claimsrisk checkpoint"
    }
    let fingerprint = kind == .anotherRun ? "other" : "test"
    let before = try Data(contentsOf: url)
    do {
      let cp = try Checkpoint(path: p.path, fingerprint: fingerprint)
      _ = try TrialRunner.run(p.plan, options: options(cp))
      Issue.record("\(kind): resumed from a damaged checkpoint")
    } catch let error as CheckpointError {
      #expect(error.message.contains(expected), "\(error.message)")
      #expect(error.message.contains(p.path))
    }
    #expect(try Data(contentsOf: url) == before, "a refused checkpoint is left as it was")
  }
}
