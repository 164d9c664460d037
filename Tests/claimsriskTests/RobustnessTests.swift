// RobustnessTests.swift: hostile inputs and faults from the command line: a checkpoint whose
// inputs changed, output paths that would destroy an input or a device, slips in CLI lists,
// a full stdout, memory limits and signals. Each gets a clear error (exit 1 or 2) or a clean
// stop (exit 130), never a crash or a wrong answer. docs/validation.md lists them.
import Foundation
import Testing

/// Runs the binary; sends `signal` after `delay` seconds when given; kills it after `timeout`.
func runCLI(
  _ arguments: [String], stdout: FileHandle? = nil, signal: Int32? = nil, after delay: Double = 0,
  timeout: Double = 120, environment: [String: String]? = nil, executable: String = CLI.binary
) throws -> (result: CLIResult, secondsAfterSignal: Double) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  if let environment { process.environment = environment }
  let out = Pipe()
  let err = Pipe()
  process.standardOutput = stdout ?? out
  process.standardError = err
  try process.run()
  var sent = Date()
  if let signal {
    Thread.sleep(forTimeInterval: delay)
    sent = Date()
    kill(process.processIdentifier, signal)
  }
  let deadline = DispatchTime.now() + timeout
  let pid = process.processIdentifier
  DispatchQueue.global().asyncAfter(deadline: deadline) { if process.isRunning { kill(pid, SIGKILL) } }
  let errData = err.fileHandleForReading.readDataToEndOfFile()
  let outData = stdout == nil ? out.fileHandleForReading.readDataToEndOfFile() : Data()
  process.waitUntilExit()
  return (
    CLIResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
              stderr: String(decoding: errData, as: UTF8.self)),
    Date().timeIntervalSince(sent)
  )
}

/// A scenario of `members` members read from census.csv in `dir`.
func censusScenario(in dir: URL, members: Int = 400) throws -> String {
  var csv = "member_id,family_id,tier\n"
  for i in 1...members { csv += "\(i),\(i),ee\n" }
  try csv.write(to: dir.appendingPathComponent("census.csv"), atomically: true, encoding: .utf8)
  let yaml = validScenario.replacingOccurrences(of: "{ members: 50 }", with: "{ members_file: census.csv }")
  let file = dir.appendingPathComponent("scenario.yaml")
  try yaml.write(to: file, atomically: true, encoding: .utf8)
  return file.path
}

@Suite("Robustness: hostile inputs and faults", .serialized)
struct RobustnessTests {
  @Test("--checkpoint: a census edited after the interrupted run is refused, not resumed")
  func checkpointCensusChanged() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = try censusScenario(in: dir)
    let checkpoint = dir.appendingPathComponent("run.checkpoint").path
    let args = ["simulate", file, "--trials", "2000000", "--method", "claims", "--quiet", "--checkpoint", checkpoint]
    let (first, _) = try runCLI(args, signal: SIGINT, after: 1.0)
    #expect(first.status == 130, "\(first.stderr)")
    #expect(FileManager.default.fileExists(atPath: checkpoint))
    // One member more in the census: the fingerprint holds the census file's digest.
    let census = dir.appendingPathComponent("census.csv")
    try (try String(contentsOf: census, encoding: .utf8) + "401,401,ee\n").write(to: census, atomically: true, encoding: .utf8)
    let (resumed, _) = try runCLI(args, timeout: 30)
    #expect(resumed.status == 1, "\(resumed.stderr)")
    #expect(resumed.stderr.contains("belongs to another run"), "\(resumed.stderr)")
    #expect(resumed.stderr.contains("census"), "\(resumed.stderr)")
  }
}
