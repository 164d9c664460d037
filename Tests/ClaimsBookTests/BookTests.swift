// BookTests.swift: the book's determinism (threads, group order, shards), the one-group
// book against the engine's own run, the allocation and the merge of parts.
import ClaimsBook
import ClaimsEngine
import ClaimsModel
import Foundation
import Testing

enum BookFixture {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// An inline group: plain compound model, specific and aggregate cover.
  static func group(_ id: String, employees: Int, deductible: Int, premium: Int, basis: String = "12/12", corridor: Double = 1.25) -> String {
    """
      - id: \(id)
        premium: \(premium)
        census:
          tiers:
            - { name: employee_only, employees: \(employees), members_per_employee: 1.0 }
        claims:
          per_member:
            frequency: { poisson: { mean: 2.0 } }
            severity: { lognormal: { mean: 1500, cv: 3.0 } }
          group_parameter_cv: 0.05
        stop_loss:
          specific: { deductible: \(deductible), basis: "\(basis)" }
          aggregate: { corridor: \(corridor), basis: "12/12" }

    """
  }

  static func text(groups: [String], shock: String = "common_shock: { distribution: lognormal, cv: 0.08 }", reinsurance: String = "", trials: Int = 2000) -> String {
    """
    name: Test book
    simulation: { trials: \(trials), seed: 42 }
    \(shock)
    \(reinsurance)
    groups:
    \(groups.joined())
    """
  }

  static let threeGroups = [
    group("alpha", employees: 40, deductible: 20000, premium: 60000),
    group("beta", employees: 120, deductible: 50000, premium: 90000, basis: "12/15"),
    group("gamma", employees: 15, deductible: 10000, premium: 40000, corridor: 1.2),
  ]

  static func book(_ text: String) throws -> Book {
    try Book.parse(text: text, file: "test-book.yaml", baseDirectory: root.path)
  }
}

@Suite("Book")
struct BookTests {
  @Test("answer does not depend on the thread count")
  func threads() throws {
    let book = try BookFixture.book(BookFixture.text(groups: BookFixture.threeGroups))
    let one = try BookRunner.run(book, threads: 1, programVersion: "t")
    let two = try BookRunner.run(book, threads: 2, programVersion: "t")
    #expect(one == two)
  }

  @Test("answer does not depend on the order the groups are listed in")
  func groupOrder() throws {
    let a = try BookFixture.book(BookFixture.text(groups: BookFixture.threeGroups))
    let b = try BookFixture.book(BookFixture.text(groups: BookFixture.threeGroups.reversed()))
    let ra = try BookResult.make(BookRunner.run(a, programVersion: "t"))
    let rb = try BookResult.make(BookRunner.run(b, programVersion: "t"))
    #expect(ra.gross == rb.gross)
    let idsA: [String] = ra.groups.map(\.record.id)
    let idsB: [String] = rb.groups.map(\.record.id)
    #expect(idsA == idsB)
    let coA: [Double] = ra.groups.map(\.coTVaR99)
    let coB: [Double] = rb.groups.map(\.coTVaR99)
    #expect(coA == coB)
  }

  @Test("a one-group book without a shock is the group's own claims-method simulation at the group's seed")
  func oneGroup() throws {
    let book = try BookFixture.book(BookFixture.text(groups: [BookFixture.threeGroups[1]], shock: ""))
    let result = try BookResult.make(BookRunner.run(book, programVersion: "t"))
    let group = book.groups[0]
    var options = RunOptions(trials: book.trials, seed: BookSeeds.group(masterSeed: 42, id: "beta"), threads: 2)
    options.method = .claims
    let own = try Simulation.run(group.scenario, options: options)
    let specific = own.summary(.specificReimbursement)!.mean
    let aggregate = own.summary(.aggregateReimbursement)!.mean
    #expect(abs(result.groups[0].expectedSpecific - specific) <= 1e-9 * max(1, specific))
    #expect(abs(result.groups[0].expectedAggregate - aggregate) <= 1e-9 * max(1, aggregate))
    #expect(abs(result.gross.mean - (specific + aggregate)) <= 1e-9 * (specific + aggregate))
    // The book's percentiles are those of specific + aggregate per trial: p99 ≥ the specific's.
    #expect(result.gross.percentile("p99")! >= own.summary(.specificReimbursement)!.percentile("p99")! - 1e-6)
  }

