"""Benchmarks: a province-scale data generator and the month-close measurement."""
