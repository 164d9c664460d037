// HTMLTextPage.swift: a self-contained page (the report style, no scripts) around a text
// report, for the commands without charts of their own (`attach`, `settle`): a heading, a
// line of provenance and the table as preformatted text.
import Foundation

enum HTMLTextPage {
  static func render(title: String, meta: [String], text: String) -> String {
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
    <header>
    <h1>\(esc(title))</h1>
    <p class="meta">\(meta.map(esc).joined(separator: " · "))</p>
    </header>
    <section id="report">
    <pre class="text-report">\(esc(text))</pre>
    </section>
    </main>
    </body>
    </html>

    """
  }
}
