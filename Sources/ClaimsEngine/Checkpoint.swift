// Checkpoint.swift: a resumable record of finished chunks. The file starts with one header
// line (a fingerprint of everything that decides the draws) and then holds one binary record
// per finished chunk: chunk index (Int64), value count (Int64), the values (Float64, column by
// column). A record cut short by an interruption is ignored on reading. Because a chunk's
// draws depend only on its index and the seed, a resumed run gives the same result as an
// uninterrupted one.
internal import Foundation

/// An append-only checkpoint file shared by the workers of one run.
public final class Checkpoint: @unchecked Sendable {
  public let path: String
  public let fingerprint: String
  private let lock = NSLock()
  private var handle: FileHandle?
  /// Chunks found in the file when it was opened.
  private(set) var restored: [Int: [Double]] = [:]

  /// Opens (or creates) the checkpoint at `path`.
  /// - Throws: when the file belongs to another run (different fingerprint) or cannot be
  ///   written.
  public init(path: String, fingerprint: String) throws {
    self.path = path
    self.fingerprint = fingerprint
    let header = Data(("claimsrisk-checkpoint 1 " + fingerprint + "\n").utf8)
    let fm = FileManager.default
    if let data = fm.contents(atPath: path), !data.isEmpty {
      guard data.starts(with: header) else {
        throw CheckpointError(message: "\(path): the checkpoint belongs to another run (different scenario, seed, trials, chunk size or program version); remove it or choose another path")
      }
      var offset = header.count
      let valid = data.count
      while offset + 16 <= valid {
        let chunk = data.subdata(in: offset..<(offset + 8)).withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }
        let count = data.subdata(in: (offset + 8)..<(offset + 16)).withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }
        let end = offset + 16 + Int(count) * 8
        guard count >= 0, end <= valid else { break }
        let values = data.subdata(in: (offset + 16)..<end).withUnsafeBytes { raw in
          (0..<Int(count)).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: Double.self) }
        }
        restored[Int(chunk)] = values
        offset = end
      }
      // Drop a torn tail so that new records follow the last complete one.
      if offset < valid {
        let trimmed = data.prefix(offset)
        try trimmed.write(to: URL(fileURLWithPath: path))
      }
    } else {
      guard fm.createFile(atPath: path, contents: header) else {
        throw CheckpointError(message: "\(path): cannot create the checkpoint file")
      }
    }
    guard let h = FileHandle(forWritingAtPath: path) else {
      throw CheckpointError(message: "\(path): cannot open the checkpoint file for writing")
    }
    h.seekToEndOfFile()
    handle = h
  }

  deinit { try? handle?.close() }

  /// Appends one finished chunk (thread-safe).
  func append(chunk: Int, values: [Double]) {
    var record = Data()
    var index = Int64(chunk)
    var count = Int64(values.count)
    withUnsafeBytes(of: &index) { record.append(contentsOf: $0) }
    withUnsafeBytes(of: &count) { record.append(contentsOf: $0) }
    values.withUnsafeBytes { record.append(contentsOf: $0) }
    lock.lock()
    handle?.write(record)
    lock.unlock()
  }

  /// Removes the file (after a run completes and its output is written).
  public func remove() {
    lock.lock()
    try? handle?.close()
    handle = nil
    lock.unlock()
    try? FileManager.default.removeItem(atPath: path)
  }

  /// A 64-bit FNV-1a hash, as hex, of the things that decide a run's draws.
  public static func fingerprint(_ parts: [String]) -> String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in parts.joined(separator: "\u{1F}").utf8 {
      h ^= UInt64(byte)
      h &*= 0x0000_0100_0000_01B3
    }
    return String(h, radix: 16)
  }
}

public struct CheckpointError: Error, CustomStringConvertible, Sendable {
  public var message: String
  public var description: String { message }
}
