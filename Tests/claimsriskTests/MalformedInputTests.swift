// MalformedInputTests.swift: a corpus of bad scenarios, census files and flags. Each must
// give a one-line-per-problem error naming the file, the key path (or CSV line) and what is
// expected, exit 1 (input) or 2 (usage), and create no output file.
import Foundation
import Testing

/// A valid scenario to break one key at a time.
let validScenario = """
  format: 1
  name: Corpus base
  census: { members: 50 }
  claims:
    per_member:
      frequency: { poisson: { mean: 6.0 } }
      severity: { lognormal: { mu: 5.0, sigma: 2.0 } }
    lag: [0.5, 0.5]
  stop_loss:
    basis: "12/15"
    specific: { deductible: 50000 }
    aggregate: { corridor: 1.25 }
  simulation: { trials: 200, seed: 1 }
  """

struct BadInput: Sendable, CustomTestStringConvertible {
  var name: String
  /// The scenario text (or a replacement of one line of `validScenario`).
  var scenario: String
  /// Substrings the error must contain (besides the file name).
  var expected: [String]
  /// An optional census CSV written beside the scenario as census.csv.
  var census: String? = nil
  var testDescription: String { name }
}

private func replacing(_ old: String, _ new: String) -> String {
  precondition(validScenario.contains(old), "corpus base lacks \(old)")
  return validScenario.replacingOccurrences(of: old, with: new)
}

