// RunSupport.swift: running a scenario from a command: progress, interruption, checkpoint.
import ArgumentParser
import ClaimsEngine
import ClaimsModel
import Foundation

enum RunSupport {
  /// Opens the checkpoint of `--checkpoint`, fingerprinted by the digest of every input file
  /// read (scenario, census CSV), the run settings, the program version and `extra` (e.g.
  /// compare's flags): a resume after any of them changed is refused.
  static func attachCheckpoint(_ path: String?, scenario: Scenario, options: inout RunOptions, extra: [String]) throws {
    guard let path else { return }
    let inputs = scenario.inputDigests.isEmpty
      ? [Digest.hex((try? String(contentsOfFile: scenario.file, encoding: .utf8)) ?? scenario.file)]
      : scenario.inputDigests.map { "\($0.path)=\($0.digest)" }
    let fingerprint = Checkpoint.fingerprint(
      [ClaimsRisk.version] + inputs + [String(options.trials), String(options.seed), String(options.chunkSize),
       options.generator.rawValue] + extra)
    do {
      options.checkpoint = try Checkpoint(path: path, fingerprint: fingerprint)
    } catch let error as CheckpointError {
      throw InputError(message: "--checkpoint \(error.message)")
    }
    if let dropped = options.checkpoint?.droppedTornBytes, dropped > 0 {
      FileHandle.standardError.write(Data("warning: --checkpoint \(path): dropped a last record cut short (\(dropped) bytes, a run killed while writing); its chunk runs again\n".utf8))
    }
  }

  /// Runs `body` with signal handling; an interrupted run exits 130 after saying how many
  /// trials had finished (and that a checkpoint keeps them, if one is in use).
  static func interruptible<T>(_ options: RunOptions, quiet: Bool, _ body: (ProgressMonitor) throws -> T) throws -> T {
    Interruption.install()
    let monitor = ProgressMonitor(quiet: quiet)
    do {
      let value = try body(monitor)
      monitor.finish()
      return value
    } catch let error as CheckpointError {
      monitor.finish()
      throw InputError(message: "--checkpoint \(error.message)")
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
