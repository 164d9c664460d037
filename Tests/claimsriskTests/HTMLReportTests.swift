// HTMLReportTests.swift: `--format html` end to end through the built binary: the file is
// well-formed XML and balanced HTML, self-contained, complete, and carries the charts, the
// markers and the same percentile figures as the text table.
import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite("HTML report")
struct HTMLReportTests {
  static let abc = CLI.root.appendingPathComponent("Scenarios/abc-incorporated.yaml").path

  /// Runs the command with `--format html --output FILE` and returns the file's text.
  func render(_ arguments: [String]) throws -> String {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("report.html").path
    let r = try CLI.run(arguments + ["--format", "html", "--output", path, "--quiet"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.isEmpty, "the report goes to the file, not to stdout")
    let data = try #require(FileManager.default.contents(atPath: path))
    try checkXML(data)
    try checkHTMLParser(path)
    return String(decoding: data, as: UTF8.self)
  }

  /// A strict XML parser accepts the file: libxml2's SAX parser (XMLParser) stops at the first
  /// well-formedness error (XMLDocument on Linux recovers from errors, so it is only used for
  /// queries once the file is known to be well-formed).
  func checkXML(_ data: Data) throws {
    let parser = XMLParser(data: data)
    let delegate = StrictXMLDelegate()
    parser.delegate = delegate
    let parsed = parser.parse()
    #expect(parsed && parser.parserError == nil && delegate.errors.isEmpty,
            "well-formed XML: \(parser.parserError.map { "\($0)" } ?? "") \(delegate.errors.prefix(3)) at line \(parser.lineNumber)")
    #expect(delegate.open.isEmpty && delegate.elements > 50 && delegate.root == "html", "balanced: open \(delegate.open.suffix(3))")
    let document = try XMLDocument(data: data, options: [])
    #expect(document.rootElement()?.name == "html")
    #expect(try document.nodes(forXPath: "//svg").count >= 2)
    #expect(try document.nodes(forXPath: "//table[@id='percentiles']").count == 1)
  }

  /// The text (titles and labels) inside the element with `id`, read with the XML parser.
  func elementText(_ html: String, id: String) throws -> String {
    let document = try XMLDocument(data: Data(html.utf8), options: [])
    let nodes = try document.nodes(forXPath: "//*[@id='\(id)']")
    return try #require(nodes.first?.stringValue, "element #\(id)")
  }

  /// Python's html.parser reads the file and every start tag has its matching end tag.
  func checkHTMLParser(_ path: String) throws {
    let probe = try? CLI.runTool("/usr/bin/env", ["python3", "-c", "print(1)"])
    guard let probe, probe.status == 0 else { return }  // no python3 here
    let script = """
      import sys
      from html.parser import HTMLParser
      VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
      class P(HTMLParser):
          def __init__(self):
              super().__init__(convert_charrefs=True)
              self.stack = []
              self.errors = []
              self.count = 0
          def handle_starttag(self, tag, attrs):
              self.count += 1
              if tag not in VOID:
                  self.stack.append((tag, self.getpos()))
          def handle_startendtag(self, tag, attrs):
              self.count += 1
          def handle_endtag(self, tag):
              if not self.stack or self.stack[-1][0] != tag:
                  self.errors.append("unexpected </%s> at %s (open: %s)" % (tag, self.getpos(), self.stack[-1] if self.stack else None))
              else:
                  self.stack.pop()
      p = P()
      p.feed(open(sys.argv[1], encoding="utf-8").read())
      p.close()
      if p.errors or p.stack or p.count < 50:
          print("errors:", p.errors[:5], "unclosed:", p.stack[:5], "tags:", p.count)
          sys.exit(1)
      print("ok", p.count)
      """
    let r = try CLI.runTool("/usr/bin/env", ["python3", "-c", script, path])
    #expect(r.status == 0, "html.parser: \(r.stdout) \(r.stderr)")
  }

  func checkSelfContained(_ html: String) {
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(html.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("</html>"), "the file is complete")
    for needle in ["http://", "https://", "<script", "<link", "<img", "<iframe", "@import", "url("] {
      #expect(!html.lowercased().contains(needle), "no external resource or script: \(needle)")
    }
  }

  func svgCount(_ html: String) -> Int { html.components(separatedBy: "<svg").count - 1 }

