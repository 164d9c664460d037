// Book.swift: a carrier's book of stop-loss groups, as read from a book file: the groups
// (each a scenario with the carrier's premium), the common shock and the book's reinsurance.
// User doc: docs/book.md.
public import ClaimsModel

/// One employer group of the book.
public struct BookGroup: Sendable {
  /// The group's id: its identity in the book (it seeds the group's random streams).
  public var id: String
  /// Where the scenario came from: the relative path of its file, or "inline".
  public var source: String
  /// The carrier's annual stop-loss premium for the group, in dollars.
  public var premium: Double
  public var scenario: Scenario
}

/// A book as read from its file. Groups are kept sorted by id (the book's canonical order:
/// the answer does not depend on the order the file lists them in).
public struct Book: Sendable {
  public var file: String
  public var name: String
  public var trials: Int
  public var seed: UInt64
  public var shock: CommonShock
  public var reinsurance: Reinsurance
  public var groups: [BookGroup]
  /// A fingerprint of the book file and every group file it names (hex).
  public var hash: String

  public static let defaultTrials = 10_000
  public static let defaultSeed: UInt64 = 20_261_201
}
