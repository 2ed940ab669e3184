import Benchmark

// Filled in by its module's issue. The tariff/receipt benchmarks live in TariffBenchmarks.swift.
let benchmarks: @Sendable () -> Void = {
    tariffBenchmarks()
}
