// FFT.swift: the owner of GSL's real fast Fourier transform (`gsl_fft_real_*`,
// `gsl_fft_halfcomplex_*`, mixed radix). All pointer work with GSL's FFT sits in this file;
// every wavetable and workspace is freed with `defer` in the call that allocated it.
// Used by ClaimsEngine's exact method (ExactMethod.swift) for sums of lattice distributions.
internal import CGSL
internal import Foundation

/// Discrete convolutions of probability mass functions on the lattice 0, 1, 2, … by GSL's
/// mixed-radix real FFT.
///
/// Every function computes a *circular* convolution of the given `length`: the returned array
/// has `length` entries, and the mass the exact result puts at index k ≥ `length` lands at
/// k mod `length` (wrap-around). Callers avoid wrap-around by choosing `length` at least the
/// support of the result, or by choosing a window of `length` points outside which the result
/// has negligible mass and reading index k at k mod `length`.
///
/// Lengths of the form 2^a·3^b·5^c·7^d are fast (``fastLength(atLeast:)``); other lengths work
/// but are slower. Inputs may be defective (total mass below 1) or carry tiny negative rounding
/// noise; outputs carry absolute rounding errors of order 1e-16 times the total mass.
public enum FFT {
  /// The largest length the exact method's callers ask for (2^24 doubles = 128 MiB).
  public static let maximumLength = 1 << 24

  /// True when `n` ≥ 1 has no prime factor above 7 (GSL's mixed radix has fast passes for
  /// factors 2, 3, 4, 5, 6 and 7).
  public static func isFastLength(_ n: Int) -> Bool {
    guard n >= 1 else { return false }
    var m = n
    for p in [2, 3, 5, 7] { while m % p == 0 { m /= p } }
    return m == 1
  }

  /// The smallest length ≥ `n` of the form 2^a·3^b·5^c (at least 2).
  public static func fastLength(atLeast n: Int) -> Int {
    let target = max(2, n)
    var best = Int.max
    var p2 = 1
    while p2 < 2 * target {
      var p23 = p2
      while p23 < 2 * target {
        var p235 = p23
        while p235 < target { p235 *= 5 }
        best = min(best, p235)
        p23 *= 3
      }
      p2 *= 2
    }
    return best
  }

  /// The pmf of the sum of `power` independent copies of a variable with pmf `pmf` on
  /// 0, 1, …, `pmf.count` − 1: the inverse transform of the pointwise `power`-th power of
  /// the transform, as a circular convolution of `length` points.
  ///
  /// Without wrap-around, `length` ≥ `power`·(`pmf.count` − 1) + 1; a shorter length gives the
  /// result modulo `length` (see ``FFT``).
  /// An input longer than `length` is folded modulo `length` first.
  /// - Precondition: `power` ≥ 0, `pmf` not empty, 1 ≤ `length` ≤ ``maximumLength``.
  public static func convolvePower(_ pmf: [Double], power: Int, length: Int) -> [Double] {
    precondition(power >= 0, "convolvePower needs a non-negative power, got \(power)")
    let n = checkedLength(length, inputs: pmf.count)
    let exponent = Double(power)
    return transform(pmf, length: n) { x in
      // Real entries (the mean and, for even n, the Nyquist term).
      power == 0 ? 1 : Foundation.pow(x, exponent)
    } complex: { re, im in
      if power == 0 { return (1, 0) }
      let r = (re * re + im * im).squareRoot()
      if r == 0 { return (0, 0) }
      let rn = Foundation.pow(r, exponent)
      if rn == 0 { return (0, 0) }
      // φ^n = rⁿ·e^{i n arg φ}; the principal argument suffices for an integer power.
      let angle = exponent * Foundation.atan2(im, re)
      return (rn * Foundation.cos(angle), rn * Foundation.sin(angle))
    }
  }

  /// The pmf of a compound Poisson sum S = X₁ + … + X_N, N ~ Poisson(`lambda`), X with pmf
  /// `severityPMF` on 0, 1, …: the inverse transform of exp(λ(φ_X − 1)), as a circular
  /// convolution of `length` points.
  ///
  /// A defective severity pmf (total mass q < 1) is allowed: the result is then the
  /// generating-function coefficients of exp(λ(P_X(z) − 1)), which agree with the pmf of the
  /// full compound sum at every index below the first index the severity pmf leaves out (a
  /// larger claim makes S larger still). Choose `length` so that this (bounded) defective
  /// distribution has negligible mass at `length` and beyond.
  /// - Precondition: `lambda` ≥ 0, `severityPMF` not empty, 1 ≤ `length` ≤ ``maximumLength``.
  public static func compoundPoisson(severityPMF: [Double], lambda: Double, length: Int) -> [Double] {
    precondition(lambda >= 0 && lambda.isFinite, "compoundPoisson needs a finite rate λ ≥ 0, got \(lambda)")
    let n = checkedLength(length, inputs: severityPMF.count)
    return transform(severityPMF, length: n) { x in
      Foundation.exp(lambda * (x - 1))
    } complex: { re, im in
      let modulus = Foundation.exp(lambda * (re - 1))
      if modulus == 0 { return (0, 0) }
      let angle = lambda * im
      return (modulus * Foundation.cos(angle), modulus * Foundation.sin(angle))
    }
  }

