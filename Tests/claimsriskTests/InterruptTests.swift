// InterruptTests.swift: SIGINT and SIGTERM sent to the real binary during a long run: it stops
// within a second, writes no report, says how many trials had finished, and `--checkpoint`
// resumes to the same result as an uninterrupted run.
import Foundation
import Testing

@Suite("Interruption and resume", .serialized)
struct InterruptTests {
  static let w1 = sharedWorkloads.appendingPathComponent("w1.yaml").path

  /// Starts the binary, sends `signal` after `delay` seconds, and waits.
  func interrupted(_ arguments: [String], signal: Int32, after delay: Double) throws -> (CLIResult, Double) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CLI.binary)
    process.arguments = arguments
    let err = Pipe()
    process.standardError = err
    process.standardOutput = Pipe()
    try process.run()
    Thread.sleep(forTimeInterval: delay)
    let sent = Date()
    kill(process.processIdentifier, signal)
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let stopped = Date().timeIntervalSince(sent)
    return (CLIResult(status: process.terminationStatus, stdout: "", stderr: String(decoding: errData, as: UTF8.self)), stopped)
  }

  @Test("SIGINT and SIGTERM: stop within a second, no report, trials reported", arguments: [SIGINT, SIGTERM])
  func stops(_ sig: Int32) throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("r.json").path
    let (r, seconds) = try interrupted(
      ["simulate", Self.w1, "--trials", "2000000", "--method", "claims", "--format", "json", "--output", out, "--quiet"],
      signal: sig, after: 1.0)
    #expect(r.status == 130, "\(r.stderr)")
    #expect(seconds < 1.0, "stopped \(seconds) s after the signal")
    #expect(r.stderr.contains("trials had finished"), "\(r.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "no report or temporary file")
  }

  @Test("--checkpoint: an interrupted run resumes to the uninterrupted result")
  func resume() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let checkpoint = dir.appendingPathComponent("run.checkpoint").path
    let out = dir.appendingPathComponent("resumed.json").path
    // The claim-level method: long enough (a few seconds) to interrupt.
    let args = ["simulate", Self.w1, "--trials", "60000", "--method", "claims", "--threads", "2", "--format", "json", "--quiet", "--checkpoint", checkpoint]
    let (r, _) = try interrupted(args + ["--output", out], signal: SIGINT, after: 0.8)
    #expect(r.status == 130, "\(r.stderr)")
    #expect(r.stderr.contains("run the same command to resume"))
    #expect(FileManager.default.fileExists(atPath: checkpoint))
    let resumed = try CLI.run(args + ["--output", out, "--threads", "1"])
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(!FileManager.default.fileExists(atPath: checkpoint), "removed once the report is written")
    let straight = try CLI.run(["simulate", Self.w1, "--trials", "60000", "--method", "claims", "--threads", "2", "--format", "json", "--quiet"])
    #expect(try String(contentsOfFile: out, encoding: .utf8) == straight.stdout)
    // A checkpoint of another run is refused.
    try "claimsrisk-checkpoint 1 0000\n".write(toFile: checkpoint, atomically: true, encoding: .utf8)
    let other = try CLI.run(args)
    #expect(other.status == 1)
    #expect(other.stderr.contains("belongs to another run"))
  }
}
