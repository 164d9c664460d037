// OutputFormatTests.swift: what the outputs say, end to end through the built binary: the
// maximum under the aggregate and how often the employer cost exceeds it, probabilities with
// enough digits, the warning for an attachment point below expected claims, tidy CSVs (one
// comment line, one header, plain numbers), help texts, `--percentiles`, `--progress`,
// `--trials-csv` and the scenario file's hash.
import Foundation
import Testing

@Suite("Report outputs")
struct OutputFormatTests {
  static let abc = CLI.root.appendingPathComponent("Scenarios/abc-incorporated.yaml").path
  static let pool = CLI.root.appendingPathComponent("Scenarios/pool-allocated-balance.yaml").path

  func run(_ arguments: [String]) throws -> CLIResult {
    let r = try CLI.run(arguments + ["--quiet"])
    #expect(r.status == 0, "\(arguments): \(r.stderr)")
    return r
  }

  func json(_ arguments: [String]) throws -> [String: Any] {
    let r = try run(arguments + ["--format", "json"])
    return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
  }

  /// The ABC scenario with one line replaced, written to a temporary file.
  func abcVariant(_ old: String, _ new: String, in dir: URL) throws -> String {
    let text = try String(contentsOfFile: Self.abc, encoding: .utf8)
    #expect(text.contains(old))
    let file = dir.appendingPathComponent("abc-variant.yaml")
    try text.replacingOccurrences(of: old, with: new).write(to: file, atomically: true, encoding: .utf8)
    return file.path
  }

  @Test("The maximum under the aggregate is named as such, with the sign in words and how often it is exceeded")
  func maximumUnderAggregate() throws {
    let table = try run(["simulate", Self.abc, "--trials", "2000"]).stdout
    #expect(table.contains("Max. under aggregate  $610,602.00 (fixed costs + attachment point; not a cap"))
    // $610,602.00 − $570,000 = $40,602.00 above the premium.
    #expect(table.contains("$610,602.00, is $40,602.00 above the premium"))
    #expect(!table.contains("Worst case") && !table.contains("is -$"), "no 'is -$… above'")
    let j = try json(["simulate", Self.abc, "--trials", "2000"])
    let p = try #require(j["probability_above_maximum_under_aggregate"] as? Double)
    let se = try #require(j["probability_above_maximum_under_aggregate_std_error"] as? Double)
    #expect(abs(se - (p * (1 - p) / 2000).squareRoot()) < 1e-12, "binomial SE")
    #expect(j["maximum_under_aggregate"] as? Double == 610_602, "alias of worst_case")
    // The employer cost's own percentiles bracket the share above $610,602.
    let e = try #require((j["metrics"] as? [String: Any])?["employer_cost"] as? [String: Any])
    let p50 = try #require(e["p50"] as? Double), p95 = try #require(e["p95"] as? Double)
    #expect(p50 < 610_602 && p95 > 610_602 && p > 0.05 && p < 0.5, "P50 < maximum < P95, so 5% < p < 50%: \(p)")
    #expect(table.contains(String(format: "P(cost above it)      %.2f%%", p * 100)))

    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let rich = try abcVariant("fully_insured_annual_premium: 570000", "fully_insured_annual_premium: 700000", in: dir)
    let below = try run(["simulate", rich, "--trials", "500"]).stdout
    // $700,000 − $610,602.00 = $89,398.00 below.
    #expect(below.contains("$610,602.00, is $89,398.00 below the premium"), "\(below)")
  }

  @Test("A probability near 1 keeps its digits: 1 − 1/2000 shows as 99.95%, not 100.0%")
  func probabilityDigits() throws {
    let j = try json(["simulate", Self.abc, "--trials", "2000"])
    let e = try #require((j["metrics"] as? [String: Any])?["employer_cost"] as? [String: Any])
    let max = try #require(e["max"] as? Double)
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    // A premium just below the largest simulated cost: every year but that one costs less.
    let file = try abcVariant("fully_insured_annual_premium: 570000", "fully_insured_annual_premium: \(String(format: "%.2f", max - 0.5))", in: dir)
    let j2 = try json(["simulate", file, "--trials", "2000"])
    let saving = try #require(j2["self_funding"] as? [String: Any])
    #expect(saving["probability_cheaper_than_fully_insured"] as? Double == 1 - 1.0 / 2000)
    let table = try run(["simulate", file, "--trials", "2000"]).stdout
    // SE = √(0.9995 · 0.0005 / 2000) = 0.0500% at two decimals.
    #expect(table.contains("P(self-funding costs less) = 99.95% ± 0.05%"), "\(table)")
    #expect(!table.contains("100.0%"))
  }

