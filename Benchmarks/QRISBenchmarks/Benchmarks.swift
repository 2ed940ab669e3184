import Benchmark
import QRIS

/// Parse, validate (qris profile) and build of a ~180-character dynamic QRIS payload.
/// Run: `LUNAS_BENCHMARKS=1 swift package benchmark --target QRISBenchmarks`.
/// Each iteration does 1,000 operations (scaling factor kilo), so throughput reads in K ops/s.
func dynamicBuilder() -> QRISBuilder {
    var builder = QRISBuilder(
        merchantName: "PARKIR AMBON", merchantCity: "AMBON", postalCode: "97126", merchantCategoryCode: "7523")
    builder.initiation = .dynamicCode
    builder.accounts = [.init(tag: 26, guid: "ID.CO.DEMO.WWW", pan: "936099990000012345")]
    builder.national = .init(nmid: "ID1026000000001")
    builder.amount = 5000
    builder.additionalData.billNumber = "P-000123"
    return builder
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(5),
        maxIterations: 1_000_000
    )
    let builder = dynamicBuilder()
    // Built once outside the measured loops; the payload is 184 characters.
    let payload = (try? builder.build()) ?? ""
    precondition(QRISPayload.validate(payload, options: .init(strict: true)).isEmpty, "benchmark payload is invalid")
    let parsed = try? QRISPayload(parsing: payload)

    Benchmark("QRIS parse (\(payload.count) chars)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? QRISPayload(parsing: payload))
        }
    }
    Benchmark("QRIS validate, qris profile (parsed)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(parsed?.validate())
        }
    }
    Benchmark("QRIS parse+validate, qris profile") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(QRISPayload.validate(payload))
        }
    }
    Benchmark("QRIS build dynamic payload") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? builder.build())
        }
    }
    Benchmark("QRIS makeDynamic from static") { benchmark in
        let staticPayload = (try? QRISPayload(parsing: payload))?.encoded ?? ""
        for _ in benchmark.scaledIterations {
            blackHole(try? QRISPayload.makeDynamic(fromStatic: staticPayload, amount: 25000, billNumber: "P-000124"))
        }
    }
}
