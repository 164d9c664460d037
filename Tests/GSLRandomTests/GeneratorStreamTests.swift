// GeneratorStreamTests.swift: the inlined taus2 step of the C shim against GSL's own
// generator word for word, the bulk fills (state held in registers) against the per-call
// draws, and the table exp of the severity fills against glibc's exp (at most one ulp apart).
import CGSL
import Foundation
import GSLRandom
import Testing

@Suite("Generator streams and exp")
struct GeneratorStreamTests {
  @Test("taus2 uniforms equal gsl_rng_uniform draw for draw", arguments: [UInt32(1), 2024, 0xFFFF_FFFF])
  func taus2Stream(_ seed: UInt32) throws {
    let reference = try #require(gsl_rng_alloc(cgsl_rng_type_taus2()))
    defer { gsl_rng_free(reference) }
    gsl_rng_set(reference, UInt(seed))
    let g = Generator(kind: .taus2, seed: seed)
    var mismatches = 0
    for _ in 0..<200_000 where g.uniform() != gsl_rng_uniform(reference) { mismatches += 1 }
    // The bulk fill continues the same stream.
    let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: 10_000)
    defer { buffer.deallocate() }
    g.fillUniform(buffer)
    for x in buffer where x != gsl_rng_uniform(reference) { mismatches += 1 }
    // uniformPositive continues it too (gsl_rng_uniform_pos).
    for _ in 0..<10_000 where g.uniformPositive() != gsl_rng_uniform_pos(reference) { mismatches += 1 }
    #expect(mismatches == 0)
  }

  @Test("fillLognormal equals per-call lognormal draws, and exp(mu + sigma·Z) within one ulp", arguments: [GeneratorKind.taus2, .mt19937])
  func lognormalFill(_ kind: GeneratorKind) {
    let n = 100_000
    let bulk = Generator(kind: kind, seed: 77)
    let single = Generator(kind: kind, seed: 77)
    let normals = Generator(kind: kind, seed: 77)
    let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
    defer { buffer.deallocate() }
    bulk.fillLognormal(buffer, mu: 5, sigma: 2)
    var different = 0
    var worstUlps = 0.0
    for x in buffer {
      if x != single.lognormal(mu: 5, sigma: 2) { different += 1 }
      let libm = Foundation.exp(5 + 2 * normals.gaussian())
      worstUlps = max(worstUlps, abs(x - libm) / libm.ulp)
    }
    #expect(different == 0)
    #expect(worstUlps <= 1)
    // The streams stay in step after the fill.
    #expect(bulk.uniform() == single.uniform())
  }

  @Test("Table exp within one ulp of glibc's exp over [-700, 700], exact at 0, defers outside")
  func expAccuracy() {
    let g = Generator(kind: .taus2, seed: 9)
    var worst = 0.0
    var differing = 0
    let n = 1_000_000
    for i in 0..<n {
      // Half over the range severities use, half over the whole table range.
      let x = i % 2 == 0 ? -30 + 60 * g.uniform() : -700 + 1400 * g.uniform()
      let a = FastExp.exp(x)
      let b = Foundation.exp(x)
      if a != b { differing += 1 }
      worst = max(worst, abs(a - b) / b.ulp)
    }
    #expect(worst <= 1, "largest difference \(worst) ulp")
    // Mostly identical: the table method is accurate to about half an ulp, like glibc's.
    #expect(Double(differing) < 0.01 * Double(n), "\(differing) of \(n) differ")
    #expect(FastExp.exp(0) == 1)
    #expect(FastExp.exp(1) == Foundation.exp(1))
    for x in [710.0, -745.2, 800, -800, .infinity, -.infinity] { #expect(FastExp.exp(x) == Foundation.exp(x)) }
    #expect(FastExp.exp(.nan).isNaN)
  }

  @Test("Buffer exp (AVX2 lanes and scalar) gives FastExp.exp of mu + sigma·x bit for bit, also outside ±700 and for NaN")
  func bufferExp() {
    let g = Generator(kind: .taus2, seed: 31)
    // 100,003 values: not a multiple of four, so the scalar tail runs too.
    var x = (0..<100_003).map { i in i % 2 == 0 ? -4 + 8 * g.uniform() : -400 + 400 * g.uniform() }
    for (i, v) in [Double.nan, .infinity, -.infinity, 360, -373, 0, -0.0].enumerated() { x[1000 + 5 * i] = v }
    let expected = x.map { FastExp.exp(1.5 + 2 * $0) }
    for vectorised in FastExp.vectorised ? [true, false] : [false] {
      var y = x
      y.withUnsafeMutableBufferPointer { FastExp.expAffine($0, mu: 1.5, sigma: 2, vectorised: vectorised) }
      let differing = zip(y, expected).filter { $0.bitPattern != $1.bitPattern && !($0.isNaN && $1.isNaN) }.count
      #expect(differing == 0, "vectorised: \(vectorised)")
    }
  }

  @Test("Guide table draws from the word (integer slot) equal index(for: uniform()) draw for draw", arguments: [2, 12, 97, 100_001])
  func guideTableWords(_ n: Int) {
    let table = GuideTable(probabilities: (0..<n).map { 1 + Double($0 % 7) })
    let a = Generator(kind: .taus2, seed: 5)
    let b = Generator(kind: .taus2, seed: 5)
    var mismatches = 0
    for _ in 0..<100_000 where table.view.sample(a) != table.index(for: b.uniform()) { mismatches += 1 }
    #expect(mismatches == 0)
  }
}
