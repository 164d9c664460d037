"""Run a ClaimsRisk book on a Ray cluster (see docs/book.md)."""
