// HTMLText.swift: text for HTML and SVG: escaping, coordinates, counts, signed money, text
// widths and the chart palette.
import Foundation

// MARK: - Text helpers

/// Escapes text for HTML and XML alike; drops control characters XML 1.0 forbids.
func esc(_ s: String) -> String {
  var out = ""
  out.reserveCapacity(s.utf8.count)
  for u in s.unicodeScalars {
    switch u {
    case "&": out += "&amp;"
    case "<": out += "&lt;"
    case ">": out += "&gt;"
    case "\"": out += "&quot;"
    case "'": out += "&#39;"
    case "\t", "\n", "\r": out.unicodeScalars.append(u)
    default:
      if u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF { continue }
      out.unicodeScalars.append(u)
    }
  }
  return out
}

func coord(_ v: Double) -> String { String(format: "%.1f", v.isFinite ? v : 0) }

/// 12,345 (no currency sign).
func count(_ n: Int) -> String { String(Money.format(Double(n)).dropFirst()) }

func plain(_ x: Double) -> String {
  x == x.rounded() && abs(x) < 1e12 ? String(Int64(x)) : String(format: "%g", x)
}

/// "+$1,234" or "-$1,234".
func signed(_ x: Double, cents: Bool = false) -> String {
  let text = Money.format(x, cents: cents)
  return text.hasPrefix("-") || text == "$0" || text == "$0.00" ? text : "+" + text
}

/// A generous estimate of the width of SVG text (sans-serif, 12 px).
func textWidth(_ s: String, size: Double = 12) -> Double { Double(s.count) * size * 0.6 }

func truncated(_ s: String, width: Double) -> String {
  let maxChars = Int(width / 7.2)
  return s.count <= maxChars ? s : String(s.prefix(max(1, maxChars - 1))) + "…"
}

let chartPalette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]