let badInputs: [BadInput] = [
  BadInput(name: "unknown top-level key", scenario: validScenario + "\nstoploss: {}\n",
           expected: ["stoploss: unknown key", "did you mean 'stop_loss'"]),
  BadInput(name: "misspelt nested key", scenario: replacing("{ deductible: 50000 }", "{ deductable: 50000 }"),
           expected: ["stop_loss.specific.deductable: unknown key", "did you mean 'deductible'"]),
  BadInput(name: "wrong type for money", scenario: replacing("deductible: 50000", "deductible: fifty"),
           expected: ["stop_loss.specific.deductible", "expected an amount in dollars", "fifty"]),
  BadInput(name: "quoted number", scenario: replacing("deductible: 50000", "deductible: \"50000\""),
           expected: ["stop_loss.specific.deductible", "expected an amount in dollars"]),
  BadInput(name: "negative deductible", scenario: replacing("deductible: 50000", "deductible: -5"),
           expected: ["stop_loss.specific.deductible", "must be >= 0", "-5"]),
  BadInput(name: "negative attachment", scenario: replacing("{ corridor: 1.25 }", "{ attachment: -100 }"),
           expected: ["stop_loss.aggregate.attachment", "must be >= 0"]),
  BadInput(name: "zero corridor", scenario: replacing("corridor: 1.25", "corridor: 0"),
           expected: ["stop_loss.aggregate.corridor", "must be > 0"]),
  BadInput(name: "two attachment kinds", scenario: replacing("{ corridor: 1.25 }", "{ corridor: 1.25, attachment: 5 }"),
           expected: ["stop_loss.aggregate", "give only one of attachment, factors, corridor"]),
  BadInput(name: "negative probability", scenario: replacing("{ lognormal: { mu: 5.0, sigma: 2.0 } }", "{ zero_inflated: { zero: -0.1, of: { exponential: { mean: 100 } } } }"),
           expected: ["claims.per_member.severity.zero_inflated.zero", "must be >= 0"]),
  BadInput(name: "lag does not sum to 1", scenario: replacing("lag: [0.5, 0.5]", "lag: [0.5, 0.4]"),
           expected: ["claims.lag", "must sum to 1", "0.9"]),
  BadInput(name: "negative lag probability", scenario: replacing("lag: [0.5, 0.5]", "lag: [1.5, -0.5]"),
           expected: ["claims.lag[0]", "must be <= 1"]),
  BadInput(name: "lag not a list", scenario: replacing("lag: [0.5, 0.5]", "lag: 0.5"),
           expected: ["claims.lag", "expected a list"]),
  BadInput(name: "basis 12/x", scenario: replacing("basis: \"12/15\"", "basis: \"12/x\""),
           expected: ["stop_loss.basis", "'12/x' is not a contract basis"]),
  BadInput(name: "basis 9/12", scenario: replacing("basis: \"12/15\"", "basis: \"9/12\""),
           expected: ["stop_loss.basis", "'9/12' is not a contract basis", "from 12 to 36"]),
  BadInput(name: "zero trials", scenario: replacing("trials: 200", "trials: 0"),
           expected: ["simulation.trials", "must be >= 1"]),
  BadInput(name: "fractional trials", scenario: replacing("trials: 200", "trials: 2.5"),
           expected: ["simulation.trials", "expected a whole number"]),
  BadInput(name: "unknown generator", scenario: replacing("seed: 1 }", "seed: 1, generator: rand }"),
           expected: ["simulation.generator", "expected one of taus2, mt19937, ranlxd2"]),
  BadInput(name: "unsupported format", scenario: replacing("format: 1", "format: 2"),
           expected: ["format", "unsupported format version 2"]),
  BadInput(name: "missing census", scenario: replacing("census: { members: 50 }\n", ""),
           expected: ["census: missing required key"]),
  BadInput(name: "two census kinds", scenario: replacing("{ members: 50 }", "{ members: 50, members_file: x.csv }"),
           expected: ["census", "give only one of members, tiers, members_file"]),
  BadInput(name: "zero members", scenario: replacing("{ members: 50 }", "{ members: 0 }"),
           expected: ["census.members", "must be >= 1"]),
  BadInput(name: "negative tier employees", scenario: replacing("{ members: 50 }", "{ tiers: [ { name: ee, employees: -3 } ] }"),
           expected: ["census.tiers[0].employees", "must be >= 0"]),
  BadInput(name: "no claim model", scenario: replacing("""
    per_member:
        frequency: { poisson: { mean: 6.0 } }
        severity: { lognormal: { mu: 5.0, sigma: 2.0 } }
    """, "trend: 0.05"),
           expected: ["claims", "expected exactly one of per_member, annual, default"]),
  BadInput(name: "continuous frequency", scenario: replacing("{ poisson: { mean: 6.0 } }", "{ lognormal: { mu: 1, sigma: 1 } }"),
           expected: ["claims.per_member.frequency", "counting distribution"]),
  BadInput(name: "unknown family", scenario: replacing("{ lognormal: { mu: 5.0, sigma: 2.0 } }", "{ lognormel: { mu: 5.0, sigma: 2.0 } }"),
           expected: ["claims.per_member.severity.lognormel", "unknown distribution family", "did you mean 'lognormal'"]),
  BadInput(name: "zero sigma", scenario: replacing("sigma: 2.0", "sigma: 0"),
           expected: ["claims.per_member.severity.lognormal.sigma", "must be > 0"]),
  BadInput(name: "mixture weights", scenario: replacing("{ lognormal: { mu: 5.0, sigma: 2.0 } }", "{ mixture: [ { weight: 0.5, of: { exponential: { mean: 10 } } }, { weight: 0.4, of: { exponential: { mean: 20 } } } ] }"),
           expected: ["claims.per_member.severity.mixture", "weights must sum to 1"]),
  BadInput(name: "spliced with a mixture part", scenario: replacing("{ lognormal: { mu: 5.0, sigma: 2.0 } }", "{ spliced: { at: 1000, weight_below: 0.9, below: { empirical: { values: [1, 2] } }, above: { pareto: { scale: 1000, shape: 2 } } } }"),
           expected: ["claims.per_member.severity.spliced.below", "must be lognormal, gamma, pareto, weibull or exponential"]),
  BadInput(name: "factors for an unknown tier", scenario: replacing("{ corridor: 1.25 }", "{ factors: { member: 100, family: 300 } }"),
           expected: ["stop_loss.aggregate.factors.family", "no tier named 'family'"]),
  BadInput(name: "factors missing a tier", scenario: replacing("census: { members: 50 }", "census: { tiers: [ { name: ee, employees: 10 }, { name: fam, employees: 5, members_per_employee: 3 } ] }").replacingOccurrences(of: "{ corridor: 1.25 }", with: "{ factors: { ee: 100 } }"),
           expected: ["stop_loss.aggregate.factors", "missing a rate for tier 'fam'"]),
  BadInput(name: "cost sharing on the compound model", scenario: replacing("lag: [0.5, 0.5]", "lag: [0.5, 0.5]\n  cost_sharing: { deductible: 500 }"),
           expected: ["claims.cost_sharing", "applies to annual member costs"]),
  BadInput(name: "seasonality of the wrong length", scenario: replacing("lag: [0.5, 0.5]", "lag: [0.5, 0.5]\n  seasonality: [1, 2, 3]"),
           expected: ["claims.seasonality", "expected 12 monthly weights"]),
  BadInput(name: "duplicate key", scenario: replacing("name: Corpus base", "name: Corpus base\nname: Again"),
           expected: ["not valid YAML or JSON", "duplicate key 'name' at line 2, column 1"]),
  BadInput(name: "leading zero (octal in YAML 1.1)", scenario: replacing("{ members: 50 }", "{ members: 0100 }"),
           expected: ["census.members", "'0100' has a leading zero", "write 100"]),
  BadInput(name: "sexagesimal (YAML 1.1)", scenario: replacing("trials: 200", "trials: 1:30"),
           expected: ["simulation.trials", "'1:30' is a base-60 number"]),
  BadInput(name: "hexadecimal", scenario: replacing("deductible: 50000", "deductible: 0xC350"),
           expected: ["stop_loss.specific.deductible", "hexadecimal '0xC350'"]),
  BadInput(name: "digit separators", scenario: replacing("deductible: 50000", "deductible: 50_000"),
           expected: ["stop_loss.specific.deductible", "digit separators", "write 50000"]),
  BadInput(name: "infinite amount", scenario: replacing("deductible: 50000", "deductible: .inf"),
           expected: ["stop_loss.specific.deductible", "expected a finite number"]),
  BadInput(name: "YAML 1.1 boolean", scenario: replacing("seed: 1 }", "seed: 1, cash_flow: yes }"),
           expected: ["simulation.cash_flow", "'yes' is a boolean in YAML 1.1 only; write true or false"]),
  BadInput(name: "alias bomb used as mapping keys",
           scenario: "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + (1...9).map { i in "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]" }.joined(separator: "\n") + "\nbomb: { *a9: 1 }\n",
           expected: ["the alias *a9 is used as a mapping key"]),
  BadInput(name: "too many aliases",
           scenario: validScenario + "\nx: &x 1\n" + "y: [" + Array(repeating: "*x", count: 1_001).joined(separator: ", ") + "]\n",
           expected: ["more than 1000 aliases"]),
  BadInput(name: "broken YAML", scenario: replacing("census: { members: 50 }", "census: { members: 50"),
           expected: ["not valid YAML or JSON"]),
  BadInput(name: "empty file", scenario: "", expected: ["the file is empty"]),
  BadInput(name: "every problem at once", scenario: replacing("deductible: 50000", "deductible: -1").replacingOccurrences(of: "trials: 200", with: "trials: 0"),
           expected: ["stop_loss.specific.deductible: must be >= 0", "simulation.trials: must be >= 1"]),
  BadInput(name: "census CSV with a bad age", scenario: replacing("{ members: 50 }", "{ members_file: census.csv }"),
           expected: ["census.members_file", "census.csv", "line 3", "age: expected a number"],
           census: "member_id,family_id,tier,relationship,age,sex\n1,1,ee,employee,40,F\n2,2,ee,employee,abc,M\n"),
  BadInput(name: "census CSV with a short row", scenario: replacing("{ members: 50 }", "{ members_file: census.csv }"),
           expected: ["line 2", "expected 3 fields, found 2"],
           census: "member_id,family_id,tier\n1,1\n"),
  BadInput(name: "census CSV without a tier column", scenario: replacing("{ members: 50 }", "{ members_file: census.csv }"),
           expected: ["missing column 'tier'"],
           census: "member_id,family_id\n1,1\n"),
  BadInput(name: "census CSV with a duplicate id", scenario: replacing("{ members: 50 }", "{ members_file: census.csv }"),
           expected: ["line 3", "duplicate id '7'"],
           census: "member_id,family_id,tier\n7,1,ee\n7,2,ee\n"),
  BadInput(name: "laser for an unknown member", scenario: replacing("{ deductible: 50000 }", "{ deductible: 50000, lasers: [ { member: \"999\", deductible: 90000 } ] }"),
           expected: ["stop_loss.specific.lasers[0].member", "no member '999' in the census"]),
  BadInput(name: "negative aggregating specific deductible", scenario: replacing("{ deductible: 50000 }", "{ deductible: 50000, aggregating_deductible: -10 }"),
           expected: ["stop_loss.specific.aggregating_deductible", "must be >= 0"]),
  BadInput(name: "specific maximum of zero", scenario: replacing("{ deductible: 50000 }", "{ deductible: 50000, maximum: 0 }"),
           expected: ["stop_loss.specific.maximum", "must be > 0"]),
  BadInput(name: "minimum attachment rule without its inputs", scenario: replacing("{ corridor: 1.25 }", "{ attachment: 900000, minimum: { rule: inception } }"),
           expected: ["stop_loss.aggregate.minimum.percent", "the inception rule needs percent"]),
  BadInput(name: "enrolment table of the wrong length", scenario: replacing("census: { members: 50 }", "census: { members: 50 }\nenrolment: { monthly: { member: [50, 50, 49] } }"),
           expected: ["enrolment.monthly.member", "expected 12 monthly unit counts", "found 3"]),
  BadInput(name: "accommodation with a corridor", scenario: replacing("{ corridor: 1.25 }", "{ corridor: 1.25, accommodation: true }"),
           expected: ["stop_loss.aggregate.accommodation", "needs an attachment point known before the year"]),
  BadInput(name: "census CSV with a repeated column", scenario: replacing("{ members: 50 }", "{ members_file: census.csv }"),
           expected: ["line 1", "column 'tier' appears twice (columns 3 and 4)"],
           census: "member_id,family_id,tier,tier\n1,1,ee,ee\n"),
  BadInput(name: "missing census CSV", scenario: replacing("{ members: 50 }", "{ members_file: nowhere.csv }"),
           expected: ["census.members_file", "cannot read the census file"]),
]

