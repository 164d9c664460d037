// SVGChart.swift: the inline SVG chart engine of the HTML reports: markers and their labels,
// axes, the histogram, exceedance curves and bar charts.
import ClaimsEngine
import Foundation

// MARK: - SVG drawing

struct ChartMarker {
  var value: Double
  var label: String
  /// mean, premium, worst, attach
  var style: String
}

struct CurveSeries {
  var name: String
  var color: String
  var sketch: DistributionSketch
}

struct BarSeries {
  var name: String
  var color: String
  var values: [Double]
  var upper: [Double]?
}

/// Rows and sides for marker labels above a plot: no two labels of a row overlap, and no
/// label is crossed by another marker's line (a line rises from the plot to its own label's
/// row, so a label may only span the lines of markers labelled in lower rows). Few rows
/// first, then labels right of their line. `items` are the lines' x and the labels' widths.
func placeMarkerLabels(_ items: [(x: Double, width: Double)], left: Double, right: Double) -> [(row: Int, start: Bool)] {
  let n = items.count
  guard n > 0 else { return [] }
  func span(_ i: Int, _ start: Bool) -> (Double, Double) {
    start ? (items[i].x + 4, items[i].x + 4 + items[i].width) : (items[i].x - 4 - items[i].width, items[i].x - 4)
  }
  if n <= 5 {
    let choices = 2 * n
    var best: [(row: Int, start: Bool)]?
    var bestScore = Int.max
    var code = Array(repeating: 0, count: n)
    outer: while true {
      let assignment = code.map { (row: $0 / 2, start: $0 % 2 == 0) }
      var valid = true
      check: for i in 0..<n {
        let a = span(i, assignment[i].start)
        if a.0 < left || a.1 > right { valid = false; break }
        for j in 0..<n where j != i {
          if assignment[j].row >= assignment[i].row && items[j].x > a.0 - 3 && items[j].x < a.1 + 3 { valid = false; break check }
          if j > i && assignment[j].row == assignment[i].row {
            let b = span(j, assignment[j].start)
            if !(a.1 + 8 < b.0 || b.1 + 8 < a.0) { valid = false; break check }
          }
        }
      }
      if valid {
        let rows = assignment.map(\.row)
        let score = 1000 * (rows.max() ?? 0) + 10 * rows.reduce(0, +) + assignment.filter { !$0.start }.count
        if score < bestScore { bestScore = score; best = assignment }
      }
      var k = 0
      while k < n {
        code[k] += 1
        if code[k] < choices { continue outer }
        code[k] = 0
        k += 1
      }
      break
    }
    if let best { return best }
  }
  // Many markers (or no arrangement without crossings): greedy rows, overlaps only avoided.
  var result = Array(repeating: (row: 0, start: true), count: n)
  var occupied: [[(Double, Double)]] = []
  for i in items.indices.sorted(by: { items[$0].x < items[$1].x }) {
    var candidates = [true, false].map { ($0, span(i, $0)) }.filter { $0.1.0 >= left && $0.1.1 <= right }
    if candidates.isEmpty { candidates = [(false, span(i, false))] }
    var row = 0
    while true {
      if row == occupied.count { occupied.append([]) }
      if let c = candidates.first(where: { c in occupied[row].allSatisfy { c.1.1 + 8 < $0.0 || c.1.0 > $0.1 + 8 } }) {
        occupied[row].append(c.1)
        result[i] = (row, c.0)
        break
      }
      row += 1
    }
  }
  return result
}

struct SVGChart {
  /// 820 user units: drawn at 100% of the column, so 11-unit text stays ≥ 10 px at an
  /// 800 px window and grows to ~14 px at 1,280 px.
  var width = 820.0
  var height: Double
  var left: Double
  var right: Double
  var top: Double
  var bottom: Double
  var items: [String] = []

  var plotLeft: Double { left }
  var plotRight: Double { width - right }
  var plotTop: Double { top }
  var plotBottom: Double { height - bottom }

  mutating func raw(_ s: String) { items.append(s) }

  mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, cls: String, stroke: String? = nil) {
    items.append("<line class=\"\(cls)\" x1=\"\(coord(x1))\" y1=\"\(coord(y1))\" x2=\"\(coord(x2))\" y2=\"\(coord(y2))\"\(stroke.map { " stroke=\"\($0)\"" } ?? "")/>")
  }

  mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, tooltip: String? = nil) {
    let xx = w < 0 ? x + w : x
    let yy = h < 0 ? y + h : y
    let body = "class=\"bar\" x=\"\(coord(xx))\" y=\"\(coord(yy))\" width=\"\(coord(abs(w)))\" height=\"\(coord(abs(h)))\" fill=\"\(fill)\""
    if let tooltip {
      items.append("<rect \(body)><title>\(esc(tooltip))</title></rect>")
    } else {
      items.append("<rect \(body)/>")
    }
  }

  mutating func circle(_ x: Double, _ y: Double, _ r: Double, fill: String, tooltip: String) {
    items.append("<circle cx=\"\(coord(x))\" cy=\"\(coord(y))\" r=\"\(coord(r))\" fill=\"\(fill)\"><title>\(esc(tooltip))</title></circle>")
  }

  mutating func text(_ x: Double, _ y: Double, _ s: String, cls: String = "", anchor: String = "start", rotate: Bool = false) {
    let transform = rotate ? " transform=\"rotate(-90 \(coord(x)) \(coord(y)))\"" : ""
    let c = cls.isEmpty ? "" : " class=\"\(cls)\""
    items.append("<text\(c) x=\"\(coord(x))\" y=\"\(coord(y))\" text-anchor=\"\(anchor)\"\(transform)>\(esc(s))</text>")
  }

  mutating func polyline(_ points: [(Double, Double)], stroke: String, cls: String = "curve") {
    let pts = points.map { "\(coord($0.0)),\(coord($0.1))" }.joined(separator: " ")
    items.append("<polyline class=\"\(cls)\" fill=\"none\" stroke=\"\(stroke)\" points=\"\(pts)\"/>")
  }

  /// Vertical grid lines, ticks and labels under the plot, and the axis title.
  mutating func xAxis(ticks: [Double], scale: LinearScale, label: (Double) -> String, title: String) {
    for t in ticks {
      let x = scale.at(t)
      line(x, plotTop, x, plotBottom, cls: "grid")
      line(x, plotBottom, x, plotBottom + 5, cls: "axis")
      text(x, plotBottom + 18, label(t), cls: "tick", anchor: "middle")
    }
    text((plotLeft + plotRight) / 2, plotBottom + 38, title, cls: "axis-title", anchor: "middle")
  }

  /// Horizontal grid lines, ticks and labels left of the plot, and the rotated axis title.
  mutating func yAxis(ticks: [(value: Double, y: Double)], label: (Double) -> String, title: String, minor: [Double] = []) {
    for y in minor { line(plotLeft, y, plotRight, y, cls: "grid-minor") }
    for t in ticks {
      line(plotLeft, t.y, plotRight, t.y, cls: "grid")
      line(plotLeft - 5, t.y, plotLeft, t.y, cls: "axis")
      text(plotLeft - 8, t.y + 4, label(t.value), cls: "tick", anchor: "end")
    }
    text(16, (plotTop + plotBottom) / 2, title, cls: "axis-title", anchor: "middle", rotate: true)
  }

  mutating func frame(bottomOnly: Bool = false) {
    line(plotLeft, plotBottom, plotRight, plotBottom, cls: "axis")
    if !bottomOnly { line(plotLeft, plotTop, plotLeft, plotBottom, cls: "axis") }
  }

  /// Vertical marker lines from the plot's bottom up to their labels above the plot.
  mutating func markers(_ markers: [ChartMarker], placed: [(row: Int, start: Bool)], scale: LinearScale) {
    for (m, p) in zip(markers, placed) {
      let x = scale.at(m.value)
      let labelY = plotTop - 6 - Double(p.row) * 15
      line(x, plotBottom, x, labelY - 9, cls: "mk mk-\(m.style)")
      text(p.start ? x + 4 : x - 4, labelY, m.label, cls: "mkt mkt-\(m.style)", anchor: p.start ? "start" : "end")
    }
  }

  func render(id: String, title: String) -> String {
    let h = max(height, 40)
    return "<svg id=\"\(id)\" class=\"chart\" viewBox=\"0 0 \(coord(width)) \(coord(h))\" width=\"\(coord(width))\" height=\"\(coord(h))\" role=\"img\" aria-labelledby=\"\(id)-title\">"
      + "<title id=\"\(id)-title\">\(esc(title))</title>\n" + items.joined(separator: "\n") + "\n</svg>"
  }
}

/// Top margin for marker labels placed in `rows` rows.
/// A 300-pixel-high chart over money on [lo, hi] (padded 2%), with room above the plot for
/// the labels of `markers` (placed so that they do not overlap).
func moneyAxisChart(_ lo: Double, _ hi: Double, markers: [ChartMarker])
  -> (SVGChart, (lo: Double, hi: Double, ticks: [Double], step: Double), LinearScale, [(row: Int, start: Bool)])
{
  let pad = 0.02 * (hi - lo)
  var chart = SVGChart(height: 0, left: 72, right: 48, top: 0, bottom: 52)
  let axis = Ticks.within(lo - pad, hi + pad, target: tickTarget(width: chart.width - 120, sample: max(abs(lo), abs(hi))))
  let x = LinearScale(d0: axis.lo, d1: axis.hi, r0: chart.plotLeft, r1: chart.plotRight)
  let placed = placeMarkerLabels(markers.map { (x.at($0.value), textWidth($0.label)) }, left: 4, right: chart.width - 4)
  chart.top = markerTop(placed)
  chart.height = chart.top + 300 + chart.bottom
  return (chart, axis, x, placed)
}

