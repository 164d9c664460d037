// ScenarioFuzz.swift: the fuzz target over the scenario decoder and validator.
// `make fuzz` builds it with `-sanitize=fuzzer,address -D FUZZING` (libFuzzer supplies main
// and calls LLVMFuzzerTestOneInput); a normal build makes a replayer that runs the decoder on
// each file given, which is how crashes found by the fuzzer become regression tests
// (Tests/ClaimsModelTests/FuzzCorpusTests.swift replays Tests/Fuzz/corpus).
import ClaimsModel
import Foundation

/// Decodes and validates one input; every outcome but a crash is fine.
func exercise(_ bytes: UnsafeBufferPointer<UInt8>) {
  let text = String(decoding: bytes, as: UTF8.self)
  do {
    let scenario = try Scenario.parse(text: text, file: "fuzz.yaml", baseDirectory: "/nonexistent")
    // A valid scenario must describe itself without trapping.
    _ = scenario.annualFixedCosts
    _ = scenario.claims.blendedLag
    if case .annual(let d) = scenario.claims.model { _ = d.mean }
  } catch let error as ScenarioError {
    precondition(!error.issues.isEmpty, "a ScenarioError must carry at least one issue")
  } catch {
    preconditionFailure("unexpected error type: \(error)")
  }
}

#if FUZZING
  /// The callback libFuzzer's driver references.
  @_cdecl("LLVMFuzzerTestOneInput")
  public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    exercise(UnsafeBufferPointer(start: data, count: size))
    return 0
  }

  /// libFuzzer's entry for programs with their own main (SwiftPM gives executables one).
  @_silgen_name("LLVMFuzzerRunDriver")
  func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
  ) -> CInt

  @main
  enum ScenarioFuzzDriver {
    static func main() {
      var argc = CommandLine.argc
      var argv = CommandLine.unsafeArgv
      let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOne(data, size) }
      exit(status)
    }
  }
#else
  @main
  enum ScenarioFuzzReplay {
    static func main() {
      var count = 0
      for path in CommandLine.arguments.dropFirst() {
        var files = [path]
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
          files = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { "\(path)/\($0)" }
        }
        for file in files {
          guard let data = FileManager.default.contents(atPath: file) else { continue }
          data.withUnsafeBytes { raw in exercise(raw.bindMemory(to: UInt8.self)) }
          count += 1
        }
      }
      print("replayed \(count) inputs without a crash")
    }
  }
#endif
