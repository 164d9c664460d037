// FuzzCorpusTests.swift: the fuzz corpus (seed inputs and every crash the fuzzer ever found)
// replayed through the scenario decoder by the ScenarioFuzz replayer: none may crash.
import Foundation
import Testing

@Suite("Fuzz corpus regression")
struct FuzzCorpusTests {
  @Test("Every input of Tests/Fuzz replays without a crash")
  func replay() throws {
    let replayer = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().appendingPathComponent("ScenarioFuzz").path
    let corpus = CLI.root.appendingPathComponent("Tests/Fuzz/corpus").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: replayer)
    process.arguments = [corpus]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = Pipe()
    try process.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let files = try FileManager.default.contentsOfDirectory(atPath: corpus).count
    #expect(text.contains("replayed \(files) inputs without a crash"), "\(text)")
  }
}