func markerTop(_ placed: [(row: Int, start: Bool)]) -> Double {
  14 + Double((placed.map(\.row).max() ?? -1) + 1) * 15
}

/// A histogram of a sketch with labelled vertical markers; the x range covers the markers.
func histogramSVG(id: String, title: String, sketch: DistributionSketch, markers: [ChartMarker], xTitle: String) -> String {
  let counts = sketch.histogramCounts
  let n = Double(max(sketch.trials, 1))
  let lo = sketch.histogramLower
  let hi = lo + sketch.histogramWidth * Double(counts.count)
  var dlo = lo
  var dhi = hi
  for m in markers where m.value.isFinite {
    dlo = min(dlo, m.value)
    dhi = max(dhi, m.value)
  }
  var (chart, axis, x, placed) = moneyAxisChart(dlo, dhi, markers: markers)
  let maxShare = Double(counts.max() ?? 0) / n
  let yAxis = Ticks.nice(0, max(maxShare * 1.05, 1e-6), target: 5)
  let y = LinearScale(d0: 0, d1: yAxis.hi, r0: chart.plotBottom, r1: chart.plotTop)
  chart.xAxis(ticks: axis.ticks, scale: x, label: { Money.format($0) }, title: xTitle)
  chart.yAxis(ticks: yAxis.ticks.map { ($0, y.at($0)) }, label: { percentLabel($0, step: yAxis.step) }, title: "Share of simulated years")
  for (i, c) in counts.enumerated() where c > 0 {
    let a = lo + Double(i) * sketch.histogramWidth
    let b = a + sketch.histogramWidth
    let x0 = x.at(a)
    let x1 = x.at(b)
    let gap = x1 - x0 > 4 ? 0.5 : 0
    let share = Double(c) / n
    chart.rect(x0 + gap, y.at(share), max(x1 - x0 - 2 * gap, 0.5), chart.plotBottom - y.at(share), fill: "#7ea6d3",
               tooltip: "\(Money.format(a)) to \(Money.format(b)): \(Money.percent(share)) of years")
  }
  chart.frame()
  chart.markers(markers, placed: placed, scale: x)
  return chart.render(id: id, title: title)
}

/// P(X > x) on a log scale from the sketches' quantile grids, with vertical markers and an
/// optional horizontal level.
func exceedanceSVG(id: String, title: String, series: [CurveSeries], markers: [ChartMarker], level: (p: Double, label: String)?,
                           xTitle: String, yTitle: String) -> String {
  var dlo = Double.infinity
  var dhi = -Double.infinity
  var minP = 1.0
  for s in series {
    let inner = s.sketch.quantiles.filter { $0.p < 1 }
    if let f = inner.first { dlo = min(dlo, f.x) }
    if let l = inner.last { dhi = max(dhi, l.x); minP = min(minP, 1 - l.p) }
  }
  for m in markers where m.value.isFinite {
    dlo = min(dlo, m.value)
    dhi = max(dhi, m.value)
  }
  if !dlo.isFinite || !dhi.isFinite { dlo = 0; dhi = 1 }
  var (chart, axis, x, placed) = moneyAxisChart(dlo, dhi, markers: markers)
  let lowestExponent = min(-1, Int(log10(max(minP, 1e-6)).rounded(.down)))
  let y = LinearScale(d0: Double(lowestExponent), d1: 0, r0: chart.plotBottom, r1: chart.plotTop)
  func yAt(_ p: Double) -> Double { y.at(log10(max(p, pow(10, Double(lowestExponent))))) }
  let decades = (lowestExponent...0).map { pow(10, Double($0)) }
  var minor: [Double] = []
  for e in lowestExponent..<0 { for k in 2...9 { minor.append(yAt(Double(k) * pow(10, Double(e)))) } }
  chart.xAxis(ticks: axis.ticks, scale: x, label: { Money.format($0) }, title: xTitle)
  chart.yAxis(ticks: decades.map { ($0, yAt($0)) }, label: { p in
    let e = Int(log10(p).rounded())
    return Money.percent(p, digits: max(0, -e - 2))
  }, title: yTitle, minor: minor)
  if let level, level.p > pow(10, Double(lowestExponent)) {
    let yy = yAt(level.p)
    chart.line(chart.plotLeft, yy, chart.plotRight, yy, cls: "level")
    chart.text(chart.plotLeft + 6, yy - 5, level.label, cls: "mkt mkt-attach")
  }
  for s in series {
    let points = s.sketch.quantiles.filter { $0.p < 1 }.map { (x.at($0.x), yAt(1 - $0.p)) }
    chart.polyline(points, stroke: s.color)
  }
  if series.count > 1 {
    let w = (series.map { textWidth($0.name) }.max() ?? 0) + 44
    let x0 = chart.plotRight - w - 8
    let y0 = chart.plotTop + 8
    chart.raw("<rect class=\"legend\" x=\"\(coord(x0))\" y=\"\(coord(y0))\" width=\"\(coord(w))\" height=\"\(coord(Double(series.count) * 18 + 8))\"/>")
    for (i, s) in series.enumerated() {
      let yy = y0 + 16 + Double(i) * 18
      chart.line(x0 + 8, yy - 4, x0 + 30, yy - 4, cls: "curve", stroke: s.color)
      chart.text(x0 + 36, yy, s.name, cls: "label")
    }
  }
  chart.frame()
  chart.markers(markers, placed: placed, scale: x)
  return chart.render(id: id, title: title)
}

