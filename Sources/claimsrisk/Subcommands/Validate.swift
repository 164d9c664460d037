// Validate.swift: `claimsrisk validate FILE`: read and check a scenario without running it.
import ArgumentParser
import ClaimsModel
import Foundation

extension ClaimsRisk {
  struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check a scenario file and print what it describes; exit 1 listing every problem if it is invalid.")

    @Argument(help: "The scenario file (YAML or JSON).")
    var file: String

    func run() throws {
      let scenario = try RunSupport.loadScenario(file)
      print(ScenarioDescription(scenario).text)
    }
  }
}
