// ProgressMonitor.swift: a progress bar on stderr for runs longer than about a second, shown
// only when stderr is a terminal and `--quiet` is not given; with `--progress`, plain lines
// ("progress: 4,000 of 20,000 trials (20%), 2s elapsed, about 8s left") at every tenth of
// the run, whether or not stderr is a terminal (for logs and CI).
import ClaimsEngine
import Foundation
import Synchronization

final class ProgressMonitor: RunMonitor, Sendable {
  private let enabled: Bool
  private let plainLines: Bool
  private let start = DispatchTime.now().uptimeNanoseconds
  private let state = Mutex<(shown: Bool, lastDraw: UInt64, lastTenth: Int)>((false, 0, 0))

  init(quiet: Bool, plainLines: Bool = false) {
    self.plainLines = plainLines
    enabled = plainLines || (!quiet && isatty(STDERR_FILENO) == 1)
  }

  private func plainLine(trialsDone: Int, of total: Int, elapsed: Double) {
    let tenth = total > 0 ? trialsDone * 10 / total : 10
    state.withLock { s in
      guard tenth > s.lastTenth else { return }
      s.lastTenth = tenth
      let fraction = Double(trialsDone) / Double(max(total, 1))
      let left = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
      let line = String(format: "progress: %@ of %@ trials (%.0f%%), %.1fs elapsed, about %.0fs left\n",
                        trialsDone.formatted(), total.formatted(), fraction * 100, elapsed, left)
      FileHandle.standardError.write(Data(line.utf8))
    }
  }

  var isCancelled: Bool { Interruption.isRequested }

  func chunkFinished(trialsDone: Int, of total: Int) {
    guard enabled else { return }
    let now = DispatchTime.now().uptimeNanoseconds
    let elapsed = Double(now - start) / 1e9
    if plainLines { return plainLine(trialsDone: trialsDone, of: total, elapsed: elapsed) }
    guard elapsed > 1 else { return }
    state.withLock { s in
      guard now - s.lastDraw > 100_000_000 || trialsDone == total else { return }
      s.lastDraw = now
      s.shown = true
      let fraction = Double(trialsDone) / Double(total)
      let width = 30
      let filled = Int(fraction * Double(width))
      let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
      let eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
      let line = String(format: "\r[%@] %3.0f%%  %d/%d trials  %.0fs left ", bar, fraction * 100, trialsDone, total, eta)
      FileHandle.standardError.write(Data(line.utf8))
    }
  }

  func finish() {
    state.withLock { s in
      if s.shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
  }
}
