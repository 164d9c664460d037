// CalibrateCommandTests.swift: `claimsrisk calibrate` end to end: the bundled example writes a
// scenario that simulate runs; bad files and slips get clear errors and write nothing.
import Foundation
import Testing

@Suite struct CalibrateCommandTests {
  let claims = CLI.root.appendingPathComponent("Scenarios/calibration-example-claims.csv").path

  @Test func bundledExampleWritesARunnableScenario() throws {
    let dir = try temporaryDirectory()
    let out = dir.appendingPathComponent("calibrated.yaml").path
    let r = try CLI.run(["calibrate", claims, "--members", "600", "--scenario-out", out, "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    #expect(json["valuation_month"] as? String == "2027-12")
    #expect((json["lag_pmf"] as! [Double]).reduce(0, +) > 0.999)
    let sim = try CLI.run(["simulate", out, "--trials", "300", "--quiet", "--format", "json"])
    #expect(sim.status == 0, "\(sim.stderr)")
    let contract = try CLI.run(["calibrate", claims, "--members", "600", "--scenario-out", out,
                                "--contract", CLI.root.appendingPathComponent("Scenarios/calibration-example.yaml").path,
                                "--parameter-risk", "--parameter-sets", "40", "--parameter-risk-trials", "500"])
    #expect(contract.status == 0, "\(contract.stderr)")
    let written = try String(contentsOfFile: out, encoding: .utf8)
    #expect(written.contains("name: \"Calibration example (calibrated)\""))
    #expect(written.contains("  parameter_sets:   # parameter risk: 40 draws"))
    #expect(!written.contains("group_parameter_cv"))
    #expect(written.contains("corridor: 1.25"))  // the contract's terms are kept
    // The report shows P(attach) and the tail with and without parameter risk.
    #expect(contract.stdout.contains("Parameter risk: 40 parameter sets written as claims.parameter_sets"), "\(contract.stdout)")
    #expect(contract.stdout.contains("The written scenario, 500 trials each, same seeds:"))
    #expect(contract.stdout.contains("P(attach)"))
    // A fit without standard errors (a flat likelihood) shows "—", never "nan".
    #expect(!contract.stdout.contains("nan"), "\(contract.stdout)")
    #expect(try CLI.run(["attach", out, "--trials", "300", "--quiet"]).status == 0)
    // simulate reports both, and refuses the fast and exact methods with the reason.
    let withSets = try CLI.run(["simulate", out, "--trials", "500", "--quiet", "--format", "json"])
    #expect(withSets.status == 0, "\(withSets.stderr)")
    let result = try JSONSerialization.jsonObject(with: Data(withSets.stdout.utf8)) as! [String: Any]
    #expect(result["parameter_sets"] as? Int == 40)
    let without = try #require(result["without_parameter_risk"] as? [String: Any])
    #expect(without["probability_attach"] is Double)
    #expect((without["metrics"] as? [String: Any])?["employer_cost"] != nil)
    let table = try CLI.run(["simulate", out, "--trials", "500", "--quiet"])
    #expect(table.stdout.contains("Parameter risk: each trial drew one of the 40 parameter sets"), "\(table.stdout)")
    let fast = try CLI.run(["simulate", out, "--trials", "500", "--quiet", "--method", "exact"])
    #expect(fast.status != 0)
    #expect(fast.stderr.contains("parameter sets (claims.parameter_sets)"), "\(fast.stderr)")
  }

  @Test func largeClaimantReportIsRead() throws {
    let report = CLI.root.appendingPathComponent("Scenarios/calibration-example-large-claimants.csv").path
    let r = try CLI.run(["calibrate", claims, "--members", "600", "--trend", "0", "--large-claimants", report, "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    let large = json["large_claimants"] as! [String: Any]
    let lines = try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n").count - 1
    #expect(large["count"] as? Int == lines)  // every listed member-year is above $25,000 untrended
    let dir = try temporaryDirectory()
    let bad = dir.appendingPathComponent("lc.csv")
    try "member_id,plan_year_start,total\nA,2025,30000\n".write(to: bad, atomically: true, encoding: .utf8)
    let b = try CLI.run(["calibrate", claims, "--members", "600", "--large-claimants", bad.path])
    #expect(b.status == 1)
    #expect(b.stderr.contains("lc.csv:2:3: plan_year_start: '2025' is not a month"), "\(b.stderr)")
  }

  @Test func triangleModeReproducesMack() throws {
    let raa = CLI.root.appendingPathComponent("Tests/ClaimsCalibrationTests/Fixtures/raa.csv").path
    let r = try CLI.run(["calibrate", "--triangle", raa])
    #expect(r.stdout.contains("Total IBNR 52,135, Mack SE 26,909"))
    let l = try CLI.run(["calibrate", "--triangle", raa, "--sigma", "log-linear"])
    #expect(l.stdout.contains("Mack SE 26,881"))
  }

  @Test func badFilesFailWithLineAndColumnAndWriteNothing() throws {
    let dir = try temporaryDirectory()
    let out = dir.appendingPathComponent("never.yaml").path
    let cases: [(String, String)] = [
      ("", "the claims file is empty"),
      ("member,incurred,paid\nA,2025-01,2025-01\n", "missing column 'amount'"),
      ("member_id,incurred,paid,amount\nA,Jan 2025,2025-01,5\n", ":2:3: incurred: 'Jan 2025' is not a month"),
      ("member_id,incurred,paid,amount\nA,2025-03,2025-01,5\n", "is before the incurred month"),
      ("member_id,incurred,paid,amount\nA,2025-01,2025-01,five\n", ":2:19: amount: 'five' is not a number"),
    ]
    for (text, message) in cases {
      let file = dir.appendingPathComponent("bad.csv")
      try text.write(to: file, atomically: true, encoding: .utf8)
      let r = try CLI.run(["calibrate", file.path, "--members", "100", "--scenario-out", out])
      #expect(r.status == 1, "\(message)")
      #expect(r.stderr.contains(message), "\(r.stderr)")
      #expect(!FileManager.default.fileExists(atPath: out))
    }
  }

  @Test func slipsAreRefused() throws {
    for args in [["--trend", "8"], ["--completion-threshold", "75"], ["--corridor", "125"], ["--valuation", "12/2027"]] {
      let r = try CLI.run(["calibrate", claims, "--members", "600"] + args)
      #expect(r.status == 2, "\(args)")
    }
    #expect(try CLI.run(["calibrate", claims]).status == 2)
  }

  @Test func exportClaimsRoundTripsThroughTheCLI() throws {
    let dir = try temporaryDirectory()
    let csv = dir.appendingPathComponent("claims.csv").path
    let scenario = CLI.root.appendingPathComponent("Scenarios/calibration-example.yaml").path
    let r = try CLI.run(["simulate", scenario, "--trials", "100", "--quiet", "--export-claims", csv, "--export-years", "2"])
    #expect(r.status == 0, "\(r.stderr)")
    let text = try String(contentsOfFile: csv, encoding: .utf8)
    #expect(text.hasPrefix("member_id,incurred,paid,amount,type,claim_id\n"))
    let c = try CLI.run(["calibrate", csv, "--members", "600", "--format", "csv"])
    #expect(c.status == 0, "\(c.stderr)")
    #expect(c.stdout.hasPrefix("table,row,column,value\n"))
    let page = dir.appendingPathComponent("calibration.html").path
    let h = try CLI.run(["calibrate", csv, "--members", "600", "--format", "html", "--output", page])
    #expect(h.status == 0, "\(h.stderr)")
    let html = try String(contentsOfFile: page, encoding: .utf8)
    #expect(html.contains("<table class=\"tri\">") && html.contains("<polyline") && html.contains("Q–Q plot"))
    #expect(html.contains("Fitted density over the histogram") && html.contains("large claimants, line: fitted density"))
    #expect(!html.contains("nan"))
  }
}
