import Benchmark
import Foundation
import Ledger

/// Benchmarks for the tariff evaluator, fee resolution, receipt codes and configuration loading.
///
/// Run from the repository root (configuration is read from `Config/`):
/// `LUNAS_BENCHMARKS=1 swift package benchmark --target LedgerBenchmarks --filter 'tariff|receipt|config'`
func tariffBenchmarks() {
    let configuration: CityConfiguration
    do {
        configuration = try CityConfiguration.load(from: URL(fileURLWithPath: "Config"))
    } catch {
        fatalError("run the benchmarks from the repository root: \(error)")
    }
    let evaluator = configuration.evaluator
    let entry = Date(timeIntervalSince1970: 1_772_413_200)  // Monday 2026-03-02 10:00 WIT
    let signer = ReceiptSigner(key: .generate())
    let ring = (try? ReceiptKeyRing.empty.adding(.init(label: "bench", publicKey: signer.key.publicKey))) ?? .empty
    let verifier = ReceiptVerifier(keyRing: ring)
    let code = (try? signer.sign(invoiceID: "AMB-260302-000001").text) ?? ""

    Benchmark("tariff quote: car, 2.5 hours") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(
                try configuration.quote(vehicleClass: "car", zone: "ayp-01", entry: entry, exit: entry + 9000))
        }
    }
    Benchmark("tariff quote: car, 7 days") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(
                try evaluator.quote(
                    configuration.tariffs, vehicleClass: "car", zone: "ayp-01", entry: entry, exit: entry + 7 * 86_400))
        }
    }
    Benchmark("tariff quote: motorcycle at entry") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try configuration.quote(vehicleClass: "motorcycle", zone: "smr-01", entry: entry, exit: nil))
        }
    }
    Benchmark("fee resolve: bounded") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try configuration.fees.resolve(code: "SAMPAH-USAHA", amount: Rupiah(75_000)))
        }
    }
    Benchmark("receipt sign") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try signer.sign(invoiceID: "AMB-260302-000001"))
        }
    }
    Benchmark("receipt verify") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try verifier.verify(code))
        }
    }
    Benchmark("config load: demo city", configuration: .init(maxIterations: 200)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try CityConfiguration.load(from: URL(fileURLWithPath: "Config")))
        }
    }
}
