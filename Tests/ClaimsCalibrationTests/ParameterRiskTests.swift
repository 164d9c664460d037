// ParameterRiskTests.swift: `calibrate --parameter-risk` on the bundled example: the written
// parameter sets parse as the scenario's claims.parameter_sets, and their draws' covariance is
// the fit's (sample covariance within its sampling error), for the tail parameters, the PMPM
// level and the tail weight.
import ClaimsCalibration
import ClaimsModel
import Foundation
import Testing

@Suite struct ParameterRiskTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static func calibrate(sets: Int, method: ParameterDrawMethod) throws -> Calibration {
    let file = try ClaimsFile.load(path: root.appendingPathComponent("Scenarios/calibration-example-claims.csv").path)
    var options = CalibrationOptions()
    options.members = 600
    options.parameterRisk = true
    options.parameterSets = sets
    options.parameterDraws = method
    return try Calibration(file, options: options)
  }

  /// |s − σ| within 4 of the sample covariance's standard error, √((σ_ii σ_jj + σ_ij²)/(K − 1)).
  func expectCovariance(_ sample: [[Double]], _ fit: [[Double]], count k: Int, _ what: String) {
    for i in fit.indices {
      for j in fit.indices {
        let se = ((fit[i][i] * fit[j][j] + fit[i][j] * fit[i][j]) / Double(k - 1)).squareRoot()
        #expect(abs(sample[i][j] - fit[i][j]) < 4 * se, "\(what) [\(i)][\(j)]: drawn \(sample[i][j]), fit \(fit[i][j]) ± \(se)")
      }
    }
  }

  @Test("normal draws: the sets' covariance is the fit's, and the written scenario carries them")
  func normalDrawsMatchTheFit() throws {
    let k = 4_000
    let c = try Self.calibrate(sets: k, method: .normal)
    let d = try #require(c.parameterDraws)
    #expect(d.sets.count == k)
    let fit = try #require(c.selectedFit)
    #expect(d.family == fit.family)
    // The fit's covariance on the drawing scale is the delta method's: Σ_ij / (θ_i θ_j) for
    // the parameters drawn on the log scale.
    for i in fit.parameters.indices {
      for j in fit.parameters.indices {
        let scale = (d.scaleNames[i].hasPrefix("log ") ? fit.parameters[i] : 1) * (d.scaleNames[j].hasPrefix("log ") ? fit.parameters[j] : 1)
        #expect(abs(d.scaleCovariance[i][j] * scale - fit.covariance[i][j]) <= 1e-9 * abs(fit.covariance[i][j]) + 1e-300)
      }
    }
    expectCovariance(d.sampleCovariance, d.scaleCovariance, count: k, "tail parameters")
    // The PMPM level: mean the blended PMPM, CV the estimate's.
    let pmpm = d.sets.map(\.pmpm)
    let mean = pmpm.reduce(0, +) / Double(k)
    let sd = (pmpm.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(k - 1)).squareRoot()
    let target = c.credibility.blendedPMPM * c.levelCV
    #expect(abs(mean - c.credibility.blendedPMPM) < 4 * target / Double(k).squareRoot())
    #expect(abs(sd - target) < 4 * target / Double(2 * (k - 1)).squareRoot())
    // The tail weight: centred on the estimate (a lognormal of mean 1 on the rate).
    let tail = d.sets.map(\.tailProbability)
    let tailMean = tail.reduce(0, +) / Double(k)
    let tailSD = (tail.reduce(0) { $0 + ($1 - tailMean) * ($1 - tailMean) } / Double(k - 1)).squareRoot()
    #expect(abs(tailMean - c.tailProbability.value) < 4 * tailSD / Double(k).squareRoot())
  }

  @Test("the written scenario parses with the sets; each set's mean is 12 × its PMPM")
  func writtenScenarioParses() throws {
    let c = try Self.calibrate(sets: 50, method: .normal)
    let text = ScenarioWriter.scenario(c, base: nil, contract: .init(), trials: 1_000, seed: 1)
    let s = try Scenario.parse(text: text, file: "calibrated.yaml")
    let sets = try #require(s.claims.parameterSets)
    #expect(sets.count == 50)
    for (set, drawn) in zip(sets, c.parameterDraws!.sets) {
      guard case .annual(let d) = set else { Issue.record("not an annual set"); continue }
      #expect(abs(d.mean / (12 * drawn.pmpm) - 1) < 1e-3, "set mean \(d.mean) vs 12 × \(drawn.pmpm)")
    }
    #expect(s.claims.groupParameterCV == 0)  // the level is drawn in the sets, not twice
  }

  @Test("bootstrap draws: refits on resampled large claimants, centred near the fit")
  func bootstrapDraws() throws {
    let c = try Self.calibrate(sets: 200, method: .bootstrap)
    let d = try #require(c.parameterDraws)
    #expect(d.sets.count == 200)
    #expect(d.sets.allSatisfy { $0.tail?.count == c.selectedFit?.parameters.count })
    // The resampled refits differ from one another (not the point estimate 200 times).
    #expect(Set(d.sets.compactMap { $0.tail?.first }).count > 150)
  }
}
