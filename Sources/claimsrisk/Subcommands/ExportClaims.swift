// ExportClaims.swift: `simulate --export-claims FILE [--export-years N]`: synthetic claim
// lines of the scenario's claims model in the claims-file format that `calibrate` reads.
import ArgumentParser
import ClaimsCalibration
import ClaimsModel
import Foundation

struct ExportClaimsArguments: ParsableArguments {
  @Option(help: "Also write simulated claim lines (the claims-file format of `calibrate`), valued at the end of the exported years, to this CSV file.")
  var exportClaims: String?

  @Option(help: "Plan years of claims to export (1 to 10).")
  var exportYears: Int = 1

  @Option(help: "First incurred month of the exported claims, YYYY-MM.")
  var exportStart: String = "2025-01"

  @Option(help: "Also write the large-claimant report (member-year totals above --export-threshold) to this CSV file.")
  var exportLargeClaimants: String?

  @Option(help: "Threshold of the exported large-claimant report.")
  var exportThreshold: Double = 25_000

  func validate() throws {
    if !(1...10).contains(exportYears) { throw ValidationError("'--export-years' must be from 1 to 10, got \(exportYears).") }
    if Month(parsing: exportStart) == nil { throw ValidationError("'--export-start' must be a month YYYY-MM, got '\(exportStart)'.") }
    if !(exportThreshold > 0) { throw ValidationError("'--export-threshold' must be positive, got \(exportThreshold).") }
    if exportLargeClaimants != nil && exportClaims == nil { throw ValidationError("'--export-large-claimants' needs '--export-claims'.") }
  }

  func write(_ scenario: Scenario, seed: UInt64) throws {
    guard let exportClaims else { return }
    for path in [exportClaims, exportLargeClaimants].compactMap({ $0 }) { try ClaimsRisk.Calibrate.checkDirectory(path) }
    let start = Month(parsing: exportStart)!
    // As a claims administrator's file valued at the end of the exported years: lines paid later are not in it.
    let valuation = start + (12 * exportYears - 1)
    let records = ClaimsExport.claims(scenario, years: exportYears, start: start, seed: UInt32(truncatingIfNeeded: seed ^ (seed >> 32)))
      .filter { $0.paid <= valuation }
    try AtomicFile.write(ClaimsExport.csv(records), to: exportClaims)
    if let exportLargeClaimants {
      try AtomicFile.write(ClaimsExport.largeClaimants(records, start: start, threshold: exportThreshold), to: exportLargeClaimants)
    }
  }
}
