// CredibilityBlend.swift: the group's experience PMPM blended with the manual rate, with
// limited-fluctuation and Bühlmann–Straub credibility (ClaimsModel's Credibility formulas).
public import ClaimsModel

/// Which credibility weight the blend uses.
public enum CredibilityMethod: String, Sendable, CaseIterable {
  case buhlmannStraub = "buhlmann-straub"
  case limitedFluctuation = "limited-fluctuation"
}

public struct CredibilityBlend: Sendable {
  public var experiencePMPM: Double
  public var experienceSE: Double
  public var manualPMPM: Double
  /// Limited fluctuation: Z = min(1, √(n / n_F)), n = member-years with claims.
  public var limitedFluctuationZ: Double
  public var fullStandard: Double
  /// Bühlmann–Straub: Z = m / (m + K), m = member-years.
  public var buhlmannZ: Double
  public var k: Double
  public var method: CredibilityMethod
  public var z: Double { method == .buhlmannStraub ? buhlmannZ : limitedFluctuationZ }
  public var blendedPMPM: Double { Credibility.blend(z: z, experience: experiencePMPM, manual: manualPMPM) }

  public init(experiencePMPM: Double, experienceSE: Double, manualPMPM: Double, memberYears: Double,
              claimants: Double, k: Double, method: CredibilityMethod) {
    self.experiencePMPM = experiencePMPM
    self.experienceSE = experienceSE
    self.manualPMPM = manualPMPM
    fullStandard = Credibility.fullCredibilityStandard(probability: 0.9, tolerance: 0.05)
    limitedFluctuationZ = Credibility.limitedFluctuation(claims: claimants, fullStandard: fullStandard)
    buhlmannZ = Credibility.buhlmann(n: memberYears, k: k)
    self.k = k
    self.method = method
  }
}
