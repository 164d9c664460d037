// ReferenceFixtureTests.swift: the exact answers the suites use (`w2Cases`, the W1 figures of
// ExactMethodTests) are the figures of the in-repo fixture Tests/Fixtures/workloads/README.md,
// and the fixture scenarios are the ones shipped in Scenarios/. The repository's tests read
// only its own files.
import Foundation
import Testing

@Suite("Reference fixtures")
struct ReferenceFixtureTests {
  static let readme: String = (try? String(contentsOfFile: Paths.workload("README.md"), encoding: .utf8)) ?? ""

  /// The numbers of a markdown table row whose first cells are `keys` ("12/15", …).
  static func row(_ keys: String...) -> [Double]? {
    for line in readme.split(separator: "\n") where line.hasPrefix("|") {
      let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      guard cells.count > keys.count, Array(cells.prefix(keys.count)) == keys else { continue }
      return cells.dropFirst(keys.count).compactMap { Double($0.replacingOccurrences(of: ",", with: "")) }
    }
    return nil
  }

  /// The number after `label` in the fixture's text ("E[aggregate_claims] = 5,849,996.59").
  static func figure(after label: String) -> Double? {
    guard let range = readme.range(of: label) else { return nil }
    let digits = readme[range.upperBound...].drop { $0 == " " || $0 == "=" }.prefix { "0123456789.,e-".contains($0) }
    return Double(digits.replacingOccurrences(of: ",", with: "").trimmingCharacters(in: CharacterSet(charactersIn: ".,")))
  }

  @Test("The fixture is in the repository and names every workload")
  func present() {
    #expect(!Self.readme.isEmpty, "Tests/Fixtures/workloads/README.md is missing")
    for file in ["w1.yaml", "w2-12-12.yaml", "w2-12-15.yaml", "w2-12-18.yaml"] {
      #expect(FileManager.default.fileExists(atPath: Paths.workload(file)), "\(file) fixture missing")
      // The shipped scenario is the same workload (comments aside).
      let strip = { (path: String) in
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").filter { !$0.hasPrefix("#") }
      }
      #expect(strip(Paths.workload(file)) == strip(Paths.scenario(file)), "\(file): fixture and Scenarios/ differ")
    }
  }

  @Test("W2 exact answers used by the suites are the fixture's", arguments: w2Cases)
  func w2(_ c: W2Case) throws {
    let basis = c.file.replacingOccurrences(of: "w2-", with: "").replacingOccurrences(of: ".yaml", with: "")
      .replacingOccurrences(of: "-", with: "/")
    let means = try #require(Self.row(basis), "no row for \(basis)")
    #expect(means == [c.q, c.aggregate, c.specific, c.runout, c.retained] + [means.last ?? .nan])
    #expect(Self.row(basis, "aggregate_claims") == c.aggregatePercentiles)
    #expect(Self.row(basis, "retained_claims") == c.retainedPercentiles)
    #expect(Self.figure(after: "### W2 (A =") == 7_246_430.75)
  }

  @Test("W1 exact answers used by the suites are the fixture's")
  func w1() throws {
    #expect(Self.figure(after: "E[aggregate_claims] =") == 5_849_996.59)
    #expect(Self.figure(after: "sd =") == 270_467.92)
    #expect(Self.figure(after: "- attachment A =") == 7_312_495.73)
    #expect(Self.figure(after: "E[specific_reimbursement] =") == 729_802.36)
    let percentiles = ["p50", "p75", "p90", "p95", "p99", "p99_5"].map { Self.figure(after: "\($0) ") }
    #expect(percentiles == ExactMethodTests.w1Percentiles.map { Optional($0) })
    for (c, p) in ExactMethodTests.w1Corridors {
      #expect(Self.figure(after: String(format: "%.2f:", c)) == p, "corridor \(c)")
    }
  }
}
