// APIError.swift: every error the API answers, as JSON with the CLI's messages.
import Foundation
public import Hummingbird

/// One problem, split like the CLI's `error: FILE:LINE:COLUMN: key.path: message` lines.
struct FieldIssue: Codable, Sendable, Equatable {
  var message: String
  var path: String?
  var line: Int?
  var column: Int?
}

/// An error response: `{ "status": 422, "error": "<first message>", "errors": [...] }`.
public struct APIError: Error, Sendable, HTTPResponseError {
  public var status: HTTPResponse.Status
  var issues: [FieldIssue]
  var retryAfterSeconds: Int?

  init(_ status: HTTPResponse.Status, _ message: String) {
    self.status = status
    self.issues = [FieldIssue(message: message)]
  }

  init(_ status: HTTPResponse.Status, issues: [FieldIssue]) {
    self.status = status
    self.issues = issues.isEmpty ? [FieldIssue(message: "the run failed without a message")] : issues
  }

  var body: String {
    struct Body: Encodable { var status: Int; var error: String; var errors: [FieldIssue] }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = (try? encoder.encode(Body(status: status.code, error: issues[0].message, errors: issues))) ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  public func response(from request: Request, context: some RequestContext) throws -> Response {
    var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
    if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
    return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
  }
}

/// Reads the CLI's standard error into issues. `scenarioPath` (the server's temporary file)
/// is shown as `scenario`; `scenario:LINE:COLUMN:` and a leading key path are split off.
enum CLIMessages {
  static let topLevelKeys: Set<String> = [
    "format", "name", "census", "claims", "enrolment", "stop_loss", "fixed_costs",
    "fully_insured_annual_premium", "options", "funding", "simulation",
  ]

  static func issues(stderr: String, scenarioPath: String) -> [FieldIssue] {
    stderr.replacingOccurrences(of: scenarioPath, with: "scenario")
      .split(whereSeparator: \.isNewline).map(String.init)
      .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("\r") }
      .map(issue)
  }

  static func issue(_ raw: String) -> FieldIssue {
    var text = raw.hasPrefix("error: ") ? String(raw.dropFirst(7)) : raw
    var result = FieldIssue(message: text)
    if let m = text.firstMatch(of: #/^scenario:(\d+):(\d+): /#) {
      result.line = Int(m.1)
      result.column = Int(m.2)
      text = String(text[m.range.upperBound...])
    } else if text.hasPrefix("scenario: ") {
      text = String(text.dropFirst(10))
    }
    if let m = text.firstMatch(of: #/^([A-Za-z_][A-Za-z0-9_]*(?:\[\d+\])*(?:\.[A-Za-z_][A-Za-z0-9_]*(?:\[\d+\])*)*): /#) {
      let path = String(m.1)
      if path.contains(".") || path.contains("[") || topLevelKeys.contains(path) { result.path = path }
    }
    return result
  }
}
