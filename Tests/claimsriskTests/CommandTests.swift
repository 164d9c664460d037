// CommandTests.swift: the commands end to end through the built binary: JSON result keys,
// the ABC quote's deterministic figures to the cent, CSV and table output, reproducibility
// across thread counts, the template.
import Foundation
import Testing

@Suite("claimsrisk commands")
struct CommandTests {
  static let abc = CLI.root.appendingPathComponent("Scenarios/abc-incorporated.yaml").path

  func json(_ arguments: [String]) throws -> [String: Any] {
    let r = try CLI.run(arguments + ["--format", "json", "--quiet"])
    #expect(r.status == 0, "\(r.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8))
    return try #require(object as? [String: Any])
  }

  @Test("ABC quote: deterministic figures to the cent")
  func abcFigures() throws {
    let j = try json(["simulate", Self.abc, "--trials", "500"])
    #expect(j["monthly_fixed_costs"] as? Double == 20_018.50)
    #expect(j["annual_fixed_costs"] as? Double == 240_222.00)
    #expect(j["monthly_attachment_point"] as? Double == 30_865.00)
    #expect(j["attachment_point"] as? Double == 370_380.00)
    #expect(j["worst_case"] as? Double == 610_602.00)
    #expect(j["fully_insured_annual_premium"] as? Double == 570_000)
    let table = try CLI.run(["simulate", Self.abc, "--trials", "500", "--quiet"])
    #expect(table.status == 0)
    for text in ["$370,380.00", "$30,865.00 a month", "$20,018.50 a month", "$610,602.00", "P(attach)", "Employer cost"] {
      #expect(table.stdout.contains(text), "table shows \(text)")
    }
  }

  @Test("JSON result has the format's keys for every quantity")
  func resultKeys() throws {
    let j = try json(["simulate", sharedWorkloads.appendingPathComponent("w2-12-15.yaml").path, "--trials", "300"])
    for key in ["format", "scenario", "trials", "seed", "attachment_point", "probability_attach", "probability_attach_std_error", "metrics"] {
      #expect(j[key] != nil, "key \(key)")
    }
    #expect(j["trials"] as? Int == 300)
    let metrics = try #require(j["metrics"] as? [String: Any])
    for q in ["claims_incurred", "specific_reimbursement", "aggregate_claims", "aggregate_reimbursement",
              "runout_unprotected", "retained_claims", "fixed_costs", "employer_cost"] {
      let m = try #require(metrics[q] as? [String: Any], "metric \(q)")
      for k in ["mean", "std_error", "std_dev", "p50", "p75", "p90", "p95", "p99", "p99_5", "tvar95", "max"] {
        #expect(m[k] is Double, "\(q).\(k)")
      }
    }
  }

  @Test("Identical JSON with 1 and 2 threads, and on a repeated run")
  func reproducible() throws {
    let w2 = sharedWorkloads.appendingPathComponent("w2-12-12.yaml").path
    let one = try CLI.run(["simulate", w2, "--trials", "1200", "--threads", "1", "--format", "json", "--quiet"])
    let two = try CLI.run(["simulate", w2, "--trials", "1200", "--threads", "2", "--format", "json", "--quiet"])
    let again = try CLI.run(["simulate", w2, "--trials", "1200", "--threads", "2", "--format", "json", "--quiet"])
    #expect(one.status == 0 && two.status == 0)
    #expect(one.stdout == two.stdout)
    #expect(two.stdout == again.stdout)
  }

  @Test("CSV: one row per quantity, parseable numbers")
  func csv() throws {
    let r = try CLI.run(["simulate", Self.abc, "--trials", "300", "--format", "csv", "--quiet"])
    #expect(r.status == 0)
    let lines = r.stdout.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
    #expect(lines.first == "quantity,mean,std_error,std_dev,p50,p75,p90,p95,p99,p99_5,tvar95,max")
    let employer = try #require(lines.first { $0.hasPrefix("employer_cost,") })
    let fields = employer.split(separator: ",", omittingEmptySubsequences: false)
    #expect(fields.count == 12)
    #expect(fields.dropFirst().allSatisfy { Double($0) != nil })
  }

  @Test("--output writes the whole report atomically")
  func outputFile() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("r.json").path
    let r = try CLI.run(["simulate", Self.abc, "--trials", "200", "--format", "json", "--output", path, "--quiet"])
    #expect(r.status == 0)
    #expect(r.stdout.isEmpty)
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect((try? JSONSerialization.jsonObject(with: data)) != nil)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["r.json"])
  }

  @Test("template prints a scenario that validates and runs")
  func template() throws {
    let t = try CLI.run(["template"])
    #expect(t.status == 0)
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("t.yaml")
    try t.stdout.write(to: file, atomically: true, encoding: .utf8)
    let v = try CLI.run(["validate", file.path])
    #expect(v.status == 0, "\(v.stderr)")
    #expect(v.stdout.contains("valid"))
    let s = try CLI.run(["simulate", file.path, "--trials", "100", "--quiet"])
    #expect(s.status == 0)
  }

  @Test("A JSON scenario is read like YAML")
  func jsonScenario() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("s.json")
    try """
      {"format": 1, "name": "json", "census": {"members": 20},
       "claims": {"per_member": {"frequency": {"poisson": {"mean": 2}}, "severity": {"exponential": {"mean": 1000}}}},
       "stop_loss": {"basis": "12/12", "specific": {"deductible": 5000}, "aggregate": {"attachment": 50000}},
       "simulation": {"trials": 100, "seed": 3}}
      """.write(to: file, atomically: true, encoding: .utf8)
    let j = try json(["simulate", file.path])
    #expect(j["scenario"] as? String == "json")
    #expect(j["attachment_point"] as? Double == 50_000)
  }
}
