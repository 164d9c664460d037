// MathSupport.swift: the elementary functions the calibration code uses, from Foundation.
internal import Foundation

@inline(__always) func _log(_ x: Double) -> Double { Foundation.log(x) }
@inline(__always) func _exp(_ x: Double) -> Double { Foundation.exp(x) }
@inline(__always) func _lgamma(_ x: Double) -> Double { Foundation.lgamma(x) }
@inline(__always) func _pow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
