// ChartScales.swift: linear scales and "nice" ticks (1, 2, 2.5, 5 × 10^k) for the charts.
import Foundation

// MARK: - Scales and ticks

struct LinearScale {
  var d0: Double
  var d1: Double
  var r0: Double
  var r1: Double
  func at(_ v: Double) -> Double {
    guard d1 != d0, v.isFinite else { return (r0 + r1) / 2 }
    return r0 + (v - d0) / (d1 - d0) * (r1 - r0)
  }
}

enum Ticks {
  /// A step of 1, 2, 2.5 or 5 × 10^k giving about `target` intervals over `span`.
  static func step(_ span: Double, target: Int) -> Double {
    guard span > 0, span.isFinite else { return 1 }
    let raw = span / Double(max(target, 1))
    let magnitude = pow(10, log10(raw).rounded(.down))
    let f = raw / magnitude
    let m: Double = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10
    return m * magnitude
  }

  /// The domain [lo, hi] itself (the axis starts at the data, not at the next round number
  /// outside it), with the nice ticks that fall inside it.
  static func within(_ lo: Double, _ hi: Double, target: Int) -> (lo: Double, hi: Double, ticks: [Double], step: Double) {
    let n = nice(lo, hi, target: target)
    guard lo.isFinite, hi.isFinite, hi > lo else { return n }
    let ticks = n.ticks.filter { $0 >= lo - n.step * 1e-9 && $0 <= hi + n.step * 1e-9 }
    return ticks.count >= 2 ? (lo, hi, ticks, n.step) : n
  }

  /// [lo, hi] widened to multiples of a nice step, with the ticks.
  static func nice(_ lo: Double, _ hi: Double, target: Int) -> (lo: Double, hi: Double, ticks: [Double], step: Double) {
    var lo = lo.isFinite ? lo : 0
    var hi = hi.isFinite ? hi : 1
    if !(hi > lo) {
      let pad = max(abs(lo) * 0.05, 1)
      lo -= pad
      hi += pad
    }
    let s = step(hi - lo, target: target)
    let a = (lo / s).rounded(.down) * s
    let b = (hi / s).rounded(.up) * s
    var ticks: [Double] = []
    var k = 0.0
    while a + k * s <= b + s * 1e-9 && ticks.count < 200 {
      let t = a + k * s
      ticks.append(abs(t) < s * 1e-9 ? 0 : t)
      k += 1
    }
    return (a, b, ticks, s)
  }
}

/// How many money ticks fit along `width` pixels when labels look like `sample`.
func tickTarget(width: Double, sample: Double) -> Int {
  let label = textWidth(Money.format(sample), size: 11) + 28
  return max(2, Int(width / label) - 1)
}

func percentLabel(_ v: Double, step: Double) -> String {
  let digits = step * 100 >= 1 ? 0 : step * 100 >= 0.1 ? 1 : 2
  return Money.percent(v, digits: digits)
}