  @Test("The template attaches in a minority of years; an attachment point below expected claims is warned about")
  func attachmentWarning() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let template = dir.appendingPathComponent("t.yaml")
    try CLI.run(["template"]).stdout.write(to: template, atomically: true, encoding: .utf8)
    let t = try CLI.run(["simulate", template.path, "--trials", "2000", "--format", "json", "--quiet"])
    #expect(t.status == 0 && !t.stderr.contains("warning"), "\(t.stderr)")
    let tj = try #require(try JSONSerialization.jsonObject(with: Data(t.stdout.utf8)) as? [String: Any])
    let p = try #require(tj["probability_attach"] as? Double)
    #expect(p > 0.02 && p < 0.3, "the template's P(attach) = \(p)")
    #expect((tj["warnings"] as? [Any])?.isEmpty == true)

    // The model's own cost level ($583 PMPM) against the quote's factors: attaches every year.
    let high = try abcVariant("default: { expected_pmpm: 212 }", "default: {}", in: dir)
    let r = try CLI.run(["simulate", high, "--trials", "1000", "--quiet"])
    #expect(r.status == 0)
    #expect(r.stderr.contains("warning: the aggregate attachment point $370,380 is"), "\(r.stderr)")
    #expect(r.stdout.contains("Warning: the aggregate attachment point"))
    let hj = try json(["simulate", high, "--trials", "1000"])
    #expect((hj["warnings"] as? [String])?.first?.contains("of expected aggregate claims") == true)
  }

  /// Checks a CSV as a notebook reads it: an optional leading `# ` line, one header, and a
  /// plain decimal (or nothing) in every cell of every column but `textColumns`.
  func checkTidy(_ csv: String, textColumns: Set<String>, file: String) throws -> [[String: String]] {
    var lines = csv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    #expect(lines.first?.hasPrefix("# program=claimsrisk; version=") == true, "\(file): provenance line")
    #expect(lines.dropFirst().allSatisfy { !$0.hasPrefix("#") }, "\(file): one comment line")
    let header = try #require(lines.dropFirst().first).split(separator: ",").map(String.init)
    var rows: [[String: String]] = []
    for line in lines.dropFirst(2) {
      let fields = splitCSV(line)
      #expect(fields.count == header.count, "\(file): \(line)")
      var row: [String: String] = [:]
      for (k, v) in zip(header, fields) {
        row[k] = v
        if textColumns.contains(k) || v.isEmpty { continue }
        #expect(Double(v) != nil && !v.lowercased().contains("e") && !v.contains(","), "\(file): \(k) = '\(v)' is not a plain number")
      }
      rows.append(row)
    }
    #expect(!rows.isEmpty)
    return rows
  }

  func splitCSV(_ line: String) -> [String] {
    var fields: [String] = []
    var current = ""
    var quoted = false
    var chars = Array(line)[...]
    while let c = chars.popFirst() {
      if quoted {
        if c == "\"" { if chars.first == "\"" { current.append("\""); chars.removeFirst() } else { quoted = false } } else { current.append(c) }
      } else if c == "\"" { quoted = true } else if c == "," { fields.append(current); current = "" } else { current.append(c) }
    }
    fields.append(current)
    return fields
  }

  @Test("CSVs are tidy: one provenance comment, one header, plain decimals; compare and attach carry their terms as numbers")
  func tidyCSV() throws {
    let sim = try run(["simulate", Self.abc, "--trials", "500", "--format", "csv"]).stdout
    let simRows = try checkTidy(sim, textColumns: ["quantity"], file: "simulate")
    #expect(simRows.contains { $0["quantity"] == "attachment_point" && $0["mean"] == "370380" })
    #expect(sim.contains("scenario_file=abc-incorporated.yaml; scenario_sha256="))

    let cmp = try run(["compare", Self.abc, "--specific", "25000,50000", "--corridor", "1.25", "--basis", "12/15", "--trials", "500", "--format", "csv"]).stdout
    let cmpRows = try checkTidy(cmp, textColumns: ["option", "terms", "specific_basis", "aggregate_basis"], file: "compare")
    #expect(cmpRows.map { $0["specific_deductible"] } == ["25000", "50000"])
    #expect(cmpRows.allSatisfy { $0["corridor"] == "1.25" && $0["specific_paid_months"] == "15" && $0["specific_incurral_months"] == "12" })
    #expect(cmpRows.allSatisfy { $0["fixed_costs"] == "240222" })
    for r in cmpRows {
      // A corridor attachment point is 1.25 × the mean aggregate claims: positive, numeric.
      #expect((Double(r["attachment_point"] ?? "") ?? 0) > 100_000)
    }

    let att = try run(["attach", Self.abc, "--curve", "--corridors", "1.1,1.25", "--trials", "2000", "--format", "csv"]).stdout
    let attRows = try checkTidy(att, textColumns: ["quantity", "tier"], file: "attach")
    let curve = attRows.filter { $0["quantity"] == "probability_attach" }
    #expect(curve.map { $0["corridor"] } == ["1.1", "1.25"], "the corridor in its own column")
    #expect(attRows.contains { $0["quantity"] == "monthly_factor" && $0["tier"] == "family" })

    let fund = try run(["fund", Self.pool, "--trials", "200", "--years", "3", "--format", "csv"]).stdout
    let fundRows = try checkTidy(fund, textColumns: [], file: "fund")
    #expect(fundRows.count == 3)
    #expect(!fund.contains("e+"), "no exponent notation")
  }

  @Test("Help lists the formats each command writes; fund --trials says paths")
  func helpTexts() throws {
    let sim = try CLI.run(["simulate", "--help"]).stdout
    #expect(sim.contains("table, json, csv or html"))
    for command in ["attach", "settle"] {
      let help = try CLI.run([command, "--help"]).stdout
      #expect(help.contains("html"), "\(command) writes html, and says so")
    }
    let fund = try CLI.run(["fund", "--help"]).stdout.replacingOccurrences(of: "\n", with: " ")
    #expect(fund.contains("paths"))
  }

  @Test("--percentiles 80,97.5,99.9 in the table, JSON and CSV, equal to the standard levels where they overlap")
  func percentiles() throws {
    let j = try json(["simulate", Self.abc, "--trials", "2000", "--percentiles", "80,95,97.5,99.9"])
    let e = try #require((j["metrics"] as? [String: Any])?["employer_cost"] as? [String: Any])
    for key in ["p80", "p95", "p97_5", "p99_9"] { #expect(e[key] is Double, "\(key)") }
    #expect(e["p50"] == nil, "only the levels asked for")
    let standard = try json(["simulate", Self.abc, "--trials", "2000"])
    let s = try #require((standard["metrics"] as? [String: Any])?["employer_cost"] as? [String: Any])
    #expect(e["p95"] as? Double == s["p95"] as? Double, "P95 is P95 either way")
    let p80 = try #require(e["p80"] as? Double), p975 = try #require(e["p97_5"] as? Double)
    #expect((s["p75"] as? Double ?? 0) <= p80 && p80 <= (s["p90"] as? Double ?? 0))
    #expect((s["p95"] as? Double ?? 0) <= p975 && p975 <= (s["p99"] as? Double ?? 0))
    let table = try run(["simulate", Self.abc, "--trials", "2000", "--percentiles", "80,97.5,99.9"]).stdout
    let header = try #require(table.split(separator: "\n").first { $0.hasPrefix("| Quantity") })
    #expect(header.contains("P80") && header.contains("P97.5") && header.contains("P99.9") && !header.contains("P50"), "\(header)")
    let csv = try run(["simulate", Self.abc, "--trials", "500", "--percentiles", "80,97.5", "--format", "csv"]).stdout
    #expect(csv.contains("quantity,mean,std_error,std_dev,p80,p97_5,tvar95,max"))
    for bad in ["0.995", "100", "abc", "80,80"] {
      let r = try CLI.run(["simulate", Self.abc, "--trials", "100", "--percentiles", bad, "--quiet"])
      #expect(r.status != 0 && r.stderr.contains("--percentiles"), "\(bad): \(r.stderr)")
    }
  }

  @Test("--progress writes plain lines to stderr when it is not a terminal")
  func progress() throws {
    let r = try CLI.run(["simulate", Self.abc, "--trials", "2000", "--progress"])
    #expect(r.status == 0)
    let lines = r.stderr.split(separator: "\n").filter { $0.hasPrefix("progress: ") }
    #expect(lines.count >= 2 && lines.last?.contains("2,000 of 2,000 trials (100%)") == true, "\(r.stderr)")
    #expect(!r.stderr.contains("\r"), "no carriage returns")
  }

  @Test("JSON records the scenario file's name and SHA-256 and the settings applied by default")
  func provenance() throws {
    let j = try json(["simulate", Self.abc, "--trials", "200"])
    let file = try #require(j["scenario_file"] as? [String: Any])
    #expect(file["name"] as? String == "abc-incorporated.yaml")
    let hash = try #require(file["sha256"] as? String)
    let sum = try CLI.runProgram("/usr/bin/sha256sum", [Self.abc])
    #expect(sum.stdout.hasPrefix(hash) && hash.count == 64, "sha256sum agrees")
    let applied = try #require(j["applied_settings"] as? [String: Any])
    #expect(applied["trend"] as? Double == 0.08, "the default model's 8% trend")
    #expect((applied["lag_pmf"] as? [Double])?.reduce(0, +) ?? 0 > 0.999)
    #expect(applied["cost_sharing"] is [String: Any])
  }

  @Test("--trials-csv: one row per trial; recounting it gives the report's mean, P(attach) and P(cost above the maximum)")
  func trialsCSV() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("trials.csv").path
    let j = try json(["simulate", Self.abc, "--trials", "1500", "--trials-csv", path])
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let rows = try checkTidy(text, textColumns: [], file: "trials")
    #expect(rows.count == 1500)
    let cost = rows.compactMap { Double($0["employer_cost"] ?? "") }
    let metrics = try #require(j["metrics"] as? [String: Any])
    let mean = try #require((metrics["employer_cost"] as? [String: Any])?["mean"] as? Double)
    #expect(abs(cost.reduce(0, +) / 1500 - mean) < 0.01, "mean of the rows = the report's mean (cents rounding)")
    let above = Double(cost.filter { $0 > 610_602 }.count) / 1500
    #expect(abs(above - (j["probability_above_maximum_under_aggregate"] as? Double ?? -1)) < 1e-12)
    let attached = Double(rows.filter { $0["attached"] == "1" }.count) / 1500
    #expect(abs(attached - (j["probability_attach"] as? Double ?? -1)) < 1e-12)
  }

  @Test("compare --specific-basis / --aggregate-basis vary one cover's window; a longer paid window captures more")
  func oneCoverBasis() throws {
    let csv = try run(["compare", Self.abc, "--specific-basis", "12/12,12/15,12/18", "--trials", "1000", "--format", "csv"]).stdout
    let rows = try checkTidy(csv, textColumns: ["option", "terms", "specific_basis", "aggregate_basis"], file: "compare")
    #expect(rows.map { $0["specific_basis"] } == ["12/12", "12/15", "12/18"])
    #expect(rows.allSatisfy { $0["aggregate_basis"] == "12/12" }, "the aggregate keeps its basis")
    // On the same claims a paid window of 18 months covers every claim a 12-month one does.
    let spec = rows.compactMap { Double($0["specific_reimbursement_mean"] ?? "") }
    #expect(spec.count == 3 && spec[0] <= spec[1] && spec[1] <= spec[2], "\(spec)")
    let agg = try run(["compare", Self.abc, "--aggregate-basis", "12/12,12/15", "--trials", "500", "--format", "csv"]).stdout
    let aggRows = try checkTidy(agg, textColumns: ["option", "terms", "specific_basis", "aggregate_basis"], file: "compare")
    #expect(aggRows.map { $0["aggregate_basis"] } == ["12/12", "12/15"] && aggRows.allSatisfy { $0["specific_basis"] == "12/15" })
    let bad = try CLI.run(["compare", Self.abc, "--aggregate-basis", "9/12", "--quiet"])
    #expect(bad.status == 2 && bad.stderr.contains("--aggregate-basis"))
  }
}