  @Test("simulate --format html: parses, self-contained, charts with the ABC markers, the percentile table")
  func simulateHTML() throws {
    let html = try render(["simulate", Self.abc, "--trials", "2000"])
    checkSelfContained(html)
    #expect(svgCount(html) >= 2)
    let histogram = try elementText(html, id: "employer-cost-histogram")
    #expect(histogram.contains("$610,602"), "maximum-under-the-aggregate marker (fixed costs + attachment point)")
    #expect(histogram.contains("$570,000"), "fully insured premium marker")
    #expect(histogram.contains("Max. under aggregate"))
    let exceedance = try elementText(html, id: "aggregate-claims-exceedance")
    #expect(exceedance.contains("$370,380"), "attachment point on the aggregate claims curve")
    for text in ["Inputs", "employee_only", "family", "$20,018.50", "$240,222.00", "$370,380.00", "12/15", "12/12",
                 "$610,602.00", "$570,000.00", "P(attach)", "one standard error", "type 7", "seed 20261124"] {
      #expect(html.contains(text), "report shows \(text)")
    }

    // The percentile table carries the text table's figures (same seed and trials).
    let table = try elementText(html, id: "percentiles")
    let text = try CLI.run(["simulate", Self.abc, "--trials", "2000", "--quiet"])
    #expect(text.status == 0)
    for label in ["Employer cost", "Aggregate claims", "Specific reimbursement"] {
      let row = try #require(text.stdout.split(separator: "\n").first { $0.contains("| \(label)") }, "text row \(label)")
      let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
      #expect(cells.count == 11)
      for cell in cells.dropFirst() { #expect(table.contains(cell), "\(label): \(cell) in the HTML table") }
    }
  }

  @Test("compare --format html: options chart and comparison table")
  func compareHTML() throws {
    let html = try render(["compare", Self.abc, "--specific", "25000,50000", "--trials", "1000"])
    checkSelfContained(html)
    #expect(svgCount(html) >= 3)
    let options = try elementText(html, id: "options-chart")
    #expect(options.contains("specific $25,000") && options.contains("specific $50,000"))
    #expect(options.contains("reference") && options.contains("Δ vs first"))
    let comparison = try elementText(html, id: "comparison")
    #expect(comparison.contains("spec $50,000 12/15"))
    #expect(comparison.contains("E[employer cost] ± SE"))
    let histogram = try elementText(html, id: "employer-cost-histogram")
    #expect(histogram.contains("$610,602") && histogram.contains("$570,000"))
    #expect(html.contains("Common random numbers"))
  }

  @Test("Level funding and cash flow sections render and parse")
  func fundingHTML() throws {
    let html = try render(["simulate", CLI.root.appendingPathComponent("Scenarios/level-funded-12-18.yaml").path, "--trials", "1000"])
    checkSelfContained(html)
    #expect(html.contains("id=\"level-funding\""))
    #expect(html.contains("P(fund goes negative)"))
    #expect(html.contains("id=\"lowest-month-chart\""))
    #expect(!html.contains("id=\"self-funding\""), "no premium, no self-funding section")
  }

  @Test("The inputs name the method and, when auto passed over faster ones, why")
  func methodInInputs() throws {
    // The ABC quote's 12/15 specific beside a 12/12 aggregate with trend: auto passes over fast.
    let auto = try elementText(try render(["simulate", Self.abc, "--trials", "1000"]), id: "inputs")
    #expect(auto.contains("Method"))
    #expect(auto.contains("claims: every claim drawn"), "\(auto)")
    #expect(auto.contains("Why this method"))
    #expect(auto.contains("--method auto passed over faster methods: not fast:"), "the reason auto gave")
    // An explicit method passes over nothing: no reason.
    let explicit = try elementText(try render(["simulate", Self.abc, "--trials", "1000", "--method", "events"]), id: "inputs")
    #expect(explicit.contains("events: every claim drawn and settled claim by claim"))
    #expect(!explicit.contains("Why this method"))
  }

  @Test("Cash flow section with monthly accommodation")
  func cashFlowHTML() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    var yaml = try String(contentsOfFile: Self.abc, encoding: .utf8)
    yaml = yaml.replacingOccurrences(of: "basis: \"12/12\"", with: "basis: \"12/12\"\n    accommodation: true")
    yaml = yaml.replacingOccurrences(of: "  seed: 20261124", with: "  seed: 20261124\n  cash_flow: true")
    let file = dir.appendingPathComponent("abc-accommodation.yaml")
    try yaml.write(to: file, atomically: true, encoding: .utf8)
    let html = try render(["simulate", file.path, "--trials", "1000"])
    checkSelfContained(html)
    #expect(html.contains("id=\"cash-flow\""))
    let chart = try elementText(html, id: "cash-flow-chart")
    #expect(chart.contains("With accommodation"))
    #expect(chart.contains("Budget $50,883.50"), "budget = fixed costs $20,018.50 + monthly attachment $30,865.00")
  }
}

/// Records parse errors and checks that every end tag closes the innermost open element.
final class StrictXMLDelegate: NSObject, XMLParserDelegate {
  var open: [String] = []
  var errors: [String] = []
  var elements = 0
  var root: String?

  func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
              qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
    if root == nil { root = elementName }
    open.append(elementName)
    elements += 1
  }

  func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
    if open.last == elementName { open.removeLast() } else { errors.append("</\(elementName)> closes <\(open.last ?? "")>") }
  }

  func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
    errors.append("\(parseError) at line \(parser.lineNumber)")
  }
}

extension CLI {
  /// Runs another program (for the python3 check).
  static func runTool(_ executable: String, _ arguments: [String]) throws -> CLIResult {
    try runProgram(executable, arguments)
  }
}
