// ReferenceCashFlow.swift: the reference simulator's monthly cash flow of one settled trial,
// from the product's definitions (docs/model.md, "Cash flow"; the accommodation loop of the
// monthly aggregate accommodation rider): net outflow_m = fixed costs_m + claims paid_m −
// specific received_m − the aggregate reimbursement at settlement; the largest cumulative
// outflow above the budget (fixed costs + monthly attachment point), without and with
// accommodation (advanced in months 1…12 as aggregate claims to date exceed the cumulative
// monthly attachment, never clawed back during the year, reconciled at settlement).
import Foundation

struct ReferenceCashFlow {
  var largestNeed = 0.0
  var largestNeedAccommodated = 0.0
  var accommodation = 0.0
  /// Net outflow of months 1…horizon (index 0 unused), without and with accommodation.
  var outflow: [Double] = []
  var outflowAccommodated: [Double] = []

  /// - Parameters:
  ///   - horizon: the last month reported; anything later is counted in it.
  ///   - reimbursement: the trial's aggregate reimbursement, received at settlement.
  init(_ settled: ReferenceSettlement, horizon: Int, reimbursement: Double) {
    let c = settled.contract
    var advanced = 0.0
    var accommodation = Array(repeating: 0.0, count: 13)
    if c.accommodation {
      var claimsToDate = 0.0
      var attachmentToDate = 0.0
      for m in 1...12 {
        claimsToDate += settled.aggregateCounted[m]
        attachmentToDate += c.monthlyAttachment[m - 1]
        let owed = max(0, claimsToDate - attachmentToDate)
        accommodation[m] = max(0, owed - advanced)
        advanced += accommodation[m]
      }
    }
    self.accommodation = advanced
    let settlement = min(c.settlementMonth, horizon)
    outflow = Array(repeating: 0, count: horizon + 1)
    outflowAccommodated = outflow
    var cumulative = 0.0
    var cumulativeAccommodated = 0.0
    for m in 1...horizon {
      let fixed = m <= 12 ? c.monthlyFixedCosts[m - 1] : 0
      let budget = m <= 12 ? fixed + c.monthlyAttachment[m - 1] : 0
      var flow = fixed + settled.claimsPaid[m] - settled.specificReceived[m]
      if m == horizon {
        for later in (horizon + 1)..<settled.claimsPaid.count {
          flow += settled.claimsPaid[later] - settled.specificReceived[later]
        }
      }
      var flowAccommodated = flow - (m <= 12 ? accommodation[m] : 0)
      if m == settlement {
        flow -= reimbursement
        flowAccommodated -= reimbursement - advanced
      }
      outflow[m] = flow
      outflowAccommodated[m] = flowAccommodated
      cumulative += flow - budget
      cumulativeAccommodated += flowAccommodated - budget
      largestNeed = max(largestNeed, cumulative)
      largestNeedAccommodated = max(largestNeedAccommodated, cumulativeAccommodated)
    }
  }
}
