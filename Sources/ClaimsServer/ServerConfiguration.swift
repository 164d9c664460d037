// ServerConfiguration.swift: the workbench server's limits and where it finds the CLI.
public import Foundation

/// Everything `claimsrisk-serve` can be told; the defaults are the safe ones (loopback, small
/// caps). Every limit is reported by `GET /api/limits` and documented in docs/workbench.md.
public struct ServerConfiguration: Sendable {
  /// The `claimsrisk` executable each run spawns (by default the one next to this program).
  public var claimsrisk: URL
  /// Bundled scenarios: every `*.yaml` in this directory, read once at start-up.
  public var scenariosDirectory: URL?
  /// Largest request body accepted (bytes); larger ones answer 413.
  public var maxBodyBytes: Int = 1 << 20
  /// Largest number of trials a run may ask for (query or the scenario's `simulation.trials`).
  public var maxTrials: Int = 200_000
  /// Runs executing at once; further runs wait in the queue.
  public var concurrentRuns: Int = 2
  /// Runs allowed to wait; one more answers 429.
  public var queueLength: Int = 8
  /// A run (queue wait excluded) still going after this many seconds is cancelled (504).
  public var timeLimit: Duration = .seconds(120)

  public init(claimsrisk: URL, scenariosDirectory: URL?) {
    self.claimsrisk = claimsrisk
    self.scenariosDirectory = scenariosDirectory
  }

  /// `claimsrisk` next to the running executable, and the repository's `Scenarios/` found by
  /// walking up from it (`.build/release/claimsrisk-serve` → `Scenarios/`).
  public static func besideExecutable() -> ServerConfiguration {
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    let directory = Bundle.main.executableURL?.deletingLastPathComponent() ?? executable.deletingLastPathComponent()
    return ServerConfiguration(
      claimsrisk: directory.appendingPathComponent("claimsrisk"),
      scenariosDirectory: findScenarios(from: directory))
  }

  static func findScenarios(from start: URL) -> URL? {
    var dir = start
    for _ in 0..<6 {
      let candidate = dir.appendingPathComponent("Scenarios")
      if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("abc-incorporated.yaml").path) {
        return candidate
      }
      dir = dir.deletingLastPathComponent()
    }
    return nil
  }
}
