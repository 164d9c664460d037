// ClaimsRisk.swift: the `claimsrisk` command: simulate a self-funded plan year under
// stop-loss, validate scenarios, print a template. The library modules do the work.
import ArgumentParser
import ClaimsCalibration
import ClaimsEngine
import ClaimsModel
import Foundation

@main
struct ClaimsRisk: ParsableCommand {
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "claimsrisk",
    abstract: "Monte Carlo claims risk of a self-funded health plan under stop-loss insurance.",
    discussion: """
      A scenario file (YAML or JSON) describes the group, its claim model and its stop-loss \
      contract; see `claimsrisk template` and docs/scenario-format.md.
      Exit status: 0 success, 1 bad input file, 2 bad command line, 130 interrupted.
      """,
    version: version,
    subcommands: [Simulate.self, Compare.self, Attach.self, Settle.self, Fund.self, Validate.self, Template.self, BookCommand.self, Calibrate.self, Serve.self],
    defaultSubcommand: nil)

  /// Exit codes: input errors 1, usage errors 2 (argument-parser's default would be 64).
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch let error as ScenarioError {
      let lines = error.issues.map { "error: \($0)\n" }.joined()
      FileHandle.standardError.write(Data(lines.utf8))
      Foundation.exit(1)
    } catch let error as ResourceError {
      FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
      Foundation.exit(1)
    } catch let error as CalibrationError {
      let lines = error.issues.map { "error: \($0)\n" }.joined()
      FileHandle.standardError.write(Data(lines.utf8))
      Foundation.exit(1)
    } catch let error as InputError {
      FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
      Foundation.exit(1)
    } catch {
      let code = exitCode(for: error)
      if code == .validationFailure {
        FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
        Foundation.exit(2)
      }
      exit(withError: error)
    }
  }
}

/// A problem with an input or output file that is not a scenario error (an unwritable
/// output path, for example).
struct InputError: Error {
  var message: String
}
