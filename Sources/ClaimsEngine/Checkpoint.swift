// Checkpoint.swift: a resumable record of finished chunks. The file starts with one header
// line (format version 2 and a fingerprint of everything that decides the draws, including the
// digest of every input file read) and then holds one binary record per finished chunk:
// chunk index (Int64), value count (Int64), the values (Float64, column by column), and a
// checksum (UInt64, FNV-1a over the record's preceding bytes). Because a chunk's draws depend
// only on its index and the seed, a resumed run gives the same result as an uninterrupted one.
//
// Damage is refused, never resumed: a record whose checksum does not match, a non-finite
// value, a count or chunk index that does not fit the run, a repeated chunk, or trailing bytes
// that are not the beginning of a record. The one tolerated defect is a torn last record (a
// plausible record header followed by fewer bytes than it announces: a run killed while
// writing), which is dropped and run again.
internal import ClaimsModel
internal import Foundation

/// An append-only checkpoint file shared by the workers of one run.
public final class Checkpoint: @unchecked Sendable {
  public let path: String
  public let fingerprint: String
  private let lock = NSLock()
  private var handle: FileHandle?
  /// Chunks found in the file when it was opened (checksums verified).
  private(set) var restored: [Int: [Double]] = [:]
  /// Bytes of a torn last record dropped on opening (0 when the file was whole).
  public private(set) var droppedTornBytes = 0
  /// The first failure to append a record (the run goes on; the checkpoint is incomplete).
  public private(set) var writeFailure: String?

  static let magic = "claimsrisk-checkpoint "
  static let version = "2"
  /// Record header: chunk and count; trailer: checksum.
  static let headerBytes = 16
  static let trailerBytes = 8

  /// Opens (or creates) the checkpoint at `path`.
  /// - Throws: ``CheckpointError`` when the file belongs to another run (different
  ///   fingerprint), is not a checkpoint, is damaged, or cannot be written.
  public init(path: String, fingerprint: String) throws {
    self.path = path
    self.fingerprint = fingerprint
    let header = Data((Self.magic + Self.version + " " + fingerprint + "\n").utf8)
    let fm = FileManager.default
    var isDirectory: ObjCBool = false
    if fm.fileExists(atPath: path, isDirectory: &isDirectory) {
      guard !isDirectory.boolValue, Self.isRegularFile(path) else {
        throw CheckpointError(message: "\(path): is not a regular file; give a file path for the checkpoint")
      }
    }
    if let data = fm.contents(atPath: path), !data.isEmpty {
      guard data.starts(with: Data(Self.magic.utf8)) else {
        throw CheckpointError(message: "\(path): is not a claimsrisk checkpoint (it would be overwritten); give another path")
      }
      guard data.starts(with: header) else {
        throw CheckpointError(message: "\(path): the checkpoint belongs to another run (a different scenario or census file, seed, trials, chunk size, method or program version); remove it or choose another path")
      }
      let valid = try Self.readRecords(data, from: header.count, path: path) { chunk, values in
        self.restored[chunk] = values
      }
      // Drop a torn tail so that new records follow the last complete one.
      if valid < data.count {
        droppedTornBytes = data.count - valid
        do {
          try data.prefix(valid).write(to: URL(fileURLWithPath: path))
        } catch {
          throw CheckpointError(message: "\(path): cannot rewrite the checkpoint: \(error.localizedDescription)")
        }
      }
    } else {
      guard fm.createFile(atPath: path, contents: header) else {
        throw CheckpointError(message: "\(path): cannot create the checkpoint file (does the directory exist and is it writable?)")
      }
    }
    guard let h = FileHandle(forWritingAtPath: path) else {
      throw CheckpointError(message: "\(path): cannot open the checkpoint file for writing")
    }
    h.seekToEndOfFile()
    handle = h
  }

  deinit { try? handle?.close() }

  private static func isRegularFile(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
  }

