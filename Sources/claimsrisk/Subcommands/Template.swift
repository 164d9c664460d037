// Template.swift: `claimsrisk template`: a complete, commented scenario to start from.
import ArgumentParser

extension ClaimsRisk {
  struct Template: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print a complete, commented scenario (the ABC Incorporated quote) to start from.")

    func run() throws {
      print(ScenarioTemplate.text, terminator: "")
    }
  }
}
