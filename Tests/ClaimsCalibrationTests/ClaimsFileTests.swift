// ClaimsFileTests.swift: the claims CSV reader: formats, reversals, and bad files reported
// with line and column, all problems at once.
import ClaimsCalibration
import Testing

@Suite struct ClaimsFileTests {
  @Test func readsMonthsDatesTypesAndReversals() throws {
    let text = """
      member_id,incurred,paid,amount,type,claim_id
      A,2025-01,2025-02,100.50,medical,1
      A,2025-01-15,2025-03-02,-100.50,medical,1
      "B, jr",2025-02,2025-02,40,rx,
      """
    let file = try ClaimsFile.parse(text: text, file: "c.csv")
    #expect(file.records.count == 3)
    #expect(file.records[1].incurred == Month(year: 2025, month: 1))
    #expect(file.records[1].paid == Month(year: 2025, month: 3))
    #expect(file.records.reduce(0) { $0 + $1.amount } == 40)
    #expect(file.records[2].member == "B, jr" && file.records[2].type == .rx)
  }

  func issues(_ text: String) -> [String] {
    do {
      _ = try ClaimsFile.parse(text: text, file: "c.csv")
      return []
    } catch let error as CalibrationError {
      return error.issues
    } catch {
      return ["\(error)"]
    }
  }

  @Test func emptyFile() {
    #expect(issues("")[0].contains("the claims file is empty"))
    #expect(issues("member_id,incurred,paid,amount\n")[0].contains("no claim lines"))
  }

  @Test func wrongHeader() {
    let i = issues("member,incurred,paid_on,amount\nA,2025-01,2025-01,1\n")
    #expect(i.contains { $0.hasPrefix("c.csv:1:") && $0.contains("unknown column 'paid_on'") })
    #expect(i.contains { $0.contains("missing column 'paid'") })
  }

  @Test func everyRowProblemAtOnceWithLineAndColumn() {
    let i = issues("""
      member_id,incurred,paid,amount
      A,2025-01,2025-02,100
      B,01/2025,2025-02,100
      C,2025-03,2025-02,100
      D,2025-03,2025-04,abc
      E,2025-03,2025-04,"1,200"
      """)
    #expect(i.count == 4)
    #expect(i[0] == "c.csv:3:3: incurred: '01/2025' is not a month; write YYYY-MM (e.g. 2025-03) or a date YYYY-MM-DD")
    #expect(i[1].hasPrefix("c.csv:4:") && i[1].contains("before the incurred month 2025-03"))
    #expect(i[2].hasPrefix("c.csv:5:19: amount: 'abc' is not a number"))
    #expect(i[3].contains("no thousands separators"))
  }
}
