import Benchmark

// Filled in by its module's issue.
let benchmarks: @Sendable () -> Void = {}
