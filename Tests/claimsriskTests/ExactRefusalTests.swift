// ExactRefusalTests.swift: `simulate --method exact` refuses, with the reason, what the exact
// method cannot express (contract options, monthly cash flows, funding) instead of answering
// for the scenario's own contract alone; the same file runs under --method auto.
import Foundation
import Testing

@Suite("--method exact refuses what it cannot express")
struct ExactRefusalTests {
  static let base = """
    format: 1
    census: { members: 100 }
    claims:
      per_member: { frequency: { poisson: { mean: 2.0 } }, severity: { lognormal: { mu: 7.0, sigma: 1.0 } } }
    stop_loss:
      basis: "12/12"
      specific: { deductible: 20000 }
      aggregate: { attachment: 300000 }
    """

  /// (what is added, a word the reason must contain).
  static let additions: [(String, String)] = [
    ("options:\n  - { name: higher, specific: { deductible: 40000 } }", "options:"),
    ("simulation: { cash_flow: true }", "cash_flow"),
    ("funding: { level: { monthly_claims_fund: 20000 } }", "funding.level"),
  ]

  func write(_ text: String, in dir: URL) throws -> String {
    let path = dir.appendingPathComponent("scenario.yaml").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test("The plain scenario is solved exactly")
  func plainIsSolved() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try CLI.run(["simulate", try write(Self.base, in: dir), "--method", "exact", "--format", "json", "--quiet"])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(json["method"] as? String == "exact")
  }

  @Test("Options, cash flow and funding are refused with the reason; auto runs them", arguments: 0..<3)
  func refused(_ i: Int) throws {
    let (addition, word) = Self.additions[i]
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = try write(Self.base + "\n" + addition + "\n", in: dir)
    let out = dir.appendingPathComponent("report.json").path
    let r = try CLI.run(["simulate", file, "--method", "exact", "--format", "json", "--output", out, "--quiet"])
    #expect(r.status == 1, "refused: \(r.stderr)")
    #expect(r.stderr.contains("--method exact"), "\(r.stderr)")
    #expect(r.stderr.contains(word), "the reason names \(word): \(r.stderr)")
    #expect(r.stderr.contains("--method auto"), "says what to write instead: \(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out), "no report written")
    let auto = try CLI.run(["simulate", file, "--trials", "500", "--format", "json", "--quiet"])
    #expect(auto.status == 0, "\(auto.stderr)")
  }
}
