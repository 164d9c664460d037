// Serve.swift: `claimsrisk serve`: starts the workbench by exec'ing the sibling
// `claimsrisk-serve` binary (built separately, so this binary does not link Hummingbird).
import ArgumentParser
import Foundation

extension ClaimsRisk {
  struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Open the underwriter's workbench: a local web page to edit a scenario and compare options (docs/workbench.md).",
      discussion: """
        Runs `claimsrisk-serve` from the directory of this executable, passing every option on. \
        Build it once with `swift build -c release --product claimsrisk-serve` (or `make serve`). \
        Other options: --concurrent-runs, --queue, --max-trials, --max-body-bytes, --time-limit \
        (see `claimsrisk-serve --help`).
        """)

    @Option(help: "Port to listen on.")
    var port: Int = 8080

    @Option(help: "Address to bind (loopback by default).")
    var host: String = "127.0.0.1"

    @Argument(parsing: .allUnrecognized, help: "Further options for claimsrisk-serve.")
    var passthrough: [String] = []

    func run() throws {
      let me = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
      let server = me.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("claimsrisk-serve").path
      guard FileManager.default.isExecutableFile(atPath: server) else {
        throw InputError(message: "serve: \(server) not found; build it with `swift build -c release --product claimsrisk-serve` (or run `make serve`)")
      }
      let args = [server, "--port", String(port), "--host", host] + passthrough
      let cArgs = args.map { strdup($0) } + [nil]
      execv(server, cArgs)
      throw InputError(message: "serve: cannot start \(server): \(String(cString: strerror(errno)))")
    }
  }
}
