// ServerTests.swift: the workbench API through HummingbirdTesting, on the real `claimsrisk`
// binary: answers equal the CLI's bytes, malformed and oversize bodies, the trial cap, the
// queue (429), cancel (409), the time limit (504) and no paths from requests.
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import ClaimsServer

enum Fixture {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let scenarios = root.appendingPathComponent("Scenarios")
  static let abc = try! String(contentsOf: scenarios.appendingPathComponent("abc-incorporated.yaml"), encoding: .utf8)

  /// The `claimsrisk` built beside the test bundle (found as the server finds it).
  static let claimsrisk: URL = {
    let beside = ServerConfiguration.besideExecutable().claimsrisk
    if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
    return root.appendingPathComponent(".build/release/claimsrisk")
  }()

  /// The ABC scenario written to a temporary file, for the CLI side of a comparison.
  static func withABCFile(_ body: (URL) async throws -> Void) async throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("i15-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    // The name the server gives its temporary copy, so that `scenario_file` agrees.
    let file = dir.appendingPathComponent("scenario.yaml")
    try abc.write(to: file, atomically: true, encoding: .utf8)
    try await body(file)
  }

  static func configuration(_ edit: (inout ServerConfiguration) -> Void = { _ in }) -> ServerConfiguration {
    var c = ServerConfiguration(claimsrisk: claimsrisk, scenariosDirectory: scenarios)
    edit(&c)
    return c
  }

  static func app(_ c: ServerConfiguration = configuration()) -> some ApplicationProtocol {
    Application(router: WorkbenchServer(configuration: c).router())
  }

  /// Runs the CLI directly on `file`, from its folder as the server runs it, for the
  /// byte-for-byte comparison.
  static func cli(_ command: String, _ file: URL, _ arguments: [String]) throws -> Data {
    let p = Process()
    p.executableURL = claimsrisk
    p.arguments = [command, file.lastPathComponent] + arguments
    p.currentDirectoryURL = file.deletingLastPathComponent()
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return data
  }

  static func errors(_ body: ByteBuffer?) throws -> [[String: Any]] {
    let object = try JSONSerialization.jsonObject(with: Data((body ?? ByteBuffer()).readableBytesView)) as? [String: Any]
    return object?["errors"] as? [[String: Any]] ?? []
  }
}

@Suite("Workbench API", .serialized)
struct ServerTests {
  @Test("simulate answers exactly the JSON that `simulate --format json` writes")
  func simulateMatchesCLI() async throws {
    try await Fixture.withABCFile { file in
      let expected = try Fixture.cli("simulate", file, ["--format", "json", "--trials", "2000", "--seed", "11"])
      try await Fixture.app().test(.router) { client in
        try await client.execute(uri: "/api/simulate?trials=2000&seed=11", method: .post, body: ByteBuffer(string: Fixture.abc)) { r in
          #expect(r.status == .ok)
          #expect(r.headers[.contentType]?.hasPrefix("application/json") == true)
          #expect(Data((r.body ?? ByteBuffer()).readableBytesView) == expected)
          #expect(!expected.isEmpty)
        }
      }
    }
  }

  @Test("compare with query lists equals the CLI's; csv and table formats too")
  func compareMatchesCLI() async throws {
    try await Fixture.withABCFile { file in
      for format in ["json", "csv", "table"] {
        let expected = try Fixture.cli("compare", file, ["--format", format, "--trials", "1500", "--seed", "3", "--specific", "25000,50000"])
        try await Fixture.app().test(.router) { client in
          try await client.execute(uri: "/api/compare?trials=1500&seed=3&specific=25000,50000&format=\(format)", method: .post, body: ByteBuffer(string: Fixture.abc)) { r in
            #expect(r.status == .ok)
            #expect(Data((r.body ?? ByteBuffer()).readableBytesView) == expected, "format \(format)")
          }
        }
      }
    }
  }

