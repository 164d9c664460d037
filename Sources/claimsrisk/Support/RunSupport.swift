// RunSupport.swift: running a scenario from a command: progress, interruption, checkpoint.
import ArgumentParser
import ClaimsEngine
import ClaimsModel
import Foundation

enum RunSupport {
  /// Opens the checkpoint of `--checkpoint` (fingerprinted by the scenario text, the run
  /// settings, the program version and `extra`, e.g. compare's flags).
  static func attachCheckpoint(_ path: String?, scenario: Scenario, options: inout RunOptions, extra: [String]) throws {
    guard let path else { return }
    let text = (try? String(contentsOfFile: scenario.file, encoding: .utf8)) ?? scenario.file
    let fingerprint = Checkpoint.fingerprint(
      [ClaimsRisk.version, text, String(options.trials), String(options.seed), String(options.chunkSize),
       options.generator.rawValue] + extra)
    do {
      options.checkpoint = try Checkpoint(path: path, fingerprint: fingerprint)
    } catch let error as CheckpointError {
      throw InputError(message: "--checkpoint \(error.message)")
    }
  }

  /// Runs `body` with signal handling; an interrupted run exits 130 after saying how many
  /// trials had finished (and that a checkpoint keeps them, if one is in use).
  /// `plain`: progress as plain lines on stderr (`--progress`), also when it is not a terminal.
  static func interruptible<T>(_ options: RunOptions, quiet: Bool, plain: Bool = false, _ body: (ProgressMonitor) throws -> T) throws -> T {
    Interruption.install()
    let monitor = ProgressMonitor(quiet: quiet, plainLines: plain)
    do {
      let value = try body(monitor)
      monitor.finish()
      return value
    } catch let cancelled as RunCancelled {
      monitor.finish()
      var message = "interrupted: \(cancelled.trialsDone) of \(options.trials) trials had finished; no report written"
      if let cp = options.checkpoint {
        message += "; the finished trials are kept in \(cp.path): run the same command to resume"
      }
      FileHandle.standardError.write(Data((message + "\n").utf8))
      throw ExitCode(130)
    }
  }
}
