"""Cross-checks of claimsrisk calibrate against independent libraries (not a runtime dependency)."""
