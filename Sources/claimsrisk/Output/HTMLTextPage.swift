// HTMLTextPage.swift: the one HTML document shell of every report (doctype, head with the
// style sheet, main), and a page around a text report for the commands without charts of
// their own (`attach`, `settle`): a heading, a line of provenance and the table as
// preformatted text.
import Foundation

enum HTMLTextPage {
  /// A complete self-contained document: `body` goes inside `<main>`.
  static func document(title: String, body: String) -> String {
    """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8"/>
    <meta name="viewport" content="width=device-width, initial-scale=1"/>
    <meta name="generator" content="claimsrisk \(esc(ClaimsRisk.version))"/>
    <title>\(esc(title))</title>
    <style>\(htmlStyle)</style>
    </head>
    <body>
    <main>
    \(body)
    </main>
    </body>
    </html>

    """
  }

  static func render(title: String, meta: [String], text: String) -> String {
    document(title: title, body: """
      <header>
      <h1>\(esc(title))</h1>
      <p class="meta">\(meta.map(esc).joined(separator: " · "))</p>
      </header>
      <section id="report">
      <pre class="text-report">\(esc(text))</pre>
      </section>
      """)
  }
}