  /// The circular convolution of `a` and `b` (the pmf of the sum of two independent lattice
  /// variables when `length` ≥ `a.count` + `b.count` − 1).
  /// - Precondition: `a` and `b` not empty, 1 ≤ `length` ≤ ``maximumLength``.
  public static func convolve(_ a: [Double], _ b: [Double], length: Int) -> [Double] {
    let n = checkedLength(length, inputs: max(a.count, b.count))
    var x = padded(a, to: n)
    var y = padded(b, to: n)
    withPlan(length: n) { plan in
      plan.forward(&x)
      plan.forward(&y)
      x[0] *= y[0]
      var k = 1
      while 2 * k < n {
        let (ar, ai) = (x[2 * k - 1], x[2 * k])
        let (br, bi) = (y[2 * k - 1], y[2 * k])
        x[2 * k - 1] = ar * br - ai * bi
        x[2 * k] = ar * bi + ai * br
        k += 1
      }
      if n % 2 == 0 { x[n - 1] *= y[n - 1] }
      plan.inverse(&x)
    }
    return x
  }

  // MARK: - Implementation

  private static func checkedLength(_ length: Int, inputs count: Int) -> Int {
    precondition(count >= 1, "an FFT input needs at least one entry")
    precondition(length >= 1 && length <= maximumLength, "FFT length \(length) must lie in 1…\(maximumLength)")
    return length
  }

  /// `values` zero-padded to `n` points, or folded modulo `n` when longer (entry i added at
  /// i mod n, which leaves a circular convolution of length n unchanged).
  private static func padded(_ values: [Double], to n: Int) -> [Double] {
    var data = [Double](repeating: 0, count: n)
    data.withUnsafeMutableBufferPointer { dst in
      values.withUnsafeBufferPointer { src in
        let head = min(n, src.count)
        dst.baseAddress!.update(from: src.baseAddress!, count: head)
        var i = head
        while i < src.count {
          dst[i % n] += src[i]
          i += 1
        }
      }
    }
    return data
  }

  /// Forward transform of `values` zero-padded to `n`, a pointwise map of the transform in
  /// GSL's mixed-radix half-complex layout, and the inverse transform.
  ///
  /// The layout: data[0] is the real term of frequency 0; data[2k − 1], data[2k] are the real
  /// and imaginary parts of frequency k for 1 ≤ k ≤ (n − 1)/2; for even n, data[n − 1] is the
  /// real Nyquist term.
  private static func transform(
    _ values: [Double], length n: Int, real: (Double) -> Double,
    complex: (Double, Double) -> (Double, Double)
  ) -> [Double] {
    var data = padded(values, to: n)
    withPlan(length: n) { plan in
      plan.forward(&data)
      data[0] = real(data[0])
      data.withUnsafeMutableBufferPointer { d in
        var k = 1
        while 2 * k < n {
          let (re, im) = complex(d[2 * k - 1], d[2 * k])
          d[2 * k - 1] = re
          d[2 * k] = im
          k += 1
        }
      }
      if n % 2 == 0 { data[n - 1] = real(data[n - 1]) }
      plan.inverse(&data)
    }
    return data
  }

  /// Allocates GSL's wavetables and workspace for real transforms of length `n`, runs `body`
  /// and frees the three allocations (with `defer`) before returning.
  private static func withPlan(length n: Int, _ body: (RealPlan) -> Void) {
    GSL.initialize()
    guard let realTable = gsl_fft_real_wavetable_alloc(n) else {
      fatalError("gsl_fft_real_wavetable_alloc(\(n)) failed: out of memory")
    }
    defer { gsl_fft_real_wavetable_free(realTable) }
    guard let halfTable = gsl_fft_halfcomplex_wavetable_alloc(n) else {
      fatalError("gsl_fft_halfcomplex_wavetable_alloc(\(n)) failed: out of memory")
    }
    defer { gsl_fft_halfcomplex_wavetable_free(halfTable) }
    guard let workspace = gsl_fft_real_workspace_alloc(n) else {
      fatalError("gsl_fft_real_workspace_alloc(\(n)) failed: out of memory")
    }
    defer { gsl_fft_real_workspace_free(workspace) }
    body(RealPlan(n: n, realTable: realTable, halfTable: halfTable, workspace: workspace))
  }
}

/// GSL's wavetables and workspace for real transforms of one length, borrowed for the
/// duration of one ``FFT`` call (``FFT/withPlan(length:_:)`` owns and frees them).
private struct RealPlan {
  let n: Int
  let realTable: UnsafeMutablePointer<gsl_fft_real_wavetable>
  let halfTable: UnsafeMutablePointer<gsl_fft_halfcomplex_wavetable>
  let workspace: UnsafeMutablePointer<gsl_fft_real_workspace>

  /// In-place forward transform to the half-complex layout.
  func forward(_ data: inout [Double]) {
    precondition(data.count == n)
    let status = data.withUnsafeMutableBufferPointer { p in
      gsl_fft_real_transform(p.baseAddress, 1, n, realTable, workspace)
    }
    precondition(status == 0, "gsl_fft_real_transform failed with GSL status \(status)")
  }

  /// In-place inverse transform (with GSL's 1/n normalization) from the half-complex layout.
  func inverse(_ data: inout [Double]) {
    precondition(data.count == n)
    let status = data.withUnsafeMutableBufferPointer { p in
      gsl_fft_halfcomplex_inverse(p.baseAddress, 1, n, halfTable, workspace)
    }
    precondition(status == 0, "gsl_fft_halfcomplex_inverse failed with GSL status \(status)")
  }
}