  @Test("a malformed body answers 4xx JSON with the CLI's message, key path, line and column")
  func malformedBodies() async throws {
    let bad = Fixture.abc.replacingOccurrences(of: "deductible: 25000", with: "deductible: -5")
    try await Fixture.app().test(.router) { client in
      try await client.execute(uri: "/api/validate", method: .post, body: ByteBuffer(string: bad)) { r in
        #expect(r.status == .unprocessableContent)
        let e = try Fixture.errors(r.body)
        #expect(e.first?["path"] as? String == "stop_loss.specific.deductible")
        #expect(e.first?["message"] as? String == "scenario:21:17: stop_loss.specific.deductible: must be >= 0, found -5")
        #expect(e.first?["line"] as? Int == 21)
      }
      try await client.execute(uri: "/api/simulate?trials=100", method: .post, body: ByteBuffer(string: "foo: [")) { r in
        #expect(r.status == .unprocessableContent)
        let message = try Fixture.errors(r.body).first?["message"] as? String ?? ""
        #expect(message.hasPrefix("scenario: not valid YAML or JSON"))
      }
      try await client.execute(uri: "/api/simulate", method: .post, body: ByteBuffer(string: "- just\n- a list\n")) { r in
        #expect(r.status == .unprocessableContent)
      }
      try await client.execute(uri: "/api/simulate", method: .post, body: ByteBuffer()) { r in
        #expect(r.status == .badRequest)
      }
      try await client.execute(uri: "/api/simulate", method: .post, body: ByteBuffer(bytes: [0x66, 0xff, 0xfe, 0x3a])) { r in
        #expect(r.status == .badRequest)
      }
      try await client.execute(uri: "/api/compare?trials=500&specific=50,000x", method: .post, body: ByteBuffer(string: Fixture.abc)) { r in
        #expect(r.status == .badRequest)
        let message = try Fixture.errors(r.body).first?["message"] as? String ?? ""
        #expect(message.contains("'--specific'"))
      }
      try await client.execute(uri: "/api/simulate?trials=abc", method: .post, body: ByteBuffer(string: Fixture.abc)) { r in
        #expect(r.status == .badRequest)
      }
      try await client.execute(uri: "/api/simulate?output=/tmp/x", method: .post, body: ByteBuffer(string: Fixture.abc)) { r in
        #expect(r.status == .badRequest)
      }
    }
  }

  @Test("no file-system path is taken from a request")
  func noPaths() async throws {
    let body = "format: 1\ncensus: { members_file: /etc/passwd }\nclaims: default\n"
    try await Fixture.app().test(.router) { client in
      try await client.execute(uri: "/api/simulate", method: .post, body: ByteBuffer(string: body)) { r in
        #expect(r.status == .unprocessableContent)
        #expect((try? Fixture.errors(r.body))?.first?["path"] as? String == "census.members_file")
      }
      try await client.execute(uri: "/api/scenarios/..%2F..%2Fetc%2Fpasswd", method: .get) { r in
        #expect(r.status == .notFound)
      }
      try await client.execute(uri: "/api/scenarios/abc-incorporated", method: .get) { r in
        #expect(r.status == .ok)
        #expect(String(buffer: r.body ?? ByteBuffer()) == Fixture.abc)
      }
    }
  }

  @Test("oversize bodies answer 413, trials over the cap 400")
  func limits() async throws {
    let app = Fixture.app(Fixture.configuration { $0.maxBodyBytes = 4096; $0.maxTrials = 5000 })
    try await app.test(.router) { client in
      let big = Fixture.abc + "\n#" + String(repeating: "x", count: 5000) + "\n"
      try await client.execute(uri: "/api/simulate?trials=100", method: .post, body: ByteBuffer(string: big)) { r in
        #expect(r.status == .contentTooLarge)
        #expect((try? Fixture.errors(r.body))?.first?["message"] as? String == "the request body is larger than this server's limit of 4096 bytes (claimsrisk-serve --max-body-bytes)")
      }
      try await client.execute(uri: "/api/simulate?trials=5001", method: .post, body: ByteBuffer(string: Fixture.abc)) { r in
        #expect(r.status == .badRequest)
      }
      // The scenario's own simulation.trials (20,000) is over the cap too.
      try await client.execute(uri: "/api/simulate", method: .post, body: ByteBuffer(string: Fixture.abc)) { r in
        #expect(r.status == .badRequest)
        #expect((try? Fixture.errors(r.body))?.first?["path"] as? String == "simulation.trials")
      }
    }
  }

