// WorkflowTests.swift: compare, attach and settle end to end through the built binary, on
// the bundled scenarios: the seed figures to the cent, common random numbers, the solved
// attachment point reproducing its probability.
import Foundation
import Testing

@Suite("Workflows: compare, attach, settle")
struct WorkflowTests {
  static let abc = CLI.root.appendingPathComponent("Scenarios/abc-incorporated.yaml").path
  static let level = CLI.root.appendingPathComponent("Scenarios/level-funded-12-18.yaml").path
  static let levelClaims = CLI.root.appendingPathComponent("Scenarios/level-funded-12-18-paid.csv").path

  func json(_ args: [String]) throws -> [String: Any] {
    let r = try CLI.run(args + ["--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
  }

  @Test("settle: the BPS 12/18 level-funding table to the cent (E2)")
  func settleLevelFunding() throws {
    let j = try json(["settle", Self.level, "--claims", Self.levelClaims])
    #expect(j["total_paid"] as? Double == 141_332)
    #expect(j["funded"] as? Double == 180_000)
    #expect(j["remaining_balance"] as? Double == 38_668)
    #expect(j["refund"] as? Double == 38_668)
    #expect(j["negative_months"] as? [Int] == [3, 4, 5])
    let months = try #require(j["months"] as? [[String: Any]])
    #expect(months.count == 18)
    #expect(months[2]["fund_balance"] as? Double == -23_900)
    #expect(months[11]["fund_balance"] as? Double == 53_143)
    let table = try CLI.run(["settle", Self.level, "--claims", Self.levelClaims])
    #expect(table.stdout.contains("$141,332.00") && table.stdout.contains("$38,668.00") && table.stdout.contains("months 3, 4, 5"))
  }

  @Test(
    "settle rejects a bad claims file, naming the line; nothing written",
    arguments: [
      ("month,paid\n1,100\n3,200\n", "line 3: month 3 out of sequence; expected month 2"),
      ("month,paid\n1,100\n2,-5\n", "line 3: paid: negative amount"),
      ("month,paid\n1,abc\n", "line 2: expected month,paid"),
      ("when,amount\n1,2\n", "unknown header"),
      ("member_id,incurred_month,paid_month,amount\n1,5,3,100\n", "paid_month 3 is before incurred_month 5"),
    ])
  func settleBadClaims(_ csv: String, _ message: String) throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("paid.csv")
    try csv.write(to: file, atomically: true, encoding: .utf8)
    let out = dir.appendingPathComponent("out.json")
    let r = try CLI.run(["settle", Self.level, "--claims", file.path, "--output", out.path])
    #expect(r.status == 1)
    #expect(r.stderr.contains(file.path) && r.stderr.contains(message), "\(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }

  @Test("compare: one pass, common random numbers, differences far more precise than independent runs")
  func compare() throws {
    let j = try json(["compare", Self.abc, "--specific", "25000,50000,100000", "--trials", "4000", "--quiet"])
    let contracts = try #require(j["contracts"] as? [[String: Any]])
    #expect(contracts.count == 3)
    #expect(contracts.map { $0["specific_deductible"] as? Double } == [25_000, 50_000, 100_000])
    for c in contracts.dropFirst() {
      let diff = try #require((c["difference_from_first"] as? [String: Any])?["employer_cost"] as? [String: Any])
      let se = try #require(diff["std_error"] as? Double)
      let independent = try #require(diff["independent_runs_std_error"] as? Double)
      #expect(se < 0.6 * independent, "CRN \(se) vs independent \(independent)")
    }
    let csv = try CLI.run(["compare", Self.abc, "--specific", "25000,50000", "--corridor", "1.2,1.3", "--trials", "500", "--format", "csv", "--quiet"])
    #expect(csv.status == 0)
    #expect(csv.stdout.split(separator: "\n").count == 6, "comment + header + 4 combinations")
    let table = try CLI.run(["compare", Self.abc, "--basis", "12/12,12/15,12/18", "--trials", "500", "--quiet"])
    #expect(table.status == 0 && table.stdout.contains("Common random numbers"))
  }

  @Test("compare rejects unparseable option lists with exit 2 naming the flag", arguments: [
    (["--specific", "25000,abc"], "'--specific': 'abc' is not a number"),
    (["--corridor", "0"], "'--corridor': 0 must be > 0"),
    (["--basis", "12/12,9/12"], "'--basis': '9/12' is not a contract basis"),
  ])
  func compareBadFlags(_ flags: [String], _ message: String) throws {
    let r = try CLI.run(["compare", Self.abc, "--quiet"] + flags)
    #expect(r.status == 2)
    #expect(r.stderr.contains(message), "\(r.stderr)")
  }

  @Test("attach: the solved attachment point is exceeded with the asked probability on fresh trials")
  func attachRecoversProbability() throws {
    let j = try json(["attach", Self.abc, "--probability", "0.05", "--trials", "20000", "--seed", "1", "--curve", "--quiet"])
    let a = try #require(j["attachment_point"] as? Double)
    let ci = try #require(j["attachment_point_ci95"] as? [Double])
    #expect(ci[0] < a && a < ci[1])
    let factors = try #require(j["monthly_factors"] as? [String: Double])
    let units = ["employee_only": 96.0, "family": 43.0]
    let annual = factors.reduce(0) { $0 + $1.value * units[$1.key]! * 12 }
    #expect(abs(annual - a) < 0.01, "factors reproduce A")
    #expect((j["curve"] as? [Any])?.count == 11)
    // Fresh trials with A as the attachment: P(attach) ≈ 5% within the interval's reach.
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let text = try String(contentsOfFile: Self.abc, encoding: .utf8)
      .replacingOccurrences(of: "factors: { employee_only: 141.00, family: 403.00 }", with: "attachment: \(a)")
    let file = dir.appendingPathComponent("abc-a.yaml")
    try text.write(to: file, atomically: true, encoding: .utf8)
    let check = try json(["simulate", file.path, "--trials", "20000", "--seed", "2", "--quiet"])
    let p = try #require(check["probability_attach"] as? Double)
    let se = try #require(check["probability_attach_std_error"] as? Double)
    // The solved A carries its own sampling error (the CI): allow both.
    let slope = 0.05 / max(ci[1] - ci[0], 1) * 2 * 1.96  // ≈ density × (half-width) scale
    #expect(abs(p - 0.05) <= 4 * se + slope * (ci[1] - ci[0]) / 2, "P(attach) at the solved A = \(p) ± \(se)")
  }

  @Test("attach rejects a probability outside (0, 1)", arguments: ["0", "1", "1.5", "-0.1"])
  func attachBadProbability(_ p: String) throws {
    let r = try CLI.run(["attach", Self.abc, "--probability=\(p)", "--quiet"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("'--probability' must lie strictly between 0 and 1"))
  }

  @Test("simulate: fully insured comparison and level funding appear in JSON")
  func fullyInsuredAndFunding() throws {
    let j = try json(["simulate", Self.abc, "--trials", "2000", "--quiet"])
    let sf = try #require(j["self_funding"] as? [String: Any])
    #expect(sf["worst_case"] as? Double == 610_602)
    #expect(abs((sf["worst_case_minus_premium"] as? Double ?? 0) - 40_602) < 1e-6)
    let p = try #require(sf["probability_cheaper_than_fully_insured"] as? Double)
    #expect(p > 0 && p <= 1)
    let lf = try json(["simulate", Self.level, "--trials", "1000", "--quiet"])
    let level = try #require(lf["level_funding"] as? [String: Any])
    #expect(level["funded"] as? Double == 180_000)
    #expect((level["lowest_balance_month_distribution"] as? [Double])?.count == 18)
  }

  static let pool = CLI.root.appendingPathComponent("Scenarios/pool-allocated-balance.yaml").path

  @Test("fund: the bundled pool and level-funding scenarios, per-year figures and reserve guidance")
  func fund() throws {
    let j = try json(["fund", Self.pool, "--years", "4", "--trials", "300", "--quiet"])
    let years = try #require(j["years"] as? [[String: Any]])
    #expect(years.count == 4)
    for y in years {
      for key in ["balance_p5", "balance_p50", "balance_p95", "probability_negative", "probability_holiday_next_year", "factor_mean", "expected_supplemental"] {
        #expect(y[key] is Double, "\(key)")
      }
    }
    let reserve = try #require(j["reserve_guidance"] as? [String: Any])
    let share = try #require(reserve["ibnr_share_of_annual_claims"] as? Double)
    #expect(share > 0.05 && share < 0.2, "IBNR share \(share) near the default lag's 10.9%")
    let html = try CLI.run(["fund", Self.pool, "--years", "3", "--trials", "200", "--format", "html", "--quiet"])
    #expect(html.status == 0 && html.stdout.contains("<svg") && html.stdout.hasSuffix("</html>\n"))
    let level = try CLI.run(["fund", Self.level, "--trials", "500", "--quiet"])
    #expect(level.status == 0 && level.stdout.contains("Level funding") && level.stdout.contains("Reserve guidance"))
  }

  @Test("fund rejects bad funding inputs naming the key", arguments: [
    ("surplus_share: 1.0", "surplus_share: 1.5", "funding.level.surplus_share: must be <= 1"),
    ("run_out_months: 6", "run_out_months: -1", "funding.level.run_out_months: must be >= 0"),
  ])
  func fundBadLevel(_ old: String, _ new: String, _ message: String) throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let text = try String(contentsOfFile: Self.level, encoding: .utf8).replacingOccurrences(of: old, with: new)
    let file = dir.appendingPathComponent("s.yaml")
    try text.write(to: file, atomically: true, encoding: .utf8)
    let r = try CLI.run(["fund", file.path, "--quiet"])
    #expect(r.status == 1)
    #expect(r.stderr.contains(message), "\(r.stderr)")
  }

  @Test("fund rejects bad pool inputs naming the key", arguments: [
    ("repayment_years: 3", "repayment_years: 0", "funding.allocated_balance.repayment_years: must be >= 1"),
    ("k: 3000", "k: -5", "funding.allocated_balance.credibility.k: must be > 0"),
    ("years: 5", "years: -2", "funding.allocated_balance.years: must be >= 1"),
    ("method: buhlmann_straub", "method: bayes", "expected buhlmann_straub or limited_fluctuation"),
  ])
  func fundBadPool(_ old: String, _ new: String, _ message: String) throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let text = try String(contentsOfFile: Self.pool, encoding: .utf8).replacingOccurrences(of: old, with: new)
    let file = dir.appendingPathComponent("s.yaml")
    try text.write(to: file, atomically: true, encoding: .utf8)
    let out = dir.appendingPathComponent("o.json").path
    let r = try CLI.run(["fund", file.path, "--quiet", "--output", out])
    #expect(r.status == 1)
    #expect(r.stderr.contains(message), "\(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out))
    let flag = try CLI.run(["fund", Self.pool, "--years=-1", "--quiet"])
    #expect(flag.status == 2 && flag.stderr.contains("'--years' must be from 1 to 50"))
  }

  @Test("settle credits specific reimbursements to the claims fund, as simulate does")
  func settleCreditsSpecific() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("paid.csv")
    try "member_id,incurred_month,paid_month,amount\nemployee-1-1,2,3,50000\n".write(to: file, atomically: true, encoding: .utf8)
    let j = try json(["settle", Self.level, "--claims", file.path])
    // $180,000 funded − $50,000 paid + $20,000 over the $30,000 deductible reimbursed.
    #expect(j["remaining_balance"] as? Double == 150_000)
    #expect(j["specific_reimbursement"] as? Double == 20_000)
  }
}