  @Test("co-TVaR contributions sum to the book's TVaR at 99% and 99.5%")
  func allocationSums() throws {
    let book = try BookFixture.book(BookFixture.text(groups: BookFixture.threeGroups))
    let result = try BookResult.make(BookRunner.run(book, programVersion: "t"))
    let sum99 = result.groups.reduce(0) { $0 + $1.coTVaR99 }
    let sum995 = result.groups.reduce(0) { $0 + $1.coTVaR995 }
    #expect(abs(sum99 - result.tail[0].tailValue) <= 1e-9 * result.tail[0].tailValue)
    #expect(abs(sum995 - result.tail[1].tailValue) <= 1e-9 * result.tail[1].tailValue)
    // TVaR is the mean of the top ⌈n(1 − p)⌉ = 20 of 2,000 trials, and ≥ VaR.
    #expect(result.tail[0].tailTrials.count == 20)
    #expect(result.tail[1].tailTrials.count == 10)
    #expect(result.tail[0].tailValue >= result.tail[0].valueAtRisk)
    #expect(result.groups.map(\.rank) == [1, 2, 3])
    let ranked: [Double] = result.groups.map(\.coTVaR99)
    #expect(ranked == ranked.sorted(by: >))
  }

  @Test("the common shock has mean 1 and the CV asked for, and raises the book's tail")
  func shock() throws {
    let shock = CommonShock(family: .lognormal, cv: 0.1)
    let m = shock.multipliers(seed: 7, trials: 200_000)!
    let mean = m.reduce(0, +) / Double(m.count)
    let sd = (m.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(m.count - 1)).squareRoot()
    #expect(abs(mean - 1) < 4 * 0.1 / Double(m.count).squareRoot())
    #expect(abs(sd - 0.1) < 0.002)
    let gamma = CommonShock(family: .gamma, cv: 0.2).multipliers(seed: 7, trials: 200_000)!
    let gammaMean: Double = gamma.reduce(0, +) / 200_000
    #expect(abs(gammaMean - 1) < 4 * 0.2 / Double(200_000).squareRoot())
    let with = try BookResult.make(BookRunner.run(BookFixture.book(BookFixture.text(groups: BookFixture.threeGroups)), programVersion: "t"))
    let without = try BookResult.make(BookRunner.run(BookFixture.book(BookFixture.text(groups: BookFixture.threeGroups, shock: "")), programVersion: "t"))
    #expect(with.gross.stdDev > without.gross.stdDev)
  }

  @Test("reinsurance: quota share then aggregate stop-loss, per trial")
  func reinsurance() {
    let r = Reinsurance(quotaShare: 0.2, stopLossAttachment: 1.1, stopLossLimit: 0.3)
    // Premium 100: retained premium 80, attachment 88, limit 24.
    #expect(r.netLosses(gross: 50, premium: 100) == 40)
    #expect(abs(r.stopLossRecovery(gross: 120, premium: 100) - 8) < 1e-12)
    #expect(abs(r.stopLossRecovery(gross: 1000, premium: 100) - 24) < 1e-12)
    #expect(abs(r.netLosses(gross: 1000, premium: 100) - (800 - 24)) < 1e-9)
  }

  @Test("shards merged in any order and grouping equal the unsharded part")
  func mergeAssociative() throws {
    let groups = BookFixture.threeGroups + [BookFixture.group("delta", employees: 60, deductible: 30000, premium: 70000)]
    let book = try BookFixture.book(BookFixture.text(groups: groups, trials: 500))
    let whole = try BookRunner.run(book, programVersion: "t")
    let parts = try (0..<3).map { try BookRunner.run(book, shard: $0, of: 3, programVersion: "t") }
    let abc = try BookPart.merge([BookPart.merge([parts[0], parts[1]]), parts[2]])
    let cab = try BookPart.merge([parts[2], BookPart.merge([parts[1], parts[0]])])
    #expect(abc == cab)
    #expect(abc.losses == whole.losses)
    #expect(abc.groups == whole.groups)
    let decoded = try BookPart(decoding: abc.encoded(), name: "x")
    #expect(decoded == abc)
    #expect(try BookResult.make(abc).gross == BookResult.make(whole).gross)
  }

