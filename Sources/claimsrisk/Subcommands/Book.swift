// Book.swift: `claimsrisk book BOOK` (a carrier's book of groups, whole or one shard) and
// `claimsrisk book merge PART...`. The library module ClaimsBook does the work.
import ArgumentParser
import ClaimsBook
import ClaimsEngine
import ClaimsModel
import Foundation

extension ClaimsRisk {
  struct BookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "book",
      abstract: "Simulate a carrier's book of stop-loss groups: the book's loss distribution, VaR/TVaR, reinsurance and each group's share of the tail.",
      discussion: """
        A book file lists the groups (scenario files or inline scenarios, each with the \
        carrier's premium), a common shock and the book's reinsurance; see docs/book.md. \
        `--shard K/N --emit PART` runs one shard; `claimsrisk book merge PART...` reports the \
        whole book from all N parts, byte for byte what the unsharded run reports.
        """,
      subcommands: [Run.self, Merge.self],
      defaultSubcommand: Run.self)
  }
}

extension ClaimsRisk.BookCommand {
  struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "run", abstract: "Simulate a book (the default: `claimsrisk book BOOK.yaml`).")

    @Argument(help: "The book file (YAML or JSON).")
    var file: String

    @OptionGroup var settings: RunArguments

    @Option(help: "Run only shard K of N (groups K, K+N, … in id order), e.g. 2/4; needs --emit.")
    var shard: ShardSpec?

    @Option(help: "Write the shard's part (binary) to this file instead of a report.")
    var emit: String?

    @OptionGroup var output: OutputArguments

    func validate() throws {
      if settings.checkpoint != nil {
        throw ValidationError("'--checkpoint' is not supported by `book`; run the book in shards (--shard K/N --emit PART) to keep finished work.")
      }
      if shard != nil && emit == nil {
        throw ValidationError("'--shard K/N' writes a part: add '--emit PART' (then `claimsrisk book merge PART...`).")
      }
      if emit != nil && (output.output != nil || output.format != .table) {
        throw ValidationError("'--emit' writes a part, not a report: drop '--format'/'--output' (give them to `book merge`).")
      }
    }

    func run() throws {
      var book = try ClaimsBook.Book.load(path: file)
      if let trials = settings.trials { book.trials = trials }
      if let seed = settings.seed { book.seed = seed }
      let shard = shard ?? ShardSpec(index: 0, count: 1)
      if let emit { try BookFiles.checkDirectory(of: emit, option: "--emit") } else { try output.checkWritable() }
      let progress = BookProgress(quiet: output.quiet)
      let part = try BookRunner.run(
        book, shard: shard.index, of: shard.count, threads: settings.threads, programVersion: ClaimsRisk.version,
        progress: progress.report)
      progress.finish()
      let data = try part.encoded()
      if let emit {
        try BookFiles.write(data, to: emit)
        return
      }
      // The unsharded report goes through the part's bytes, as a merge does.
      let whole = try BookFiles.decode(data, name: file)
      try BookReport.write(whole, output)
    }
  }

  struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Merge the parts of all N shards of a book (any order) and report the whole book.")

    @Argument(help: "The part files written by `claimsrisk book BOOK --shard K/N --emit PART`.")
    var parts: [String]

    @Option(help: "Write the merged part (binary) instead of a report, for merging in stages; the parts need not cover every shard.")
    var emit: String?

    @OptionGroup var output: OutputArguments

    func validate() throws {
      if parts.isEmpty { throw ValidationError("give the part files to merge: `claimsrisk book merge PART...`") }
    }

    func run() throws {
      if let emit { try BookFiles.checkDirectory(of: emit, option: "--emit") } else { try output.checkWritable() }
      var loaded: [BookPart] = []
      for path in parts {
        guard let data = FileManager.default.contents(atPath: path) else {
          throw InputError(message: "\(path): cannot read the part (no such file?)")
        }
        loaded.append(try BookFiles.decode(data, name: path))
      }
      let merged: BookPart
      do { merged = try BookPart.merge(loaded) } catch let error as BookPartError {
        throw InputError(message: "book merge: \(error.description)")
      }
      if let emit {
        try BookFiles.write(try merged.encoded(), to: emit)
        return
      }
      try BookReport.write(merged, output)
    }
  }
}

/// `K/N` with 1 ≤ K ≤ N (stored 0-based).
struct ShardSpec: ExpressibleByArgument {
  var index: Int
  var count: Int

  init(index: Int, count: Int) {
    self.index = index
    self.count = count
  }

  init?(argument: String) {
    let fields = argument.split(separator: "/", omittingEmptySubsequences: false)
    guard fields.count == 2, let k = Int(fields[0]), let n = Int(fields[1]), n >= 1, n <= 100_000, k >= 1, k <= n else {
      return nil
    }
    self.init(index: k - 1, count: n)
  }

  static var defaultCompletionKind: CompletionKind { .default }
}

extension BookReport {
  /// Reports a complete part (one that is missing shards is refused, naming them).
  static func write(_ part: BookPart, _ output: OutputArguments) throws {
    let result: BookResult
    do { result = try BookResult.make(part) } catch let error as BookPartError {
      throw InputError(message: "book merge: \(error.description)")
    }
    try output.write(BookReport(result: result).render(output.format))
  }
}

/// Part files: written whole or not at all.
enum BookFiles {
  static func checkDirectory(of path: String, option: String) throws {
    let dir = (path as NSString).deletingLastPathComponent
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: dir.isEmpty ? "." : dir, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw InputError(message: "\(option) \(path): the directory '\(dir)' does not exist")
    }
  }

  static func write(_ data: Data, to path: String) throws {
    do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
      throw InputError(message: "--emit \(path): cannot write: \(error.localizedDescription)")
    }
  }

  static func decode(_ data: Data, name: String) throws -> BookPart {
    do { return try BookPart(decoding: data, name: name) } catch let error as BookPartError {
      throw InputError(message: error.description)
    }
  }
}

/// "book: group 12 of 50" on standard error, when it is a terminal and not --quiet.
final class BookProgress {
  let enabled: Bool

  init(quiet: Bool) { enabled = !quiet && isatty(2) == 1 }

  func report(_ done: Int, _ total: Int) {
    guard enabled else { return }
    FileHandle.standardError.write(Data("\rbook: group \(done) of \(total)".utf8))
  }

  func finish() {
    if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
  }
}
