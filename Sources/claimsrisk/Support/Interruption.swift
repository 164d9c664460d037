// Interruption.swift: Ctrl-C (SIGINT) and SIGTERM stop a run between trials: the workers see
// the flag within one trial, the run ends without writing a report, and the command says how
// many trials had finished. A second signal exits at once.
import Dispatch
import Foundation
import Synchronization

enum Interruption {
  static let requested = Atomic<Bool>(false)
  nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

  /// Installs the handlers (once, before a run).
  static func install() {
    guard sources.isEmpty else { return }
    for sig in [SIGINT, SIGTERM] {
      signal(sig, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
      source.setEventHandler {
        if requested.exchange(true, ordering: .relaxed) {
          for path in AtomicFile.pending { unlink(path) }
          FileHandle.standardError.write(Data("\ninterrupted again: exiting now\n".utf8))
          Foundation.exit(130)
        }
      }
      source.resume()
      sources.append(source)
    }
  }

  static var isRequested: Bool { requested.load(ordering: .relaxed) }
}
