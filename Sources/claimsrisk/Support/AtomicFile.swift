// AtomicFile.swift: write a whole file or nothing: a temporary file beside the target,
// renamed into place, removed on failure.
import Foundation

enum AtomicFile {
  /// The temporary files being written, removed if the process is interrupted.
  nonisolated(unsafe) static var pending: Set<String> = []

  static func write(_ text: String, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let temporary = URL(fileURLWithPath: OutputPath.temporary(for: path))
    // Checked before the run too; checked again here, as the path may have changed since.
    if let st = OutputPath.status(path), st.st_mode & S_IFMT != S_IFREG {
      throw InputError(message: "--output \(path): is not a regular file; nothing written")
    }
    pending.insert(temporary.path)
    defer { pending.remove(temporary.path) }
    do {
      try Data(text.utf8).write(to: temporary, options: [])
      if rename(temporary.path, url.path) != 0 {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: temporary)
        throw InputError(message: "--output \(path): cannot write: \(reason)")
      }
    } catch let error as InputError {
      throw error
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw InputError(message: "--output \(path): cannot write: \(error.localizedDescription)")
    }
  }
}
