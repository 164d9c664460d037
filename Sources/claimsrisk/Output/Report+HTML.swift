// Report+HTML.swift: one self-contained HTML report (placeholder until the full renderer).
import ClaimsEngine
import Foundation

extension Report {
  func html() -> String {
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>\(result.scenarioName)</title></head><body><pre>\(table())</pre></body></html>\n"
  }
}
