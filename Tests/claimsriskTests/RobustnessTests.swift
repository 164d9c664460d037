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

  /// `--output` paths refused before the run (a 2,000,000-trial run: refused in seconds).
  @Test(
    "--output that would destroy an input, the checkpoint, a device or a directory is refused first",
    arguments: [
      ("scenario", "is an input of this command"),
      ("census", "is an input of this command"),
      ("checkpoint", "is also the --checkpoint file"),
      ("/dev/null", "is not a regular file"),
      ("directory", "is a directory"),
      ("/nonexistent-dir/out.json", "the directory '/nonexistent-dir' does not exist"),
      ("/proc/out.json", "cannot write in the directory '/proc'"),
      ("trailing/", "expected a file name"),
    ])
  func outputRefused(_ target: String, _ message: String) throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = try censusScenario(in: dir)
    let checkpoint = dir.appendingPathComponent("run.checkpoint").path
    let output: String
    switch target {
    case "scenario": output = file
    case "census": output = dir.appendingPathComponent("census.csv").path
    case "checkpoint": output = checkpoint
    case "directory": output = dir.path
    case "trailing/": output = dir.appendingPathComponent("out").path + "/"
    default: output = target
    }
    let scenarioBefore = try String(contentsOfFile: file, encoding: .utf8)
    let (r, _) = try runCLI(
      ["simulate", file, "--trials", "2000000", "--method", "claims", "--quiet", "--output", output, "--checkpoint", checkpoint],
      timeout: 60)
    #expect(r.status == 1, "\(target): exit \(r.status): \(r.stderr)")
    #expect(r.stderr.contains("--output \(output): \(message)"), "\(r.stderr)")
    #expect(!r.stderr.contains("Fatal error"))
    #expect(try String(contentsOfFile: file, encoding: .utf8) == scenarioBefore, "the scenario is untouched")
    #expect(!FileManager.default.fileExists(atPath: checkpoint), "refused before the checkpoint is created")
    var st = stat()
    #expect(stat("/dev/null", &st) == 0 && st.st_mode & S_IFMT == S_IFCHR, "/dev/null is still a device")
  }

  @Test("settle --output naming the claims file is refused")
  func settleOutputIsClaims() throws {
    let scenario = CLI.root.appendingPathComponent("Scenarios/level-funded-12-18.yaml").path
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let claims = dir.appendingPathComponent("paid.csv").path
    try FileManager.default.copyItem(atPath: CLI.root.appendingPathComponent("Scenarios/level-funded-12-18-paid.csv").path, toPath: claims)
    let before = try String(contentsOfFile: claims, encoding: .utf8)
    let r = try CLI.run(["settle", scenario, "--claims", claims, "--output", claims])
    #expect(r.status == 1)
    #expect(r.stderr.contains("is an input of this command"), "\(r.stderr)")
    #expect(try String(contentsOfFile: claims, encoding: .utf8) == before)
  }

  @Test("A full standard output is an error (exit 1), not a crash")
  func fullStdout() throws {
    let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
    let (r, _) = try runCLI(["simulate", sharedWorkloads.appendingPathComponent("w1.yaml").path, "--trials", "200", "--quiet"], stdout: full)
    #expect(r.status == 1, "exit \(r.status): \(r.stderr)")
    #expect(r.stderr.contains("cannot write the report to standard output: No space left on device"), "\(r.stderr)")
  }

  @Test("Temporary files of killed runs (.NAME.tmp-PID, process gone) are removed; a live one is kept")
  func staleTemporaries() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("r.json").path
    // PID 1 always runs; a PID above the kernel's pid_max never does.
    let stale = dir.appendingPathComponent(".r.json.tmp-4194305").path
    let live = dir.appendingPathComponent(".r.json.tmp-1").path
    for path in [stale, live] { _ = FileManager.default.createFile(atPath: path, contents: Data(repeating: 7, count: 1000)) }
    let r = try CLI.run(["simulate", sharedWorkloads.appendingPathComponent("w1.yaml").path, "--trials", "100", "--quiet", "--format", "json", "--output", out])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: stale))
    #expect(FileManager.default.fileExists(atPath: live))
    #expect(FileManager.default.fileExists(atPath: out))
  }

  /// Slips on the command line: refused (exit 2) before anything runs, with what to write.
  @Test(
    "CLI lists refuse thousands separators and apply the file's bounds; --seed names its range",
    arguments: [
      (["compare", "--specific", "50,000,75,000"], "Write the values without separators: --specific 50000,75000"),
      (["compare", "--specific", "25000,1,250,000"], "--specific 25000,1250000"),
      (["compare", "--specific", "25000,,50000"], "an empty value"),
      (["compare", "--specific", "nan"], "'nan' is not a number"),
      (["compare", "--corridor", "125"], "125 must be <= 10, as in the scenario file"),
      (["compare", "--corridor", "125"], "did you mean 1.25?"),
      (["compare", "--corridor", "1,25"], "write decimals with a point"),
      (["attach", "--curve", "--corridors", "125,150"], "'--corridors': 125 must be <= 10"),
      (["simulate", "--seed", "-1"], "'--seed' must be a whole number from 0 to 18446744073709551615, got '-1'"),
      (["simulate", "--seed", "1.5"], "got '1.5'"),
    ])
  func cliSlips(_ arguments: [String], _ message: String) throws {
    let abc = CLI.root.appendingPathComponent("Scenarios/abc-incorporated.yaml").path
    let r = try CLI.run([arguments[0], abc] + arguments.dropFirst() + ["--trials", "100", "--quiet"])
    #expect(r.status == 2, "\(arguments): exit \(r.status): \(r.stderr)")
    #expect(r.stderr.contains(message), "\(r.stderr)")
    #expect(r.stdout.isEmpty, "nothing ran")
  }

  @Test("Lists without slips still run: 0 and three-digit values alone are not separators")
  func cliListsAccepted() throws {
    let abc = CLI.root.appendingPathComponent("Scenarios/abc-incorporated.yaml").path
    let r = try CLI.run(["compare", abc, "--specific", "25000,50000", "--corridor", "1.2,1.25", "--trials", "200", "--quiet", "--format", "csv"])
    #expect(r.status == 0, "\(r.stderr)")
    let seed = try CLI.run(["simulate", abc, "--seed", "18446744073709551615", "--trials", "100", "--quiet", "--format", "json"])
    #expect(seed.status == 0, "\(seed.stderr)")
  }

  @Test("A 50 MB scenario is refused at once, without reading it")
  func hugeScenario() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("huge.yaml")
    var data = Data(validScenario.utf8)
    data.append(Data("\n#".utf8))
    data.append(Data(repeating: UInt8(ascii: "x"), count: 50_000_000))
    try data.write(to: file)
    let start = Date()
    let r = try CLI.run(["validate", file.path])
    #expect(r.status == 1)
    #expect(r.stderr.contains("the file is 50.0 MB; a scenario file may be at most 8 MB"), "\(r.stderr)")
    #expect(Date().timeIntervalSince(start) < 5)
  }

  @Test("Anchors and aliases as values still work; 1e6 is a number (YAML 1.2)")
  func aliasesAsValues() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("anchors.yaml")
    let text = validScenario.replacingOccurrences(of: "deductible: 50000", with: "deductible: &d 5e4")
      + "\noptions:\n  - { name: same, specific: { deductible: *d } }\n"
    try text.write(to: file, atomically: true, encoding: .utf8)
    let r = try CLI.run(["simulate", file.path, "--trials", "100", "--quiet", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
  }

  /// Paid-claims files with bad amounts or months: refused with line and column.
  @Test(
    "settle refuses nan, inf and hexadecimal amounts and reports a claim incurred outside the plan year",
    arguments: [
      ("month,paid\n1,1000\n2,nan\n", "line 3: expected month,paid"),
      ("month,paid\n1,inf\n", "line 2: expected month,paid"),
      ("month,paid\n1,0x10\n", "line 2: expected month,paid"),
      ("member_id,incurred_month,paid_month,amount\n,1,2,100\n,3,4,nan\n", "line 3, column 4 (amount): expected an amount in dollars"),
      ("member_id,incurred_month,paid_month,amount\n,1,2,0x10\n", "line 2, column 4 (amount)"),
      ("member_id,incurred_month,paid_month,amount\n,1,2,100\n,13,14,5000\n", "line 3, column 2 (incurred_month): month 13 is after the plan year"),
      ("member_id,incurred_month,paid_month,amount\n,x,2,100\n", "line 2, column 2 (incurred_month): expected a whole month number"),
    ])
  func settleRefuses(_ csv: String, _ message: String) throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let claims = dir.appendingPathComponent("paid.csv")
    try csv.write(to: claims, atomically: true, encoding: .utf8)
    let scenario = CLI.root.appendingPathComponent("Scenarios/level-funded-12-18.yaml").path
    let r = try CLI.run(["settle", scenario, "--claims", claims.path, "--format", "json"])
    #expect(r.status == 1, "exit \(r.status): \(r.stderr)")
    #expect(r.stderr.contains(claims.path), "\(r.stderr)")
    #expect(r.stderr.contains(message), "\(r.stderr)")
    #expect(r.stdout.isEmpty)
  }

  @Test("--method exact honours SIGINT and SIGTERM: exit 130, no report", arguments: [SIGINT, SIGTERM])
  func exactInterrupted(_ sig: Int32) throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    // W1 with 200,000 members: the exact method's FFTs take over a second.
    let file = dir.appendingPathComponent("big.yaml")
    let w1 = try String(contentsOfFile: sharedWorkloads.appendingPathComponent("w1.yaml").path, encoding: .utf8)
    try w1.replacingOccurrences(of: "members: 1000", with: "members: 200000").write(to: file, atomically: true, encoding: .utf8)
    let out = dir.appendingPathComponent("r.json").path
    let (r, seconds) = try runCLI(["simulate", file.path, "--method", "exact", "--quiet", "--output", out], signal: sig, after: 0.3, timeout: 60)
    #expect(r.status == 130, "exit \(r.status): \(r.stderr)")
    #expect(seconds < 1.0, "stopped \(seconds) s after the signal")
    #expect(r.stderr.contains("interrupted: no report written"), "\(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  @Test("An address-space limit (prlimit --as) below the estimate is refused before the run, not a crash")
  func addressSpaceLimit() throws {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit") else { return }
    let (r, _) = try runCLI(
      ["--as=2000000000", CLI.binary, "simulate", sharedWorkloads.appendingPathComponent("w1.yaml").path,
       "--trials", "100000000", "--method", "claims", "--quiet"],
      timeout: 60, executable: "/usr/bin/prlimit")
    #expect(r.status == 1, "exit \(r.status): \(r.stderr.prefix(500))")
    #expect(r.stderr.contains("100000000 trials of this scenario need about"), "\(r.stderr.prefix(500))")
    #expect(!r.stderr.contains("crashed"))
  }

  @Test("One spelling per key: runout_months is read as run_out_months with a warning; both at once is an error")
  func keySpelling() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let original = try String(contentsOfFile: CLI.root.appendingPathComponent("Scenarios/level-funded-12-18.yaml").path, encoding: .utf8)
    let file = dir.appendingPathComponent("lf.yaml")
    try original.replacingOccurrences(of: "run_out_months: 6", with: "runout_months: 6").write(to: file, atomically: true, encoding: .utf8)
    let r = try CLI.run(["validate", file.path])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.contains("warning: \(file.path):"), "\(r.stderr)")
    #expect(r.stderr.contains("funding.level.runout_months: another spelling of run_out_months; write run_out_months"), "\(r.stderr)")
    try original.replacingOccurrences(of: "run_out_months: 6", with: "runout_months: 6\n    run_out_months: 6").write(to: file, atomically: true, encoding: .utf8)
    let both = try CLI.run(["validate", file.path])
    #expect(both.status == 1)
    #expect(both.stderr.contains("give only run_out_months"), "\(both.stderr)")
    let shipped = try CLI.run(["validate", CLI.root.appendingPathComponent("Scenarios/pool-allocated-balance.yaml").path])
    #expect(shipped.status == 0 && !shipped.stderr.contains("warning"), "\(shipped.stderr)")
  }
}