  /// Reads the records after the header, calling `found` for each; returns the offset after
  /// the last whole record (less than the data's size only for a torn last record).
  private static func readRecords(
    _ data: Data, from start: Int, path: String, _ found: (Int, [Double]) -> Void
  ) throws -> Int {
    func damaged(_ offset: Int, _ what: String) -> CheckpointError {
      CheckpointError(message: "\(path): the checkpoint is damaged (\(what), at byte \(offset)); it is not resumed. Remove it to start the run again")
    }
    var seen: Set<Int64> = []
    return try data.withUnsafeBytes { raw -> Int in
      var offset = start
      while offset < raw.count {
        let remaining = raw.count - offset
        guard remaining >= headerBytes else {
          throw damaged(offset, "\(remaining) trailing bytes that are not a record")
        }
        let chunk = raw.loadUnaligned(fromByteOffset: offset, as: Int64.self)
        let count = raw.loadUnaligned(fromByteOffset: offset + 8, as: Int64.self)
        guard chunk >= 0, chunk < 1 << 31, count > 0, count < 1 << 31 else {
          throw damaged(offset, "a record header with chunk \(chunk) and \(count) values")
        }
        let length = headerBytes + Int(count) * 8 + trailerBytes
        if length > remaining {
          // A record cut short by a kill while it was written: dropped, its chunk runs again.
          return offset
        }
        let body = UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + length - trailerBytes)])
        let stored = raw.loadUnaligned(fromByteOffset: offset + length - trailerBytes, as: UInt64.self)
        guard Digest.fnv1a(body) == stored else {
          throw damaged(offset, "the checksum of chunk \(chunk) does not match its values")
        }
        guard seen.insert(chunk).inserted else {
          throw damaged(offset, "chunk \(chunk) recorded twice")
        }
        var values = [Double](repeating: 0, count: Int(count))
        for i in 0..<Int(count) {
          let v = raw.loadUnaligned(fromByteOffset: offset + headerBytes + i * 8, as: Double.self)
          guard v.isFinite else { throw damaged(offset, "a non-finite value in chunk \(chunk)") }
          values[i] = v
        }
        found(Int(chunk), values)
        offset += length
      }
      return offset
    }
  }

  /// Checks that every restored chunk fits the run: its index is below `chunks` and it holds
  /// `trialsInChunk(chunk) × width` values.
  /// - Throws: ``CheckpointError`` naming the first chunk that does not fit.
  public func validate(chunks: Int, width: Int, trialsInChunk: (Int) -> Int) throws {
    for (chunk, values) in restored.sorted(by: { $0.key < $1.key }) {
      guard chunk < chunks else {
        throw CheckpointError(message: "\(path): the checkpoint is damaged (chunk \(chunk) of a run of \(chunks) chunks); it is not resumed. Remove it to start the run again")
      }
      let expected = trialsInChunk(chunk) * width
      guard values.count == expected else {
        throw CheckpointError(message: "\(path): the checkpoint is damaged (chunk \(chunk) holds \(values.count) values, expected \(expected)); it is not resumed. Remove it to start the run again")
      }
    }
  }

  /// Appends one finished chunk (thread-safe).
  func append(chunk: Int, values: [Double]) {
    var record = Data()
    var index = Int64(chunk)
    var count = Int64(values.count)
    withUnsafeBytes(of: &index) { record.append(contentsOf: $0) }
    withUnsafeBytes(of: &count) { record.append(contentsOf: $0) }
    values.withUnsafeBytes { record.append(contentsOf: $0) }
    var checksum = record.withUnsafeBytes { Digest.fnv1a($0) }
    withUnsafeBytes(of: &checksum) { record.append(contentsOf: $0) }
    lock.lock()
    defer { lock.unlock() }
    guard let handle, writeFailure == nil else { return }
    do {
      try handle.write(contentsOf: record)
    } catch {
      writeFailure = "\(path): cannot append to the checkpoint: \(error.localizedDescription)"
    }
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
    Digest.hex(parts.joined(separator: "\u{1F}"))
  }
}

public struct CheckpointError: Error, CustomStringConvertible, Sendable {
  public var message: String
  public var description: String { message }
}
