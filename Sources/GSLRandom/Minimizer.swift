// Minimizer.swift: GSL's derivative-free multidimensional minimiser (`gsl_multimin_fminimizer`
// with the Nelder–Mead simplex `nmsimplex2`) behind one small Swift function. The calibration
// module's maximum-likelihood fits minimise a negative log-likelihood through it.
internal import CGSL

/// The result of a minimisation: the point, the value there, iterations used and whether the
/// simplex size fell below the tolerance.
public struct MinimizerResult: Sendable {
  public var x: [Double]
  public var value: Double
  public var iterations: Int
  public var converged: Bool
}

/// Nelder–Mead minimisation over GSL's `nmsimplex2`.
public enum Minimizer {
  /// Minimises `f` from `start`, with initial simplex steps `steps`, until the simplex's
  /// characteristic size is below `tolerance` or `maxIterations` is reached. `f` may return
  /// `.infinity` (or NaN) outside its domain; the simplex then steps back.
  public static func nelderMead(
    _ f: ([Double]) -> Double, start: [Double], steps: [Double],
    tolerance: Double = 1e-10, maxIterations: Int = 20_000
  ) -> MinimizerResult {
    precondition(start.count == steps.count && !start.isEmpty)
    let n = start.count
    return withoutActuallyEscaping(f) { f in
      var box = Objective(f: f, n: n)
      return withUnsafeMutablePointer(to: &box) { boxPointer in
        var function = gsl_multimin_function()
        function.n = n
        function.params = UnsafeMutableRawPointer(boxPointer)
        function.f = { x, params in
          let objective = params!.assumingMemoryBound(to: Objective.self)
          let n = objective.pointee.n
          var point = [Double](repeating: 0, count: n)
          for i in 0..<n { point[i] = gsl_vector_get(x, i) }
          let value = objective.pointee.f(point)
          return value.isFinite ? value : Double.greatestFiniteMagnitude
        }
        let x = gsl_vector_alloc(n)!
        let ss = gsl_vector_alloc(n)!
        defer { gsl_vector_free(x); gsl_vector_free(ss) }
        for i in 0..<n {
          gsl_vector_set(x, i, start[i])
          gsl_vector_set(ss, i, steps[i])
        }
        let state = gsl_multimin_fminimizer_alloc(cgsl_multimin_nmsimplex2(), n)!
        defer { gsl_multimin_fminimizer_free(state) }
        gsl_multimin_fminimizer_set(state, &function, x, ss)
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
          iterations += 1
          if gsl_multimin_fminimizer_iterate(state) != GSL_SUCCESS { break }
          let size = gsl_multimin_fminimizer_size(state)
          if gsl_multimin_test_size(size, tolerance) == GSL_SUCCESS {
            converged = true
            break
          }
        }
        var best = [Double](repeating: 0, count: n)
        for i in 0..<n { best[i] = gsl_vector_get(state.pointee.x, i) }
        return MinimizerResult(x: best, value: state.pointee.fval, iterations: iterations, converged: converged)
      }
    }
  }

  private struct Objective {
    var f: ([Double]) -> Double
    var n: Int
  }
}