  /// Starts a long run with id `slow` and waits until it is running.
  static func startSlow(_ client: some TestClientProtocol, trials: Int = 2_000_000) async throws -> Task<TestResponse, any Error> {
    let task = Task {
      try await client.execute(uri: "/api/simulate?trials=\(trials)&method=claims&run=slow", method: .post, headers: [:], body: ByteBuffer(string: Fixture.abc))
    }
    for _ in 0..<200 {
      let r = try await client.execute(uri: "/api/runs/slow", method: .get, headers: [:], body: nil)
      if r.status == .ok, String(buffer: r.body ?? ByteBuffer()).contains("\"running\"") { return task }
      try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("the slow run never started")
    return task
  }

  @Test("too many concurrent runs answer 429; cancel stops the running one (409)")
  func queueAndCancel() async throws {
    let app = Fixture.app(Fixture.configuration { $0.concurrentRuns = 1; $0.queueLength = 1; $0.maxTrials = 100_000_000 })
    try await app.test(.router) { client in
      let slow = try await Self.startSlow(client)
      // One may wait in the queue...
      let queued = Task {
        try await client.execute(uri: "/api/validate?run=queued", method: .post, headers: [:], body: ByteBuffer(string: Fixture.abc))
      }
      var isQueued = false
      for _ in 0..<100 where !isQueued {
        let r = try await client.execute(uri: "/api/runs/queued", method: .get)
        isQueued = String(buffer: r.body ?? ByteBuffer()).contains("\"queued\"")
        if !isQueued { try await Task.sleep(for: .milliseconds(20)) }
      }
      #expect(isQueued)
      // ...the next is refused.
      try await client.execute(uri: "/api/validate", method: .post, body: ByteBuffer(string: Fixture.abc)) { r in
        #expect(r.status == .tooManyRequests)
        #expect(r.headers[.retryAfter] == "2")
      }
      try await client.execute(uri: "/api/runs/slow", method: .delete) { r in #expect(r.status == .accepted) }
      let answer = try await slow.value
      #expect(answer.status == .conflict)
      #expect(String(buffer: answer.body ?? ByteBuffer()).contains("cancelled"))
      // The queued run then gets the slot and finishes normally.
      let validated = try await queued.value
      #expect(validated.status == .ok)
      try await client.execute(uri: "/api/runs/slow", method: .delete) { r in #expect(r.status == .notFound) }
    }
  }

  @Test("a run over the time limit is cancelled (504)")
  func timeLimit() async throws {
    let app = Fixture.app(Fixture.configuration { $0.timeLimit = .milliseconds(700); $0.maxTrials = 100_000_000 })
    try await app.test(.router) { client in
      let started = ContinuousClock.now
      try await client.execute(uri: "/api/simulate?trials=2000000&method=claims", method: .post, body: ByteBuffer(string: Fixture.abc)) { r in
        #expect(r.status == .gatewayTimeout)
      }
      #expect(ContinuousClock.now - started < .seconds(10))
    }
  }

  @Test("the page, the OpenAPI document and the scenario list")
  func documents() async throws {
    try await Fixture.app().test(.router) { client in
      try await client.execute(uri: "/", method: .get) { r in
        let page = String(buffer: r.body ?? ByteBuffer())
        #expect(r.status == .ok)
        #expect(page.contains("ClaimsRisk workbench"))
        // Self-contained: no script, style or font from elsewhere.
        #expect(!page.contains("http://") && !page.contains("https://") && !page.contains("//cdn"))
      }
      try await client.execute(uri: "/openapi.json", method: .get) { r in
        let doc = try JSONSerialization.jsonObject(with: Data((r.body ?? ByteBuffer()).readableBytesView)) as? [String: Any]
        #expect((doc?["openapi"] as? String)?.hasPrefix("3.") == true)
        let paths = doc?["paths"] as? [String: Any] ?? [:]
        for p in ["/api/validate", "/api/simulate", "/api/compare", "/api/attach", "/api/runs/{id}"] { #expect(paths[p] != nil, "\(p)") }
      }
      try await client.execute(uri: "/api/scenarios", method: .get) { r in
        #expect(String(buffer: r.body ?? ByteBuffer()).contains("\"abc-incorporated\""))
      }
      try await client.execute(uri: "/api/parse", method: .post, body: ByteBuffer(string: Fixture.abc)) { r in
        let object = try JSONSerialization.jsonObject(with: Data((r.body ?? ByteBuffer()).readableBytesView)) as? [String: Any]
        let s = object?["scenario"] as? [String: Any]
        #expect(s?["name"] as? String == "ABC Incorporated")
        #expect(((s?["stop_loss"] as? [String: Any])?["specific"] as? [String: Any])?["basis"] as? String == "12/15")
      }
    }
  }
}
