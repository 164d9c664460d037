// ChildProcess.swift: one `claimsrisk` run as a child process, on a scenario the server wrote
// to its own temporary directory; its standard output and error go to files (no pipe to fill).
import Foundation
import Synchronization

struct ChildOutput: Sendable {
  var status: Int32
  var stdout: Data
  var stderr: String
}

/// Set when the child's termination was seen.
final class ExitFlag: Sendable {
  private let value = Mutex(false)
  func set() { value.withLock { $0 = true } }
  var isSet: Bool { value.withLock { $0 } }
}

enum ChildProcess {
  /// A fresh private directory holding `scenario.yaml` with `text`; removed by `cleanup`.
  static func workspace(text: String) throws -> URL {
    let dir = FileManager.default.temporaryDirectory
      .appendingPathComponent("claimsrisk-serve-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    try Data(text.utf8).write(to: dir.appendingPathComponent("scenario.yaml"))
    return dir
  }

  static func cleanup(_ dir: URL) { try? FileManager.default.removeItem(at: dir) }

  /// Runs `executable arguments` in `dir`; `onStart` gets the process id and answers whether
  /// the run is still wanted (false: it is killed at once).
  static func run(
    _ executable: URL, _ arguments: [String], in dir: URL, killAfter: Duration,
    onStart: @Sendable (Int32) async -> Bool
  ) async throws -> ChildOutput {
    let outURL = dir.appendingPathComponent("stdout")
    let errURL = dir.appendingPathComponent("stderr")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    defer { try? out.close(); try? err.close() }

    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = dir
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = out
    process.standardError = err
    let exited = AsyncStream<Int32>.makeStream()
    let done = ExitFlag()
    process.terminationHandler = { p in
      done.set()
      exited.continuation.yield(p.terminationStatus)
      exited.continuation.finish()
    }
    do {
      try process.run()
    } catch {
      throw APIError(.internalServerError, "cannot start \(executable.path): \(error.localizedDescription); build it with `swift build -c release --product claimsrisk`")
    }
    let pid = process.processIdentifier
    if await !onStart(pid) { terminate(pid) }
    // The backstop: a child that ignores SIGTERM is killed outright (still our child: the
    // termination handler has not run, so the id has not been reaped and reused).
    let backstop = Task {
      try await Task.sleep(for: killAfter)
      if !done.isSet { kill(pid, SIGKILL) }
    }
    var status: Int32 = -1
    for await s in exited.stream { status = s }
    backstop.cancel()
    let stdout = (try? Data(contentsOf: outURL)) ?? Data()
    let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
    return ChildOutput(status: status, stdout: stdout, stderr: stderr)
  }

  /// SIGTERM: the CLI stops at the end of its current chunk of trials and exits 130.
  static func terminate(_ pid: Int32) {
    if pid > 0 { kill(pid, SIGTERM) }
  }
}
