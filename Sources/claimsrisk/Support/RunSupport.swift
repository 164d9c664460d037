// RunSupport.swift: running a scenario from a command: progress, interruption, checkpoint.
import ArgumentParser
import ClaimsEngine
import ClaimsModel
import Foundation

enum RunSupport {
  /// Reads the scenario at `path` and prints its warnings (an old spelling of a key) on
  /// standard error.
  static func loadScenario(_ path: String) throws -> Scenario {
    let scenario = try Scenario.load(path: path)
    for warning in scenario.warnings {
      FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
    }
    return scenario
  }

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
  /// `plain`: progress as plain lines on stderr (`--progress`), also when it is not a terminal.
  static func interruptible<T>(_ options: RunOptions, quiet: Bool, plain: Bool = false, _ body: @escaping (ProgressMonitor) throws -> T) throws -> T {
    Interruption.install()
    let monitor = ProgressMonitor(quiet: quiet, plainLines: plain)
    do {
      let value = try stoppable(grace: 1.0) { try body(monitor) }
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

  /// Runs `body` on a worker thread while this thread watches for SIGINT/SIGTERM. A run in
  /// its chunks stops by itself within a trial; work that does not look at the flag (setting
  /// up before the first chunk, the exact method's FFTs) is abandoned `grace` seconds after
  /// the signal: the process exits 130 without a report (nothing has been written yet).
  static func stoppable<T>(grace: Double, _ body: @escaping () throws -> T) throws -> T {
    Interruption.install()
    let work = UncheckedSendable(body)
    let outcome = UncheckedSendable<Result<T, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      outcome.value = Result { try work.value() }
      done.signal()
    }
    thread.stackSize = 1 << 24
    thread.start()
    var requested: Date?
    while done.wait(timeout: .now() + 0.02) == .timedOut {
      guard Interruption.isRequested else { continue }
      let since = requested ?? Date()
      requested = since
      if Date().timeIntervalSince(since) >= grace {
        for path in AtomicFile.pending { unlink(path) }
        FileHandle.standardError.write(Data("\ninterrupted: no report written\n".utf8))
        Foundation.exit(130)
      }
    }
    return try outcome.value!.get()
  }
}

/// A value handed to the worker thread of ``RunSupport/stoppable(grace:_:)``, which the
/// caller waits for before touching it again.
final class UncheckedSendable<Value>: @unchecked Sendable {
  var value: Value
  init(_ value: Value) { self.value = value }
}
