// SeverityFitTests.swift: the left-truncated maximum-likelihood fits against scipy's answer on
// the same sample (fixture written by Tools/crosscheck), a closed form (Pareto) and coverage.
import ClaimsCalibration
import Foundation
import GSLRandom
import Testing

@Suite struct SeverityFitTests {
  /// The fixture's sample and scipy's stored answers.
  static func fixture() throws -> (data: [SeverityObservation], mu: Double, sigma: Double, naiveMu: Double) {
    let text = try Fixture.text("truncated-lognormal.csv")
    var mu = 0.0, sigma = 0.0, naiveMu = 0.0
    var data: [SeverityObservation] = []
    for line in text.split(separator: "\n") {
      if line.hasPrefix("# scipy truncated MLE:") {
        let f = line.split(separator: " ")
        mu = Double(f[4].dropFirst(3))!
        sigma = Double(f[5].dropFirst(6))!
      } else if line.hasPrefix("# naive MLE") {
        let f = line.split(separator: " ")
        naiveMu = Double(f[5].dropFirst(3))!
      } else if !line.hasPrefix("#") {
        data.append(SeverityObservation(Double(line)!))
      }
    }
    return (data, mu, sigma, naiveMu)
  }

  @Test func truncatedFitMatchesScipyAndNaiveFitIsBiased() throws {
    let f = try Self.fixture()
    let fit = try #require(SeverityFit.fit(.lognormal, data: f.data, threshold: 25_000))
    #expect(abs(fit.parameters[0] - f.mu) < 1e-4)
    #expect(abs(fit.parameters[1] - f.sigma) < 1e-4)
    // The truth (μ = 9, σ = 1.6) lies within 3 reported standard errors of the truncated fit...
    #expect(abs(fit.parameters[0] - 9.0) < 3 * fit.standardErrors[0])
    #expect(abs(fit.parameters[1] - 1.6) < 3 * fit.standardErrors[1])
    // ...and far outside those of the naive fit, which agrees with scipy's naive answer.
    let naive = try #require(SeverityFit.fit(.lognormal, data: f.data, threshold: 25_000, truncated: false))
    #expect(abs(naive.parameters[0] - f.naiveMu) < 1e-4)
    #expect(abs(naive.parameters[0] - 9.0) > 20 * naive.standardErrors[0])
    #expect(fit.goodness!.ks < 0.02)
  }

  /// Pareto above T has the closed-form MLE α = d / Σ ln(x/T) with SE α/√d (censored values
  /// count in the sum but not in d).
  @Test func paretoMatchesClosedFormWithCensoring() {
    let g = Generator(seed: 7)
    var data: [SeverityObservation] = []
    for i in 0..<2_000 {
      let x = 50_000 * Foundation.pow(g.uniformPositive(), -1 / 2.5)
      data.append(i % 10 == 0 ? SeverityObservation(min(x, 150_000), censored: x > 150_000) : SeverityObservation(x))
    }
    let d = Double(data.filter { !$0.censored }.count)
    let s = data.reduce(0) { $0 + Foundation.log($1.value / 50_000) }
    let fit = SeverityFit.fit(.pareto, data: data, threshold: 50_000)!
    #expect(abs(fit.parameters[0] - d / s) < 1e-6 * d / s)
    #expect(abs(fit.standardErrors[0] - (d / s) / d.squareRoot()) < 1e-3 * fit.standardErrors[0])
  }

  /// Over many samples, the reported 95% intervals cover the true parameters about 95% of
  /// the time (gamma, Weibull and GPD, left-truncated).
  @Test func intervalsCover() {
    let g = Generator(seed: 11)
    let t = 20_000.0
    var cover = [SeverityFamily: Int]()
    let replicates = 120
    for _ in 0..<replicates {
      var w: [SeverityObservation] = [], gp: [SeverityObservation] = []
      while w.count < 300 {
        let x = g.weibull(shape: 0.8, scale: 30_000)
        if x > t { w.append(SeverityObservation(x)) }
      }
      for _ in 0..<300 {
        let u = g.uniformPositive()
        gp.append(SeverityObservation(t + 40_000 / 0.3 * (Foundation.pow(u, -0.3) - 1)))
      }
      if let f = SeverityFit.fit(.weibull, data: w, threshold: t),
        abs(f.parameters[0] - 0.8) < 1.96 * f.standardErrors[0] { cover[.weibull, default: 0] += 1 }
      if let f = SeverityFit.fit(.generalizedPareto, data: gp, threshold: t),
        abs(f.parameters[0] - 0.3) < 1.96 * f.standardErrors[0] { cover[.generalizedPareto, default: 0] += 1 }
    }
    for family in [SeverityFamily.weibull, .generalizedPareto] {
      let rate = Double(cover[family, default: 0]) / Double(replicates)
      #expect(rate > 0.87 && rate < 0.995, "\(family): coverage \(rate)")
    }
  }
}
