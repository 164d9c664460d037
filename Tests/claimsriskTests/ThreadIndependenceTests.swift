// ThreadIndependenceTests.swift: every command that simulates gives byte-identical JSON on one
// and on two threads: the calibrated default model (ABC, the 1,256-member tiered group), the
// payment-order path (a laser), compare, attach and fund, and a run large enough for the
// summaries to sort on two cores. A chunk's stream and its rows depend
// on its index only, so the worker count must never show in a result.
import Foundation
import Testing

@Suite("Results independent of the thread count")
struct ThreadIndependenceTests {
  static func scenario(_ name: String) -> String { CLI.root.appendingPathComponent("Scenarios/\(name)").path }

  static let cases: [(name: String, arguments: [String])] = [
    ("default model, ABC", ["simulate", scenario("abc-incorporated.yaml"), "--trials", "1500", "--method", "claims"]),
    ("default model, tiered group", ["simulate", scenario("tiered-600.yaml"), "--trials", "1100"]),
    ("payment order (laser)", ["simulate", scenario("tiered-600-laser.yaml"), "--trials", "1100"]),
    ("compare", ["compare", scenario("tiered-600.yaml"), "--specific", "50000,100000", "--trials", "1100"]),
    ("attach", ["attach", scenario("abc-incorporated.yaml"), "--probability", "0.1", "--trials", "1500"]),
    ("fund (level funded)", ["fund", scenario("level-funded-12-18.yaml"), "--trials", "1500"]),
    // From 16,384 trials on, the summaries sort each quantity's two halves on two cores.
    ("fund, 20,000 trials", ["fund", scenario("level-funded-12-18.yaml"), "--trials", "20000"]),
  ]

  @Test("Identical JSON on 1 and 2 threads", arguments: cases.map(\.name))
  func identical(_ name: String) throws {
    let arguments = try #require(Self.cases.first { $0.name == name }).arguments + ["--format", "json", "--quiet"]
    let one = try CLI.run(arguments + ["--threads", "1"])
    let two = try CLI.run(arguments + ["--threads", "2"])
    #expect(one.status == 0, "\(one.stderr)")
    #expect(two.status == 0, "\(two.stderr)")
    #expect(!one.stdout.isEmpty)
    #expect(one.stdout == two.stdout)
  }
}
