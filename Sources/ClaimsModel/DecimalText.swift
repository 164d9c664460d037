// DecimalText.swift: numbers written as plain decimals, the only numeric form scenario files,
// census and claims CSVs and command-line lists accept. Swift's Double(String) also reads
// hexadecimal (`0x10` = 16), `inf` and `nan`; those are refused here.

public enum DecimalText {
  /// A plain decimal: `[-+]?digits[.digits][e[-+]digits]` or `[-+]?.digits…`, without
  /// leading zeros on the integer part (except a single 0).
  public static func decimal(_ text: String) -> Double? {
    guard isDecimal(text, allowLeadingZeros: false) else { return nil }
    return Double(text)
  }

  /// As ``decimal(_:)``, but leading zeros are allowed (CSV fields such as `0100`, read as
  /// 100): no hex, no digit separators, no inf or nan.
  public static func csv(_ text: String) -> Double? {
    guard isDecimal(text, allowLeadingZeros: true) else { return nil }
    return Double(text)
  }

  static func isDecimal(_ text: String, allowLeadingZeros: Bool) -> Bool {
    var s = Substring(text)
    if s.first == "-" || s.first == "+" { s = s.dropFirst() }
    let intPart = s.prefix { $0.isASCII && $0.isNumber }
    s = s.dropFirst(intPart.count)
    var fraction = 0
    if s.first == "." {
      s = s.dropFirst()
      let f = s.prefix { $0.isASCII && $0.isNumber }
      fraction = f.count
      s = s.dropFirst(f.count)
    }
    guard intPart.count + fraction > 0 else { return false }
    if !allowLeadingZeros, intPart.count > 1, intPart.first == "0" { return false }
    if s.first == "e" || s.first == "E" {
      s = s.dropFirst()
      if s.first == "-" || s.first == "+" { s = s.dropFirst() }
      let e = s.prefix { $0.isASCII && $0.isNumber }
      guard !e.isEmpty else { return false }
      s = s.dropFirst(e.count)
    }
    return s.isEmpty
  }

}
