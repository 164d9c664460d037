// CommonShock.swift: the claims multiplier shared by every group of the book in a trial
// (medical trend or utilisation above expectation). It is what makes a book's tail heavier
// than that of independent groups. User doc: docs/book.md, "The common shock".
internal import GSLRandom
internal import Foundation

/// A distribution with mean 1 on the trial's claims multiplier.
public struct CommonShock: Sendable, Codable, Equatable {
  public enum Family: String, Sendable, Codable, CaseIterable {
    /// No shock: every trial's multiplier is 1.
    case none
    /// Lognormal with mean 1 and coefficient of variation `cv`.
    case lognormal
    /// Gamma with mean 1 and coefficient of variation `cv` (shape 1/cv², scale cv²).
    case gamma
  }

  public var family: Family
  public var cv: Double

  public init(family: Family, cv: Double) {
    self.family = family
    self.cv = cv
  }

  public static let none = CommonShock(family: .none, cv: 0)

  public var isNone: Bool { family == .none || cv == 0 }

  /// The multiplier of trial `trial` under master seed `seed`: the quantile of the family at
  /// a uniform drawn from (seed, trial) alone, so it is the same in every shard and process.
  public func multiplier(seed: UInt64, trial: Int) -> Double {
    if isNone { return 1 }
    let u = BookSeeds.shockUniform(key: BookSeeds.shockKey(masterSeed: seed), trial: trial)
    switch family {
    case .none: return 1
    case .lognormal:
      let sigma = Foundation.log(1 + cv * cv).squareRoot()
      return Probability.lognormalPinv(u, mu: -sigma * sigma / 2, sigma: sigma)
    case .gamma:
      return Probability.gammaPinv(u, shape: 1 / (cv * cv), scale: cv * cv)
    }
  }

  /// The multipliers of trials 0 ..< trials (nil without a shock).
  public func multipliers(seed: UInt64, trials: Int) -> [Double]? {
    isNone ? nil : (0..<trials).map { multiplier(seed: seed, trial: $0) }
  }

  public var description: String {
    isNone ? "none" : String(format: "%@, mean 1, CV %.1f%%", family.rawValue, cv * 100)
  }
}
