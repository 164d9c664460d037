// CSVLine.swift: splits one CSV line into fields (RFC 4180 quoting: "a, b" and "" inside
// quotes), reporting the 1-based column where each field starts.

enum CSVLine {
  struct Field {
    var text: String
    var column: Int
  }

  /// The fields of `line`, or nil when a quoted field is not closed.
  static func split(_ line: Substring) -> [Field]? {
    var fields: [Field] = []
    var current = ""
    var start = 1
    var column = 0
    var inQuotes = false
    var iterator = line.makeIterator()
    var pending: Character? = nil
    while true {
      let next: Character?
      if let p = pending { next = p; pending = nil } else { next = iterator.next() }
      guard let c = next else { break }
      column += 1
      if inQuotes {
        if c == "\"" {
          if let after = iterator.next() {
            if after == "\"" { current.append("\""); column += 1 } else { inQuotes = false; pending = after }
          } else {
            inQuotes = false
          }
        } else {
          current.append(c)
        }
      } else if c == "\"" && current.isEmpty {
        inQuotes = true
      } else if c == "," {
        fields.append(Field(text: current.trimmingSpaces(), column: start))
        current = ""
        start = column + 1
      } else {
        current.append(c)
      }
    }
    if inQuotes { return nil }
    fields.append(Field(text: current.trimmingSpaces(), column: start))
    return fields
  }
}

extension String {
  func trimmingSpaces() -> String {
    var s = Substring(self)
    while let f = s.first, f == " " || f == "\t" || f == "\r" { s.removeFirst() }
    while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
    return String(s)
  }
}
