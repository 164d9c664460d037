// ScenarioDecoder+Funding.swift: reading the funding section: level funding and the allocated-balance pool model.
internal import Foundation
internal import Yams

extension ScenarioDecoder {
  func decodeFunding(_ node: Node) -> FundingSpec? {
    guard let m = reader.mapping(node, "funding", allowed: ["level", "allocated_balance"]) else { return nil }
    var spec = FundingSpec()
    if m["level"] != nil && m["allocated_balance"] != nil {
      reader.fail(node, "funding", "give level or allocated_balance, not both")
    }
    if let an = m["allocated_balance"] { spec.allocatedBalance = decodeAllocatedBalance(an) }
    if let ln = m["level"], let lm = reader.mapping(ln, "funding.level", allowed: ["claims_fund_per_unit_month", "monthly_claims_fund", "run_out_months", "runout_months", "surplus_share", "terminal_liability_reserve"]) {
      var rates: TierRates?
      if let r = lm["claims_fund_per_unit_month"] {
        rates = decodeRates(r, "funding.level.claims_fund_per_unit_month", census: census)
      }
      if let r = lm["monthly_claims_fund"] {
        if rates != nil {
          reader.fail(r, "funding.level.monthly_claims_fund", "give claims_fund_per_unit_month or monthly_claims_fund, not both")
        } else if let v = reader.number(r, "funding.level.monthly_claims_fund", minimum: 0, what: "an amount in dollars") {
          rates = .composite(v / Double(max(census?.unitCount ?? 1, 1)))
        }
      }
      guard let rates else {
        if lm["claims_fund_per_unit_month"] == nil && lm["monthly_claims_fund"] == nil {
          reader.fail(ln, "funding.level", "expected claims_fund_per_unit_month or monthly_claims_fund")
        }
        return nil
      }
      var level = LevelFunding(claimsFundPerUnitMonth: rates)
      if let (n, k) = reader.value(lm, "run_out_months", alias: "runout_months", in: "funding.level"),
        let v = reader.integer(n, "funding.level.\(k)", minimum: 0, maximum: 24)
      {
        level.runOutMonths = v
      }
      if let n = lm["surplus_share"], let v = reader.number(n, "funding.level.surplus_share", minimum: 0, maximum: 1, what: "a fraction from 0 to 1") { level.surplusShare = v }
      if let n = lm["terminal_liability_reserve"], let v = reader.number(n, "funding.level.terminal_liability_reserve", minimum: 0, what: "an amount in dollars") { level.terminalLiabilityReserve = v }
      spec.level = level
    }
    return spec
  }

  func decodeAllocatedBalance(_ node: Node) -> AllocatedBalance? {
    let p = "funding.allocated_balance"
    guard let m = reader.mapping(node, p, allowed: [
      "years", "initial_balance", "funding_factors", "margin", "pool_fee_per_unit_month", "interest_rate",
      "reserve", "holiday_threshold", "holiday_months", "repayment_years", "credibility", "pool_experience",
    ]) else { return nil }
    var a = AllocatedBalance()
    var ok = true
    func num(_ key: String, min: Double, max: Double? = nil, exclusive: Bool = false, what: String = "a number") -> Double? {
      guard let n = m[key] else { return nil }
      let v = reader.number(n, "\(p).\(key)", minimum: min, maximum: max, exclusiveMinimum: exclusive, what: what)
      if v == nil { ok = false }
      return v
    }
    func int(_ key: String, min: Int, max: Int) -> Int? {
      guard let n = m[key] else { return nil }
      let v = reader.integer(n, "\(p).\(key)", minimum: min, maximum: max)
      if v == nil { ok = false }
      return v
    }
    if let v = int("years", min: 1, max: 50) { a.years = v }
    if let v = num("initial_balance", min: -1e12, what: "an amount in dollars") { a.initialBalance = v }
    if let n = m["funding_factors"] {
      a.fundingFactors = decodeRates(n, "\(p).funding_factors", census: census)
      if a.fundingFactors == nil { ok = false }
    }
    if let v = num("margin", min: -0.5, max: 1) { a.margin = v }
    if let v = num("pool_fee_per_unit_month", min: 0, what: "an amount in dollars") { a.poolFeePerUnitMonth = v }
    if let v = num("interest_rate", min: -0.05, max: 0.5) { a.interestRate = v }
    if let v = num("holiday_threshold", min: 0, max: 10) { a.holidayThreshold = v }
    if let v = int("holiday_months", min: 0, max: 12) { a.holidayMonths = v }
    if let v = int("repayment_years", min: 1, max: 20) { a.repaymentYears = v }
    if let n = m["reserve"], let r = reader.mapping(n, "\(p).reserve", allowed: ["ibnr", "ibnr_percent", "run_out_months", "runout_months", "catastrophic_months"]) {
      if r["ibnr"] != nil && r["ibnr_percent"] != nil { reader.fail(n, "\(p).reserve", "give ibnr: lag or ibnr_percent, not both"); ok = false }
      if let i = r["ibnr"] {
        if i.string != "lag" { reader.fail(i, "\(p).reserve.ibnr", "expected lag (mean lag × monthly claims) or use ibnr_percent"); ok = false }
      }
      if let i = r["ibnr_percent"] {
        if let v = reader.number(i, "\(p).reserve.ibnr_percent", minimum: 0, maximum: 2) { a.reserve.ibnr = .percent(v) } else { ok = false }
      }
      if let (i, k) = reader.value(r, "run_out_months", alias: "runout_months", in: "\(p).reserve") {
        if let v = reader.number(i, "\(p).reserve.\(k)", minimum: 0, maximum: 24) { a.reserve.runoutMonths = v } else { ok = false }
      }
      if let i = r["catastrophic_months"] {
        if let v = reader.number(i, "\(p).reserve.catastrophic_months", minimum: 0, maximum: 24) { a.reserve.catastrophicMonths = v } else { ok = false }
      }
    }
    if let n = m["credibility"], let c = reader.mapping(n, "\(p).credibility", allowed: ["method", "k", "full_claims"]) {
      let method = c["method"].flatMap { reader.string($0, "\(p).credibility.method") } ?? "buhlmann_straub"
      switch method {
      case "buhlmann_straub":
        let k = c["k"].flatMap { reader.number($0, "\(p).credibility.k", minimum: 0, exclusiveMinimum: true, what: "member-years (K > 0)") } ?? (c["k"] == nil ? 3_000 : nil)
        if let k { a.credibility = .buhlmannStraub(k: k) } else { ok = false }
      case "limited_fluctuation":
        let f = c["full_claims"].flatMap { reader.number($0, "\(p).credibility.full_claims", minimum: 0, exclusiveMinimum: true, what: "a claim count (> 0)") } ?? (c["full_claims"] == nil ? 1_082 : nil)
        if let f { a.credibility = .limitedFluctuation(fullClaims: f) } else { ok = false }
      default:
        reader.fail(c["method"], "\(p).credibility.method", "expected buhlmann_straub or limited_fluctuation, found '\(method)'")
        ok = false
      }
    }
    if let n = m["pool_experience"], let e = reader.mapping(n, "\(p).pool_experience", allowed: ["rate", "cv"]) {
      if let r = e["rate"] {
        if let v = reader.number(r, "\(p).pool_experience.rate", minimum: 0, exclusiveMinimum: true) { a.poolRate = v } else { ok = false }
      }
      if let r = e["cv"] {
        if let v = reader.number(r, "\(p).pool_experience.cv", minimum: 0, maximum: 2) { a.poolCV = v } else { ok = false }
      }
    }
    return ok ? a : nil
  }
}
