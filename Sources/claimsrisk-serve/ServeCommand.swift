// ServeCommand.swift: `claimsrisk-serve`, the workbench server (`claimsrisk serve` execs it).
import ArgumentParser
import ClaimsServer
import Foundation

@main
struct Serve: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "claimsrisk-serve",
    abstract: "The underwriter's workbench: a local web page and JSON API over the claimsrisk CLI.",
    discussion: """
      Serves the page at http://HOST:PORT/ and the API under /api (OpenAPI document at \
      /openapi.json). Binds to loopback unless --host says otherwise. Each run spawns the \
      `claimsrisk` binary next to this one. SIGINT or SIGTERM cancels running runs and exits 0. \
      See docs/workbench.md.
      """)

  @Option(help: "Port to listen on.")
  var port: Int = 8080

  @Option(help: "Address to bind; loopback by default. Anything else exposes the API to the network.")
  var host: String = "127.0.0.1"

  @Option(help: "Runs executing at once.")
  var concurrentRuns: Int = 2

  @Option(help: "Runs allowed to wait for a slot; one more answers 429.")
  var queue: Int = 8

  @Option(help: "Largest trial count a run may use.")
  var maxTrials: Int = 200_000

  @Option(help: "Largest request body in bytes.")
  var maxBodyBytes: Int = 1 << 20

  @Option(help: "Seconds a run may take before it is cancelled.")
  var timeLimit: Int = 120

  @Option(help: "The claimsrisk executable to run (default: the one next to this program).")
  var claimsrisk: String?

  @Option(help: "Directory of bundled scenarios (default: the repository's Scenarios/, found from this program).")
  var scenarios: String?

  func validate() throws {
    guard (1...65535).contains(port) else { throw ValidationError("'--port' must be from 1 to 65535, got \(port).") }
    guard (1...64).contains(concurrentRuns) else { throw ValidationError("'--concurrent-runs' must be from 1 to 64, got \(concurrentRuns).") }
    guard (0...10_000).contains(queue) else { throw ValidationError("'--queue' must be from 0 to 10000, got \(queue).") }
    guard (1...1_000_000_000).contains(maxTrials) else { throw ValidationError("'--max-trials' must be from 1 to 1,000,000,000, got \(maxTrials).") }
    guard (1024...(256 << 20)).contains(maxBodyBytes) else { throw ValidationError("'--max-body-bytes' must be from 1024 to 268435456, got \(maxBodyBytes).") }
    guard (1...86_400).contains(timeLimit) else { throw ValidationError("'--time-limit' must be from 1 to 86400 seconds, got \(timeLimit).") }
  }

  func run() async throws {
    var config = ServerConfiguration.besideExecutable()
    if let claimsrisk { config.claimsrisk = URL(fileURLWithPath: claimsrisk) }
    if let scenarios { config.scenariosDirectory = URL(fileURLWithPath: scenarios, isDirectory: true) }
    guard FileManager.default.isExecutableFile(atPath: config.claimsrisk.path) else {
      throw ValidationError("no claimsrisk executable at \(config.claimsrisk.path); build it with `swift build -c release --product claimsrisk` (or give --claimsrisk PATH)")
    }
    config.concurrentRuns = concurrentRuns
    config.queueLength = queue
    config.maxTrials = maxTrials
    config.maxBodyBytes = maxBodyBytes
    config.timeLimit = .seconds(timeLimit)
    // The default action of SIGTERM/SIGINT would end the process while a run is in flight;
    // ignored, they still reach the dispatch sources that shut the server down cleanly.
    signal(SIGTERM, SIG_IGN)
    signal(SIGINT, SIG_IGN)
    let server = WorkbenchServer(configuration: config)
    let loopback = host == "127.0.0.1" || host == "::1" || host == "localhost" || host.hasPrefix("127.")
    if !loopback {
      FileHandle.standardError.write(Data("warning: binding to \(host): anyone who can reach this address can run simulations on this machine\n".utf8))
    }
    let shown = host.contains(":") ? "[\(host)]" : host
    let port = self.port
    let app = server.application(host: host, port: port) {
      FileHandle.standardOutput.write(Data("ClaimsRisk workbench: http://\(shown):\(port)/  (Ctrl-C stops it)\n".utf8))
    }
    try await app.runService()
  }
}