@Suite("Malformed input corpus")
struct MalformedInputTests {
  @Test("Each bad scenario: exit 1, a message naming file and key, no output file", arguments: badInputs)
  func rejected(_ bad: BadInput) throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("scenario.yaml")
    try bad.scenario.write(to: file, atomically: true, encoding: .utf8)
    if let census = bad.census {
      try census.write(to: dir.appendingPathComponent("census.csv"), atomically: true, encoding: .utf8)
    }
    let output = dir.appendingPathComponent("out.json")
    let r = try CLI.run(["simulate", file.path, "--format", "json", "--output", output.path, "--quiet"])
    #expect(r.status == 1, "exit status \(r.status); stderr: \(r.stderr)")
    #expect(r.stderr.contains(file.path) || r.stderr.contains("census.csv"), "names the file: \(r.stderr)")
    for fragment in bad.expected {
      #expect(r.stderr.contains(fragment), "expected «\(fragment)» in: \(r.stderr)")
    }
    #expect(!r.stderr.contains("Fatal error"), "no crash")
    #expect(!FileManager.default.fileExists(atPath: output.path), "no output file")
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".out.json") }
    #expect(leftovers.isEmpty, "no temporary file left: \(leftovers)")
    // `validate` reports the same problems.
    let v = try CLI.run(["validate", file.path])
    #expect(v.status == 1)
    #expect(v.stderr == r.stderr)
  }

  @Test("A missing scenario file")
  func missingFile() throws {
    let r = try CLI.run(["simulate", "/nonexistent/scenario.yaml", "--quiet"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("/nonexistent/scenario.yaml: no such file"))
  }

  @Test("A directory instead of a file")
  func directory() throws {
    let r = try CLI.run(["validate", "/tmp"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("is a directory"))
  }

  @Test(
    "Bad flags exit 2 and name the flag",
    arguments: [
      (["--trials", "0"], "'--trials' must be at least 1"),
      (["--threads", "0"], "'--threads' must be from 1 to 1024"),
      (["--format", "xml"], "--format"),
      (["--seed", "-4"], "--seed"),
    ])
  func badFlags(_ flags: [String], _ message: String) throws {
    let w1 = sharedWorkloads.appendingPathComponent("w1.yaml").path
    let r = try CLI.run(["simulate", w1, "--quiet"] + flags)
    #expect(r.status == 2, "exit \(r.status): \(r.stderr)")
    #expect(r.stderr.contains(message), "\(r.stderr)")
  }

  @Test("An output directory that does not exist fails before the run and writes nothing")
  func badOutputDirectory() throws {
    let w1 = sharedWorkloads.appendingPathComponent("w1.yaml").path
    let r = try CLI.run(["simulate", w1, "--trials", "10", "--output", "/nonexistent-dir/out.json", "--quiet"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("--output /nonexistent-dir/out.json"))
  }
}
