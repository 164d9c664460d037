// GSLRandom: the one module that talks to GSL. Everything it exposes is a Swift type;
// the C module `CGSL` is an implementation detail and not API.
internal import CGSL

/// One-time process setup for GSL.
public enum GSL {
  /// Turns GSL's default abort-on-error handler off. Idempotent and cheap; every entry point
  /// that calls GSL (``Generator/init(kind:seed:)``, the CDF and FFT helpers) calls it, so a
  /// bad parameter that slips past validation yields a NaN or a status code, never an abort.
  /// Parameters are checked when a scenario is read, not here.
  public static func initialize() {
    _ = initialized
  }

  private static let initialized: Bool = {
    cgsl_error_handler_off()
    return true
  }()

  /// The GSL version this binary was linked against, for reports.
  public static var version: String {
    String(cString: cgsl_version())
  }
}
