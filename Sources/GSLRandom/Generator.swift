// Generator.swift: the owner of one GSL random number generator (`gsl_rng`).
// Public so that `uniform()` can inline the C shim's taus2 step into other modules' loops
// (GuideTable draws in the engine); CGSL is still not used in any public signature.
public import CGSL
internal import Foundation

/// The GSL generator algorithms ClaimsRisk offers.
public enum GeneratorKind: String, Sendable, CaseIterable, Codable {
  /// L'Ecuyer's maximally equidistributed combined Tausworthe generator (period 2^88); the
  /// fastest of GSL's good generators, and the default.
  case taus2
  /// The Mersenne Twister (period 2^19937 − 1), as in `../workloads/reference.c`.
  case mt19937
  /// RANLUX at luxury level 2 (double precision); slow, for cross-checks only.
  case ranlxd2
}

/// Owns one `gsl_rng` and frees it in `deinit`. Not thread-safe: each chunk of trials makes
/// its own. All sampling goes through the methods of this type and its extensions.
public final class Generator {
  @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>
  public let kind: GeneratorKind
  /// taus2's state, stepped inline (``word()``); nil for the other kinds, which go through
  /// GSL's function pointer.
  @usableFromInline let taus: UnsafeMutableRawPointer?
  /// True when the generator yields full 32-bit words (taus2, mt19937), as the fast ziggurat
  /// needs (otherwise GSL's own ziggurat is used). This and the ziggurat's and exp's tables
  /// are read once here rather than on every draw.
  let fullWords: Bool
  let zigguratTables = ZigguratTables.shared
  @usableFromInline let expTable = ExpTable.shared

  /// Creates a generator of `kind` seeded with `seed` (GSL seeds are 32-bit for these kinds).
  public init(kind: GeneratorKind = .taus2, seed: UInt32) {
    GSL.initialize()
    let type: UnsafePointer<gsl_rng_type>
    switch kind {
    case .taus2: type = cgsl_rng_type_taus2()
    case .mt19937: type = cgsl_rng_type_mt19937()
    case .ranlxd2: type = cgsl_rng_type_ranlxd2()
    }
    guard let r = gsl_rng_alloc(type) else {
      fatalError("gsl_rng_alloc failed: out of memory")
    }
    gsl_rng_set(r, UInt(seed))
    self.rng = r
    self.kind = kind
    taus = kind == .taus2 ? cgsl_state(r) : nil
    fullWords = r.pointee.type.pointee.min == 0 && r.pointee.type.pointee.max == 0xFFFF_FFFF
  }

  deinit { gsl_rng_free(rng) }

  /// The generator's next 32-bit word (taus2: inlined; otherwise `gsl_rng_get`, whose
  /// words span 0…2³²−1 for mt19937 too).
  @inlinable @inline(__always)
  func word() -> UInt32 {
    if let taus { return cgsl_taus2_next(taus) }
    return UInt32(truncatingIfNeeded: cgsl_get(rng))
  }

  /// A uniform draw on [0, 1): the same value as `gsl_rng_uniform`.
  @inlinable @inline(__always)
  public func uniform() -> Double {
    if let taus { return Double(cgsl_taus2_next(taus)) / 4_294_967_296.0 }
    return cgsl_uniform(rng)
  }

  /// A uniform draw on (0, 1).
  @inline(__always)
  public func uniformPositive() -> Double {
    // gsl_rng_uniform_pos: redraw a zero.
    var x: Double
    repeat { x = uniform() } while x == 0
    return x
  }

  /// A uniform integer on 0 ..< n (n ≥ 1), without modulo bias (GSL's rejection method).
  @inline(__always)
  public func uniformInt(_ n: Int) -> Int { Int(gsl_rng_uniform_int(rng, UInt(n))) }

  /// A standard normal draw by the ziggurat method (Marsaglia–Tsang): ``zigguratNormal(_:)``
  /// over the generator's 32-bit words, or GSL's `gsl_ran_gaussian_ziggurat` for generators
  /// without full words.
  public func gaussian() -> Double {
    fullWords ? zigguratNormal(zigguratTables) : gsl_ran_gaussian_ziggurat(rng, 1.0)
  }

  /// Fills `buffer` with uniform draws on [0, 1).
  public func fillUniform(_ buffer: UnsafeMutableBufferPointer<Double>) {
    if let taus {
      var s = taus.load(as: cgsl_taus_state.self)
      for i in buffer.indices { buffer[i] = Double(cgsl_taus2_next(&s)) / 4_294_967_296.0 }
      taus.storeBytes(of: s, as: cgsl_taus_state.self)
    } else {
      let r = rng
      for i in buffer.indices { buffer[i] = cgsl_uniform(r) }
    }
  }

  /// Fills `buffer` with lognormal draws exp(mu + sigma·Z), Z by the ziggurat method.
  /// This is the same distribution as `gsl_ran_lognormal`, at about a third of its cost.
  /// The normals are drawn first and exponentiated in a second pass (``ExpTable``, within one
  /// ulp of glibc's exp; four at a time with AVX2), so that the generator loop stays tight.
  public func fillLognormal(_ buffer: UnsafeMutableBufferPointer<Double>, mu: Double, sigma: Double) {
    let t = zigguratTables
    if let taus {
      // The state in a local, so that the compiler keeps it in registers across the loop.
      var s = taus.load(as: cgsl_taus_state.self)
      for i in buffer.indices { buffer[i] = zigguratNormal(t, { cgsl_taus2_next(&s) }) }
      taus.storeBytes(of: s, as: cgsl_taus_state.self)
    } else if fullWords {
      for i in buffer.indices { buffer[i] = zigguratNormal(t) }
    } else {
      let r = rng
      for i in buffer.indices { buffer[i] = gsl_ran_gaussian_ziggurat(r, 1.0) }
    }
    // mu + sigma·Z and its exp in one pass over the buffer (vectorised where the CPU can).
    expTable.expAffine(buffer, mu: mu, sigma: sigma, vectorised: ExpTable.avx2)
  }
}
