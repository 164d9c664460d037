// ReferenceClaims.swift: the reference simulator's claims: one record per claim (member,
// incurred month, paid month, amount), drawn straight from the compound model as the product
// documents it (docs/model.md, "Claim models", "Run-in", "Enrolment", "Extension of
// benefits"): per member and plan year N ~ frequency claims, each of size ~ severity,
// incurred in a month drawn from the seasonality weights, paid after a lag drawn from the
// lag pmf, times (1 + trend)^((month − 1)/12) and the trial's group multiplier. Earlier plan
// years are drawn for covers that reach back before the effective date (and for carryover),
// the following year for extension-of-benefits members. Nothing here uses the engine.
import ClaimsModel
import Foundation

/// One claim of one trial.
struct ReferenceClaim {
  /// Index of the member in the census.
  var member: Int
  /// Policy months: 1…12 the plan year, ≤ 0 earlier years, ≥ 13 the following year.
  var incurred: Int
  var paid: Int
  var amount: Double
}

/// One trial's claims, grouped by paid month in the order they were drawn (members in census
/// order): the payment order of the settlement.
struct ReferenceClaimBook {
  let firstPaid: Int
  private(set) var byPaidMonth: [[ReferenceClaim]]

  init(firstPaid: Int, lastPaid: Int) {
    self.firstPaid = firstPaid
    byPaidMonth = Array(repeating: [], count: lastPaid - firstPaid + 1)
  }

  var lastPaid: Int { firstPaid + byPaidMonth.count - 1 }

  mutating func clear() {
    for i in byPaidMonth.indices { byPaidMonth[i].removeAll(keepingCapacity: true) }
  }

  mutating func add(_ c: ReferenceClaim) { byPaidMonth[c.paid - firstPaid].append(c) }

  /// The claims paid in month `paid`.
  func paid(in month: Int) -> [ReferenceClaim] { byPaidMonth[month - firstPaid] }
}

/// The claim model of a scenario, as the reference draws it.
struct ReferenceClaimModel {
  let frequency: Distribution
  let severity: Distribution
  let lag: [Double]
  let lagTotal: Double
  let seasonality: [Double]
  let seasonalityTotal: Double
  let groupCV: Double
  let memberTier: [Int]
  /// Kept share of a claim by tier and calendar month (units_m / units_1), nil when constant.
  let keptShare: [[Double]]?
  /// Earlier plan years drawn, and the members whose following year is drawn.
  let previousYears: Int
  let followingYear: [Bool]
  /// (1 + trend)^((m − 1)/12) for m = firstMonth … 24.
  let trendFactor: [Double]
  let firstMonth: Int

  var maxLag: Int { lag.count - 1 }

  init(_ s: Scenario) throws {
    guard case .perMember(let f, let sev) = s.claims.model else {
      throw ReferenceSamplingError(description: "the reference simulator draws the per_member compound model only")
    }
    try ReferenceSampling.check(f)
    try ReferenceSampling.check(sev)
    frequency = f
    severity = sev
    lag = s.claims.lag
    lagTotal = lag.reduce(0, +)
    seasonality = s.claims.seasonality
    seasonalityTotal = seasonality.reduce(0, +)
    groupCV = s.claims.groupParameterCV
    memberTier = s.census.members.map(\.tier)
    let units = s.enrolment.units
    let varies = units.contains { row in row.contains { $0 != row[0] } }
    keptShare = varies ? units.map { row in row.map { row[0] > 0 ? min(1, $0 / row[0]) : 0 } } : nil

    // How far back a claim can still matter: a cover reaching incurred month 1 − L, a claim
    // incurred there being paid no earlier than its lag allows; carryover's last months.
    let maxLag = s.claims.lag.count - 1
    var lookBack = 0
    var extended = Set<String>()
    for stopLoss in [s.stopLoss] + s.options.map(\.stopLoss) {
      var bases = [stopLoss.aggregate?.basis ?? stopLoss.basis]
      if let sp = stopLoss.specific {
        bases.append(sp.basis)
        lookBack = max(lookBack, sp.carryoverMonths)
        extended.formUnion(sp.extensionMembers)
      }
      for b in bases {
        switch b.kind {
        case .window(let i, _): lookBack = max(lookBack, min(i - 12, maxLag))
        case .paid: lookBack = max(lookBack, maxLag)
        case .incurred: break
        }
      }
    }
    previousYears = (lookBack + 11) / 12
    followingYear = s.census.members.map { extended.contains($0.id) }
    firstMonth = 1 - 12 * previousYears
    let trend = s.claims.trend
    trendFactor = (firstMonth...24).map { Foundation.pow(1 + trend, Double($0 - 1) / 12) }
  }

  /// A book that holds every paid month this model can produce.
  func makeBook() -> ReferenceClaimBook {
    ReferenceClaimBook(firstPaid: firstMonth, lastPaid: 24 + maxLag)
  }

  /// Draws one trial's claims into `book`.
  func trial(_ g: inout ReferenceRandom, into book: inout ReferenceClaimBook) {
    book.clear()
    var multiplier = 1.0
    if groupCV > 0 {
      // G lognormal with mean 1 and CV groupCV.
      let s2 = Foundation.log(1 + groupCV * groupCV)
      multiplier = Foundation.exp(-s2 / 2 + s2.squareRoot() * g.normal())
    }
    for j in memberTier.indices {
      year(member: j, offset: 0, multiplier: multiplier, &g, &book)
      if followingYear[j] { year(member: j, offset: 12, multiplier: multiplier, &g, &book) }
      for y in stride(from: 1, through: previousYears, by: 1) {
        year(member: j, offset: -12 * y, multiplier: multiplier, &g, &book)
      }
    }
  }

  /// One plan year of one member: months 1 + offset … 12 + offset.
  private func year(member j: Int, offset: Int, multiplier: Double, _ g: inout ReferenceRandom, _ book: inout ReferenceClaimBook) {
    let n = Int(ReferenceSampling.draw(frequency, &g))
    for _ in 0..<n {
      let x = ReferenceSampling.draw(severity, &g)
      let calendar = g.index(weights: seasonality, total: seasonalityTotal) + 1
      let k = g.index(weights: lag, total: lagTotal)
      let month = calendar + offset
      // Enrolment: a claim of the plan year or an earlier one is kept with the enrolled share
      // of its tier in that calendar month (the following year is the disabled member's own).
      if let share = keptShare, offset <= 0 {
        let keep = share[memberTier[j]][calendar - 1]
        if keep < 1 && g.uniform() >= keep { continue }
      }
      let amount = x * trendFactor[month - firstMonth] * multiplier
      book.add(ReferenceClaim(member: j, incurred: month, paid: month + k, amount: amount))
    }
  }
}
