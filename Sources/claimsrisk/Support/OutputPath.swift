// OutputPath.swift: `--output` checked before a run starts, so that a long run never ends in
// an unwritable path, and an output never replaces an input, the checkpoint, a directory or a
// device. Also removes the temporary files (`.NAME.tmp-PID`) that killed runs left beside it.
import Foundation

enum OutputPath {
  /// The file's status, or nil when it does not exist.
  static func status(_ path: String) -> stat? {
    var st = stat()
    return stat(path, &st) == 0 ? st : nil
  }

  static func isSameFile(_ a: stat, _ b: stat) -> Bool { a.st_dev == b.st_dev && a.st_ino == b.st_ino }

  /// The canonical path of a file that may not exist yet (its directory resolved).
  static func canonical(_ path: String) -> String {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().resolvingSymlinksInPath().standardizedFileURL.path
    return (directory as NSString).appendingPathComponent(url.lastPathComponent)
  }

  /// Refuses an output path that cannot or must not be written, before any work is done.
  /// - Parameters:
  ///   - inputs: every file the command reads (scenario, census CSV, claims CSV).
  ///   - checkpoint: the `--checkpoint` path, if any.
  static func check(_ output: String, inputs: [String], checkpoint: String?) throws {
    func refuse(_ why: String) -> InputError { InputError(message: "--output \(output): \(why)") }
    if output.isEmpty || output.hasSuffix("/") { throw refuse("expected a file name") }
    let existing = status(output)
    if let st = existing {
      switch st.st_mode & S_IFMT {
      case S_IFREG: break
      case S_IFDIR: throw refuse("is a directory; give a file name inside it")
      default:
        throw refuse("is not a regular file (a device, pipe or socket); it would be replaced. Give a file path, or leave out --output to write to standard output")
      }
    }
    for input in inputs {
      let same = existing.flatMap { o in status(input).map { isSameFile(o, $0) } } ?? false
      if same || canonical(input) == canonical(output) {
        throw refuse("is an input of this command (\(input)); it would be overwritten. Give another output file")
      }
    }
    if let checkpoint {
      let same = existing.flatMap { o in status(checkpoint).map { isSameFile(o, $0) } } ?? false
      if same || canonical(checkpoint) == canonical(output) {
        throw refuse("is also the --checkpoint file; give them different paths")
      }
    }
    let directory = (output as NSString).deletingLastPathComponent
    let dir = directory.isEmpty ? "." : directory
    guard let dst = status(dir), dst.st_mode & S_IFMT == S_IFDIR else {
      throw refuse("the directory '\(dir)' does not exist")
    }
    removeStaleTemporaries(for: output)
    // The report is written to a temporary file beside the output, then renamed: try it now.
    let probe = temporary(for: output)
    let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0o600)
    guard fd >= 0 else {
      throw refuse("cannot write in the directory '\(dir)' (\(String(cString: strerror(errno))))")
    }
    close(fd)
    unlink(probe)
  }

  /// The temporary file an atomic write of `output` uses in this process.
  static func temporary(for output: String, pid: Int32 = getpid()) -> String {
    let url = URL(fileURLWithPath: output)
    return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(pid)").path
  }

  /// Removes `.NAME.tmp-PID` beside `output` whose process no longer runs (a run killed while
  /// writing its report).
  static func removeStaleTemporaries(for output: String) {
    let url = URL(fileURLWithPath: output)
    let directory = url.deletingLastPathComponent().path
    let prefix = ".\(url.lastPathComponent).tmp-"
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
    for name in names where name.hasPrefix(prefix) {
      guard let pid = Int32(name.dropFirst(prefix.count)), pid > 0 else { continue }
      if pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
        unlink((directory as NSString).appendingPathComponent(name))
      }
    }
  }
}

/// Writes to standard output, turning a failed write (a full disk, `> /dev/full`) into an
/// error instead of a crash.
enum StandardOutput {
  static func write(_ text: String) throws {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeBytes { Foundation.write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset) }
      if n < 0 {
        if errno == EINTR { continue }
        throw InputError(message: "cannot write the report to standard output: \(String(cString: strerror(errno)))")
      }
      offset += n
    }
  }
}
