// WorkbenchServer.swift: the routes of `claimsrisk-serve`: the page, the OpenAPI document,
// the bundled scenarios, and the runs (validate, simulate, compare, attach) with cancel.
import Foundation
public import Hummingbird
import ServiceLifecycle
import UnixSignals

/// The workbench: a router over one run queue. `application` serves it; tests drive `router`.
public struct WorkbenchServer: Sendable {
  public let configuration: ServerConfiguration
  let queue: RunQueue
  let scenarios: BundledScenarios

  public init(configuration: ServerConfiguration) {
    self.configuration = configuration
    self.queue = RunQueue(limit: configuration.concurrentRuns, queueLength: configuration.queueLength)
    self.scenarios = BundledScenarios(directory: configuration.scenariosDirectory)
  }

  /// The server on `host:port`; SIGINT/SIGTERM cancel the runs and stop it.
  public func application(host: String, port: Int, onRunning: @escaping @Sendable () async -> Void) -> some ApplicationProtocol {
    Application(
      router: router(),
      configuration: .init(address: .hostname(host, port: port), serverName: "claimsrisk-serve"),
      services: [RunCanceller(queue: queue)],
      onServerRunning: { _ in await onRunning() })
  }

  public func router() -> Router<BasicRequestContext> {
    let router = Router()
    router.get("/") { _, _ in Self.text(PageAssets.indexHTML, "text/html; charset=utf-8") }
    router.get("/openapi.json") { _, _ in Self.text(OpenAPIDocument.json, "application/json; charset=utf-8") }
    router.get("/api/limits") { _, _ in try Self.json(limits) }
    router.get("/api/scenarios") { _, _ in
      try Self.json(["scenarios": scenarios.items.map { ["name": $0.name, "title": $0.title] }])
    }
    router.get("/api/scenarios/:name") { _, context in
      let name = context.parameters.get("name") ?? ""
      guard let s = scenarios[name] else {
        throw APIError(.notFound, "no bundled scenario '\(name)'; GET /api/scenarios lists them")
      }
      return Self.text(s.text, "application/yaml; charset=utf-8")
    }
    router.post("/api/parse") { request, _ in
      let bytes = try await collect(request)
      let body = try ScenarioBody(bytes: bytes)
      return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                      body: .init(byteBuffer: ByteBuffer(bytes: try ScenarioJSON.convert(body.text))))
    }
    for command in RunCommand.allCases {
      router.post("/api/\(command.rawValue)") { request, context in
        try await run(command, request, context)
      }
    }
    router.get("/api/runs") { _, _ in
      let runs = await queue.all()
      return try Self.json(["runs": runs])
    }
    router.get("/api/runs/:id") { _, context in
      let id = context.parameters.get("id") ?? ""
      guard let s = await queue.status(id: id) else { throw APIError(.notFound, "no queued or running run '\(id)'") }
      return try Self.json(s)
    }
    let cancel: @Sendable (Request, BasicRequestContext) async throws -> Response = { _, context in
      let id = context.parameters.get("id") ?? ""
      guard await queue.stop(id: id, reason: .cancelled) else {
        throw APIError(.notFound, "no queued or running run '\(id)' (it may have finished)")
      }
      return try Self.json(["id": id, "state": "cancelling"], status: .accepted)
    }
    router.delete("/api/runs/:id", use: cancel)
    router.post("/api/runs/:id/cancel", use: cancel)
    return router
  }

  var limits: [String: Int] {
    ["max_body_bytes": configuration.maxBodyBytes, "max_trials": configuration.maxTrials,
     "concurrent_runs": configuration.concurrentRuns, "queue_length": configuration.queueLength,
     "time_limit_seconds": Int(configuration.timeLimit.components.seconds)]
  }

  // MARK: - Runs

  func run(_ command: RunCommand, _ request: Request, _ context: BasicRequestContext) async throws -> Response {
    let query = request.uri.queryParameters
    let id = try Self.runID(query["run"].map(String.init) ?? request.headers[.init("X-Run-Id")!])
    var plan = try RunArguments(command: command, query: query, maxTrials: configuration.maxTrials)
    let body = try ScenarioBody(bytes: try await collect(request))
    try plan.settle(scenarioTrials: body.trials, maxTrials: configuration.maxTrials)

    try await queue.enter(id: id, command: command.rawValue)
    let dir: URL
    do {
      dir = try ChildProcess.workspace(text: body.text)
    } catch {
      await queue.leave(id: id)
      throw APIError(.internalServerError, "cannot write the scenario to a temporary file: \(error.localizedDescription)")
    }
    defer { ChildProcess.cleanup(dir) }
    // Relative to the child's working directory `dir`: the result's `scenario_file` then
    // names `scenario.yaml`, as a CLI run in that folder would, and no server path leaks.
    let scenarioPath = "scenario.yaml"
    let limit = configuration.timeLimit
    let queue = self.queue
    let timer = Task {
      try await Task.sleep(for: limit)
      _ = await queue.stop(id: id, reason: .timedOut)
    }
    let output: ChildOutput
    do {
      output = try await ChildProcess.run(
        configuration.claimsrisk, plan.arguments(scenarioPath: scenarioPath), in: dir,
        killAfter: limit + .seconds(10)
      ) { pid in await queue.started(id: id, pid: pid) }
    } catch {
      timer.cancel()
      await queue.leave(id: id)
      throw error
    }
    timer.cancel()
    let stop = await queue.leave(id: id)
    var response = try respond(command, plan, output, stop: stop, scenarioPath: scenarioPath)
    response.headers[.init("X-Run-Id")!] = id
    return response
  }

  func respond(_ command: RunCommand, _ plan: RunArguments, _ output: ChildOutput, stop: RunStop?, scenarioPath: String) throws -> Response {
    switch stop {
    case .cancelled: throw APIError(.conflict, "the run was cancelled; no result")
    case .timedOut:
      throw APIError(.gatewayTimeout, "the run exceeded this server's time limit of \(Int(configuration.timeLimit.components.seconds)) s and was cancelled; use fewer trials")
    case .shutdown: throw APIError(.serviceUnavailable, "the server is stopping; the run was cancelled")
    case nil: break
    }
    let issues = CLIMessages.issues(stderr: output.stderr, scenarioPath: scenarioPath)
    switch output.status {
    case 0:
      if command == .validate {
        let description = String(decoding: output.stdout, as: UTF8.self)
        return try Self.json(ValidateResult(valid: true, description: description))
      }
      return Response(status: .ok, headers: [.contentType: plan.format.contentType],
                      body: .init(byteBuffer: ByteBuffer(bytes: output.stdout)))
    case 1: throw APIError(.unprocessableContent, issues: issues)
    case 2: throw APIError(.badRequest, issues: issues)
    case 130: throw APIError(.serviceUnavailable, "the run was interrupted; no result")
    default: throw APIError(.internalServerError, issues: issues + [FieldIssue(message: "claimsrisk exited with status \(output.status)")])
    }
  }

  func collect(_ request: Request) async throws -> [UInt8] {
    do {
      return Array(buffer: try await request.body.collect(upTo: configuration.maxBodyBytes))
    } catch {
      throw APIError(.contentTooLarge, "the request body is larger than this server's limit of \(configuration.maxBodyBytes) bytes (claimsrisk-serve --max-body-bytes)")
    }
  }

  struct ValidateResult: Encodable { var valid: Bool; var description: String }

  static func runID(_ given: String?) throws -> String {
    guard let given, !given.isEmpty else { return UUID().uuidString.lowercased() }
    guard given.count <= 64, given.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
      throw APIError(.badRequest, "run id '\(given.prefix(80))': expected 1 to 64 letters, digits, '-' or '_'")
    }
    return given
  }

  // MARK: - Responses

  static func text(_ text: String, _ type: String) -> Response {
    Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(string: text)))
  }

  static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(value)
    return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(bytes: data)))
  }
}

/// On SIGINT/SIGTERM (or a graceful shutdown), empties the queue and cancels the running runs
/// at once, so that the server's own graceful shutdown, which waits for open requests, ends
/// soon; then waits for that shutdown to reach this service.
struct RunCanceller: Service {
  let queue: RunQueue
  func run() async throws {
    let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
    await withTaskGroup(of: Void.self) { group in
      group.addTask { for await _ in signals { return } }
      group.addTask { try? await gracefulShutdown() }
      await group.next()
      group.cancelAll()
    }
    await queue.shutdown()
    try? await gracefulShutdown()
  }
}