/// Grouped bars by category (months), with optional whiskers and horizontal reference lines.
func barSVG(id: String, title: String, categories: [String], series: [BarSeries], lines: [ChartMarker],
                    percent: Bool, xTitle: String, yTitle: String) -> String {
  var lo = 0.0
  var hi = 0.0
  for s in series {
    for v in s.values + (s.upper ?? []) where v.isFinite { lo = min(lo, v); hi = max(hi, v) }
  }
  for l in lines { lo = min(lo, l.value); hi = max(hi, l.value) }
  if hi <= lo { hi = lo + 1 }
  let legendRows = series.count > 1 || series.contains { $0.upper != nil } ? 1 : 0
  var chart = SVGChart(height: 0, left: percent ? 64 : 84, right: 28, top: 14 + Double(legendRows) * 20, bottom: 52)
  chart.height = chart.top + 260 + chart.bottom
  let axis = Ticks.nice(lo, hi * 1.04, target: 6)
  let y = LinearScale(d0: axis.lo, d1: axis.hi, r0: chart.plotBottom, r1: chart.plotTop)
  chart.yAxis(ticks: axis.ticks.map { ($0, y.at($0)) }, label: { percent ? percentLabel($0, step: axis.step) : Money.format($0) }, title: yTitle)
  let band = (chart.plotRight - chart.plotLeft) / Double(max(categories.count, 1))
  let barWidth = min(36, band * 0.8 / Double(max(series.count, 1)))
  for (i, c) in categories.enumerated() {
    let center = chart.plotLeft + band * (Double(i) + 0.5)
    chart.text(center, chart.plotBottom + 18, c, cls: "tick", anchor: "middle")
    for (k, s) in series.enumerated() where i < s.values.count {
      let x0 = center - barWidth * Double(series.count) / 2 + barWidth * Double(k)
      let v = s.values[i]
      let label = percent ? Money.percent(v, digits: 1) : Money.format(v)
      chart.rect(x0 + 1, y.at(0), barWidth - 2, y.at(v) - y.at(0), fill: s.color, tooltip: "\(c): \(s.name) \(label)")
      if let upper = s.upper, i < upper.count {
        let mid = x0 + barWidth / 2
        chart.line(mid, y.at(v), mid, y.at(upper[i]), cls: "whisker")
        chart.line(mid - barWidth / 4, y.at(upper[i]), mid + barWidth / 4, y.at(upper[i]), cls: "whisker")
      }
    }
  }
  chart.text((chart.plotLeft + chart.plotRight) / 2, chart.plotBottom + 38, xTitle, cls: "axis-title", anchor: "middle")
  for l in lines {
    let yy = y.at(l.value)
    chart.line(chart.plotLeft, yy, chart.plotRight, yy, cls: "mk mk-\(l.style)")
    chart.text(chart.plotRight - 4, yy - 5, l.label, cls: "mkt mkt-\(l.style)", anchor: "end")
  }
  if lo < 0 { chart.line(chart.plotLeft, y.at(0), chart.plotRight, y.at(0), cls: "zero") }
  if legendRows > 0 {
    var lx = chart.plotLeft
    for s in series {
      chart.raw("<rect x=\"\(coord(lx))\" y=\"4\" width=\"14\" height=\"12\" fill=\"\(s.color)\"/>")
      chart.text(lx + 20, 14, s.name, cls: "label")
      lx += textWidth(s.name) + 44
    }
  }
  chart.frame()
  return chart.render(id: id, title: title)
}
