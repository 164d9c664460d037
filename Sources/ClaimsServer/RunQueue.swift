// RunQueue.swift: at most K runs at once, a bounded queue behind them (then 429), and the
// registry that cancel, status and shutdown act on. Runs are killed by process id.
import Foundation

/// The state of one run, as `GET /api/runs/{id}` reports it.
struct RunStatus: Codable, Sendable {
  var id: String
  var command: String
  var state: String            // "queued" or "running"
  var queued_ahead: Int?
  var elapsed_seconds: Double
}

/// Why a run ended without its result.
enum RunStop: Sendable { case cancelled, timedOut, shutdown }

actor RunQueue {
  let limit: Int
  let queueLength: Int

  private struct Running { var command: String; var started: ContinuousClock.Instant; var pid: Int32?; var stop: RunStop? }
  private struct Waiting {
    var id: String; var command: String; var since: ContinuousClock.Instant
    var continuation: CheckedContinuation<Void, any Error>
  }
  private var running: [String: Running] = [:]
  private var waiting: [Waiting] = []
  private var finished: [String: RunStop] = [:]
  private var stopping = false

  init(limit: Int, queueLength: Int) {
    self.limit = max(1, limit)
    self.queueLength = max(0, queueLength)
  }

  var isStopping: Bool { stopping }

  /// Waits for a free slot. Throws 429 when the queue is full, 409 when the id is in use or
  /// the run is cancelled while it waits, 503 when the server is stopping.
  func enter(id: String, command: String) async throws {
    if stopping { throw APIError(.serviceUnavailable, "the server is stopping; no new runs") }
    if running[id] != nil || waiting.contains(where: { $0.id == id }) {
      throw APIError(.conflict, "run id '\(id)' is already in use")
    }
    if running.count < limit {
      running[id] = Running(command: command, started: .now, pid: nil, stop: nil)
      return
    }
    guard waiting.count < queueLength else {
      var error = APIError(.tooManyRequests, "too many runs: \(running.count) running and \(waiting.count) queued (the server's limits are --concurrent-runs \(limit) and --queue \(queueLength)); try again shortly")
      error.retryAfterSeconds = 2
      throw error
    }
    try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
      waiting.append(Waiting(id: id, command: command, since: .now, continuation: c))
    }
  }

  /// Records the child's process id; false when the run was stopped meanwhile (the caller
  /// then kills it at once).
  func started(id: String, pid: Int32) -> Bool {
    guard var r = running[id] else { return false }
    r.pid = pid
    running[id] = r
    return r.stop == nil
  }

  /// The run's slot goes to the first queued run. Returns why it was stopped, if it was.
  @discardableResult
  func leave(id: String) -> RunStop? {
    let stop = running.removeValue(forKey: id)?.stop
    if let stop { finished[id] = stop }
    if finished.count > 1000 { finished.removeAll() }
    if !waiting.isEmpty, running.count < limit {
      let next = waiting.removeFirst()
      running[next.id] = Running(command: next.command, started: .now, pid: nil, stop: nil)
      next.continuation.resume()
    }
    return stop
  }

  /// Cancels a queued or running run; false when there is no such run.
  func stop(id: String, reason: RunStop) -> Bool {
    if let i = waiting.firstIndex(where: { $0.id == id }) {
      let w = waiting.remove(at: i)
      w.continuation.resume(throwing: APIError(.conflict, "run '\(id)' was cancelled while queued"))
      return true
    }
    guard var r = running[id] else { return false }
    if r.stop == nil { r.stop = reason }
    running[id] = r
    if let pid = r.pid { ChildProcess.terminate(pid) }
    return true
  }

  /// SIGINT/SIGTERM: refuse new runs, empty the queue, cancel what runs.
  func shutdown() {
    stopping = true
    for w in waiting { w.continuation.resume(throwing: APIError(.serviceUnavailable, "the server is stopping; the queued run was not started")) }
    waiting.removeAll()
    for id in running.keys { _ = stop(id: id, reason: .shutdown) }
  }

  func status(id: String) -> RunStatus? {
    let now = ContinuousClock.now
    if let r = running[id] {
      return RunStatus(id: id, command: r.command, state: "running", queued_ahead: nil, elapsed_seconds: (now - r.started).seconds)
    }
    if let i = waiting.firstIndex(where: { $0.id == id }) {
      let w = waiting[i]
      return RunStatus(id: id, command: w.command, state: "queued", queued_ahead: i, elapsed_seconds: (now - w.since).seconds)
    }
    return nil
  }

  func all() -> [RunStatus] {
    (running.keys.sorted() + waiting.map(\.id)).compactMap { status(id: $0) }
  }

  var counts: (running: Int, queued: Int) { (running.count, waiting.count) }
}

extension Duration {
  var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
