// Ziggurat.swift: standard normal draws by the ziggurat method of Marsaglia & Tsang (2000),
// 128 layers, over the raw 32-bit output of a GSL generator: one generator call and one table
// comparison for about 98.8% of the draws. It draws the same variates as
// `gsl_ran_gaussian_ziggurat` at about half its cost (one inlined generator call instead of a
// library call that makes several). The layer comes from the top 7 bits and the signed
// magnitude from the other 25, so the two are independent.
internal import CGSL
internal import Foundation

/// The ziggurat's tables (computed once from the construction in Marsaglia & Tsang 2000).
/// They live in memory that is never freed, so this handle is trivially copyable: a copy costs
/// no reference counting. (With arrays, every draw on every thread retained and released the
/// same three buffers, and the cache line of their counts bounced between cores: the default
/// claim model got no second core.)
struct ZigguratTables: @unchecked Sendable {
  /// Accept |h| < k[i] at once (h: the 32-bit signed magnitude).
  let k: UnsafePointer<UInt32>
  /// x = h · w[i].
  let w: UnsafePointer<Double>
  /// f(x) = exp(−x²/2) at the layer edges.
  let f: UnsafePointer<Double>
  static let r = 3.442619855899

  static let shared = ZigguratTables()

  private static func immortal<T>(_ values: [T]) -> UnsafePointer<T> {
    let p = UnsafeMutablePointer<T>.allocate(capacity: values.count)
    p.initialize(from: values, count: values.count)
    return UnsafePointer(p)
  }

  private init() {
    let m1 = 2_147_483_648.0
    var dn = ZigguratTables.r
    var tn = dn
    let vn = 9.91256303526217e-3
    var k = [UInt32](repeating: 0, count: 128)
    var w = [Double](repeating: 0, count: 128)
    var f = [Double](repeating: 0, count: 128)
    let q = vn / Foundation.exp(-0.5 * dn * dn)
    k[0] = UInt32((dn / q) * m1)
    k[1] = 0
    w[0] = q / m1
    w[127] = dn / m1
    f[0] = 1
    f[127] = Foundation.exp(-0.5 * dn * dn)
    for i in stride(from: 126, through: 1, by: -1) {
      dn = (-2 * Foundation.log(vn / dn + Foundation.exp(-0.5 * dn * dn))).squareRoot()
      k[i + 1] = UInt32((dn / tn) * m1)
      tn = dn
      f[i] = Foundation.exp(-0.5 * dn * dn)
      w[i] = dn / m1
    }
    self.k = Self.immortal(k)
    self.w = Self.immortal(w)
    self.f = Self.immortal(f)
  }
}

extension Generator {
  /// One standard normal draw by the 128-layer ziggurat.
  @inline(__always)
  func zigguratNormal(_ t: ZigguratTables) -> Double { zigguratNormal(t, word) }

  /// One standard normal draw by the 128-layer ziggurat from the words of `next` (the bulk
  /// fills pass a taus2 state held in registers).
  @inline(__always)
  func zigguratNormal(_ t: ZigguratTables, _ next: () -> UInt32) -> Double {
    @inline(__always) func uniform() -> Double { Double(next()) / 4_294_967_296.0 }
    @inline(__always) func uniformPositive() -> Double {
      var x: Double
      repeat { x = uniform() } while x == 0
      return x
    }
    while true {
      let u = next()
      let i = Int(u >> 25)
      let h = Int32(bitPattern: u << 7)
      let magnitude = h.magnitude
      let x = Double(h) * t.w[i]
      if magnitude < t.k[i] { return x }
      if i == 0 {
        // The tail beyond r (Marsaglia's method).
        var tx = 0.0
        var ty = 0.0
        repeat {
          tx = -Foundation.log(uniformPositive()) / ZigguratTables.r
          ty = -Foundation.log(uniformPositive())
        } while ty + ty < tx * tx
        return h > 0 ? ZigguratTables.r + tx : -ZigguratTables.r - tx
      }
      // The wedge of layer i: accept under the density.
      if t.f[i] + uniform() * (t.f[i - 1] - t.f[i]) < Foundation.exp(-0.5 * x * x) { return x }
    }
  }
}
