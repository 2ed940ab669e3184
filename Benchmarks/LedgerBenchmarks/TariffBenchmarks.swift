import Benchmark
import Foundation
import Ledger

/// Benchmarks for the tariff evaluator, fee resolution, receipt codes and configuration loading.
///
/// Run from the repository root (configuration is read from `Config/`):
/// `LUNAS_BENCHMARKS=1 swift package benchmark --target LedgerBenchmarks --filter 'tariff|receipt|config'`
/// The benchmarks' shared state, held by reference so the closures capture one pointer.
final class TariffBenchmarkState: Sendable {
    let configuration: CityConfiguration
    let evaluator: TariffEvaluator
    let entry = Date(timeIntervalSince1970: 1_772_413_200)  // Monday 2026-03-02 10:00 WIT
    let signer = ReceiptSigner(key: .generate())
    let verifier: ReceiptVerifier
    let code: String

    init() {
        do {
            configuration = try CityConfiguration.load(from: URL(fileURLWithPath: "Config"))
            evaluator = configuration.evaluator
            verifier = ReceiptVerifier(
                keyRing: try ReceiptKeyRing.empty.adding(.init(label: "bench", publicKey: signer.key.publicKey)))
            code = try signer.sign(invoiceID: "AMB-260302-000001").text
        } catch {
            fatalError("run the benchmarks from the repository root: \(error)")
        }
    }
}

func tariffBenchmarks() {
    let state = TariffBenchmarkState()

    // Guards the release-build crash once seen in `TariffSchedule.set(effectiveOn:)`.
    Benchmark("tariff schedule: set effective on a date") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try state.configuration.tariffs.set(effectiveOn: CityDate(year: 2026, month: 3, day: 2)!))
        }
    }
    Benchmark("tariff quote: car, 2.5 hours") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(
                try state.configuration.quote(
                    vehicleClass: "car", zone: "ayp-01", entry: state.entry, exit: state.entry + 9000))
        }
    }
    Benchmark("tariff quote: car, 7 days") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(
                try state.evaluator.quote(
                    state.configuration.tariffs, vehicleClass: "car", zone: "ayp-01", entry: state.entry,
                    exit: state.entry + 7 * 86_400))
        }
    }
    Benchmark("tariff quote: motorcycle at entry") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(
                try state.configuration.quote(vehicleClass: "motorcycle", zone: "smr-01", entry: state.entry, exit: nil)
            )
        }
    }
    Benchmark("fee resolve: bounded") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try state.configuration.fees.resolve(code: "SAMPAH-USAHA", amount: Rupiah(75_000)))
        }
    }
    Benchmark("receipt sign") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try state.signer.sign(invoiceID: "AMB-260302-000001"))
        }
    }
    Benchmark("receipt verify") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try state.verifier.verify(state.code))
        }
    }
    Benchmark("config load: demo city", configuration: .init(maxIterations: 200)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try CityConfiguration.load(from: URL(fileURLWithPath: "Config")))
        }
    }
}
