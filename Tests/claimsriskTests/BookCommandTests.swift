// BookCommandTests.swift: `claimsrisk book` end to end: the bundled example book in shards,
// merged in another order, gives byte for byte the unsharded JSON; bad parts are refused.
import Foundation
import Testing

@Suite("book command")
struct BookCommandTests {
  static let book = CLI.root.appendingPathComponent("Scenarios/book-example.yaml").path

  @Test("4 shards merged in any order give the unsharded JSON byte for byte")
  func shardsMerge() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let whole = try CLI.run(["book", Self.book, "--trials", "300", "--format", "json", "--threads", "2"])
    #expect(whole.status == 0, "\(whole.stderr)")
    var parts: [String] = []
    for k in 1...4 {
      let part = dir.appendingPathComponent("p\(k).part").path
      let r = try CLI.run(["book", Self.book, "--trials", "300", "--shard", "\(k)/4", "--emit", part, "--threads", "1"])
      #expect(r.status == 0, "\(r.stderr)")
      parts.append(part)
    }
    let merged = try CLI.run(["book", "merge", parts[2], parts[0], parts[3], parts[1], "--format", "json"])
    #expect(merged.status == 0, "\(merged.stderr)")
    #expect(merged.stdout == whole.stdout)
    let json = try JSONSerialization.jsonObject(with: Data(whole.stdout.utf8)) as? [String: Any]
    let groups = json?["groups"] as? [[String: Any]]
    #expect((groups?.count ?? 0) >= 50)
    // Merging in stages (two half-merges, then the halves) gives the same report.
    let left = dir.appendingPathComponent("left.part").path
    let right = dir.appendingPathComponent("right.part").path
    #expect(try CLI.run(["book", "merge", parts[0], parts[3], "--emit", left]).status == 0)
    #expect(try CLI.run(["book", "merge", parts[2], parts[1], "--emit", right]).status == 0)
    #expect(try CLI.run(["book", "merge", right, left, "--format", "json"]).stdout == whole.stdout)
    // Missing and duplicate shards are refused with the shard named.
    let missing = try CLI.run(["book", "merge", parts[0], parts[1], parts[2]])
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("missing shard 4/4"))
    let twice = try CLI.run(["book", "merge", parts[0], parts[0], parts[1], parts[2], parts[3]])
    #expect(twice.status == 1)
    #expect(twice.stderr.contains("shard 1/4 is given twice"))
    let other = dir.appendingPathComponent("other.part").path
    #expect(try CLI.run(["book", Self.book, "--trials", "300", "--seed", "5", "--shard", "4/4", "--emit", other]).status == 0)
    let mixed = try CLI.run(["book", "merge", parts[0], parts[1], parts[2], other])
    #expect(mixed.status == 1)
    #expect(mixed.stderr.contains("seed"))
  }

  @Test("a bad book file is refused with the file and field, and no report")
  func badBook() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("bad.yaml")
    try "groups:\n  - { file: nowhere.yaml }\n".write(to: file, atomically: true, encoding: .utf8)
    let out = dir.appendingPathComponent("out.json").path
    let r = try CLI.run(["book", file.path, "--format", "json", "--output", out])
    #expect(r.status == 1)
    #expect(r.stderr.contains("groups[0].premium"))
    #expect(!FileManager.default.fileExists(atPath: out))
    let slip = try CLI.run(["book", file.path, "--shard", "0/4", "--emit", out])
    #expect(slip.status == 2)
  }

  @Test("CSV ranks the groups and ends with the book row; HTML has the charts and every group")
  func csvAndHTML() throws {
    let csv = try CLI.run(["book", Self.book, "--trials", "200", "--format", "csv"])
    #expect(csv.status == 0, "\(csv.stderr)")
    let rows = csv.stdout.split(separator: "\n").map(String.init)
    #expect(rows[1].hasPrefix("rank,id,name"))
    #expect(rows.count == 2 + 60 + 1)
    #expect(rows.last?.hasPrefix(",BOOK,") == true)
    // Independent check of the allocation: the co-TVaR column adds up to the BOOK row's TVaR.
    let coTVaR = rows[2..<(rows.count - 1)].map { Double($0.split(separator: ",").reversed()[2])! }
    let bookTVaR = Double(rows.last!.split(separator: ",", omittingEmptySubsequences: false).reversed()[2])!
    #expect(abs(coTVaR.reduce(0, +) - bookTVaR) <= 1e-6 * bookTVaR)
    let html = try CLI.run(["book", Self.book, "--trials", "200", "--format", "html"])
    #expect(html.status == 0)
    #expect(html.stdout.contains("<svg id=\"book-histogram\""))
    #expect(html.stdout.contains("<svg id=\"book-contributions\""))
    #expect(html.stdout.components(separatedBy: "<tr><td>").count - 1 == 60)
    #expect(html.stdout.hasSuffix("</html>\n"))
  }
}
