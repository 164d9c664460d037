// CLISupport.swift: runs the built `claimsrisk` binary and captures its output.
import Foundation
import Testing

struct CLIResult {
  var status: Int32
  var stdout: String
  var stderr: String
}

enum CLI {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The `claimsrisk` built beside the test bundle (the test target depends on it).
  static let binary: String = {
    var candidates: [URL] = []
    if let first = CommandLine.arguments.first {
      var dir = URL(fileURLWithPath: first).deletingLastPathComponent()
      if dir.lastPathComponent.hasSuffix(".xctest") { dir = dir.deletingLastPathComponent() }
      candidates.append(dir.appendingPathComponent("claimsrisk"))
    }
    candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("claimsrisk"))
    candidates.append(Bundle.main.bundleURL.appendingPathComponent("claimsrisk"))
    for config in ["release", "debug"] {
      candidates.append(root.appendingPathComponent(".build/\(config)/claimsrisk"))
    }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }?.path ?? "claimsrisk"
  }()

  @discardableResult
  static func run(_ arguments: [String]) throws -> CLIResult {
    try runProgram(binary, arguments)
  }

  /// Runs any program and captures its output.
  static func runProgram(_ executable: String, _ arguments: [String]) throws -> CLIResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes to the end before waiting (large outputs would otherwise block).
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CLIResult(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }
}

/// A fresh temporary directory for one test.
func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("claimsrisk-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// The reference workloads W1/W2, kept in the repository as test fixtures.
let sharedWorkloads = CLI.root.appendingPathComponent("Tests/Fixtures/workloads")