  @Test("merge refuses other books, other seeds, duplicate and missing shards")
  func mergeRefusals() throws {
    let book = try BookFixture.book(BookFixture.text(groups: BookFixture.threeGroups, trials: 200))
    let p0 = try BookRunner.run(book, shard: 0, of: 2, programVersion: "t")
    let p1 = try BookRunner.run(book, shard: 1, of: 2, programVersion: "t")
    #expect(throws: BookPartError.duplicateShard(shard: 0, count: 2)) { try BookPart.merge([p0, p0]) }
    #expect(throws: BookPartError.missingShards([1], count: 2)) { try BookResult.make(BookPart.merge([p0])) }
    var other = book
    other.seed = 43
    let q1 = try BookRunner.run(other, shard: 1, of: 2, programVersion: "t")
    #expect(throws: BookPartError.self) { try BookPart.merge([p0, q1]) }
    let changed = try BookFixture.book(BookFixture.text(groups: BookFixture.threeGroups, reinsurance: "reinsurance: { quota_share: 0.5 }", trials: 200))
    let r1 = try BookRunner.run(changed, shard: 1, of: 2, programVersion: "t")
    do {
      _ = try BookPart.merge([p0, r1])
      Issue.record("parts of two books merged")
    } catch let error as BookPartError {
      #expect(error.description.contains("another run"))
    }
    let v1 = try BookRunner.run(book, shard: 1, of: 2, programVersion: "other")
    #expect(throws: BookPartError.self) { try BookPart.merge([p0, v1]) }
    #expect(throws: BookPartError.self) { try BookPart(decoding: Data("not a part".utf8), name: "x") }
    var truncated = try p1.encoded()
    truncated.removeLast(8)
    #expect(throws: BookPartError.self) { try BookPart(decoding: truncated, name: "x") }
  }

  @Test("bad book files name the file, the field and what to write")
  func badBooks() {
    func issues(_ text: String) -> [String] {
      do {
        _ = try BookFixture.book(text)
        return []
      } catch let error as ScenarioError {
        return error.issues.map(\.description)
      } catch {
        return ["\(error)"]
      }
    }
    let noPremium = issues(BookFixture.text(groups: [BookFixture.threeGroups[0].replacingOccurrences(of: "premium: 60000", with: "")]))
    #expect(noPremium.contains { $0.contains("test-book.yaml") && $0.contains("groups[0].premium") && $0.contains("premium: 250000") })
    let duplicate = issues(BookFixture.text(groups: [BookFixture.threeGroups[0], BookFixture.threeGroups[0]]))
    #expect(duplicate.contains { $0.contains("groups[1].id") && $0.contains("duplicate group id 'alpha'") })
    let cv = issues(BookFixture.text(groups: BookFixture.threeGroups, shock: "common_shock: { distribution: lognormal, cv: 5 }"))
    #expect(cv.contains { $0.contains("common_shock.cv") && $0.contains("not 5") })
    let typo = issues(BookFixture.text(groups: BookFixture.threeGroups, shock: "comon_shock: { cv: 0.1 }"))
    #expect(typo.contains { $0.contains("comon_shock") && $0.contains("unknown key") })
    let inner = issues(BookFixture.text(groups: [BookFixture.threeGroups[0].replacingOccurrences(of: "deductible: 20000", with: "deductible: -5")]))
    #expect(inner.contains { $0.contains("groups[0].stop_loss.specific.deductible") })
    let missingFile = issues("groups:\n  - { file: no/such.yaml, premium: 1000 }\n")
    #expect(missingFile.contains { $0.contains("no/such.yaml") && $0.contains("groups[0].file") })
    let qs = issues(BookFixture.text(groups: BookFixture.threeGroups, reinsurance: "reinsurance: { quota_share: 25 }"))
    #expect(qs.contains { $0.contains("reinsurance.quota_share") })
  }
}
