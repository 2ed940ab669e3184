import Benchmark
import Foundation
import QRImage

/// A 183-character dynamic QRIS (amount 5000, bill number in tag 62): version 10 at EC M.
let dynamicQRIS =
    "00020101021226390015ID.CO.BPDMALUKU0116936001310000123451440014ID.CO.QRIS.WWW0215ID1022161397420"
    + "0303UMI520475235303360540450005802ID5912PARKIR AMBON6005AMBON62140110AMB2611231630413BB"

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal],
        warmupIterations: 100,
        maxDuration: .seconds(5),
        maxIterations: 50_000
    )

    // The figure: payload to PNG bytes, single core.
    Benchmark("payload → PNG (183-char dynamic QRIS, EC M, scale 8)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try QRMatrix(payload: dynamicQRIS).png())
        }
    }

    Benchmark("payload → QRMatrix (libqrencode byte mode, EC M)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try QRMatrix(payload: dynamicQRIS))
        }
    }

    Benchmark("QRMatrix → PNG (scale 8, 520 px)") { benchmark in
        let matrix = try QRMatrix(payload: dynamicQRIS)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try matrix.png())
        }
    }

    Benchmark("QRMatrix → SVG") { benchmark in
        let matrix = try QRMatrix(payload: dynamicQRIS)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try matrix.svg())
        }
    }

    Benchmark("QRMatrix → ESC/POS raster job (5 dots/module)") { benchmark in
        let matrix = try QRMatrix(payload: dynamicQRIS)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try matrix.escposJob())
        }
    }

    let ticket = TicketContent(
        title: "KARCIS PARKIR", cityName: "PEMERINTAH KOTA AMBON", merchantName: "PARKIR AMBON",
        nmid: "ID1022161397420", terminalLabel: "A01", amount: 5000, billNumber: "AMB2611231",
        issuedAt: Date(timeIntervalSince1970: 1_795_410_300), timeZone: TimeZone(identifier: "Asia/Jayapura")!,
        plate: "DE 1234 AB", zone: "Jl. A.Y. Patty", vehicleClass: "Motor",
        verificationCode: "LNS-7Q2K-9XWD", qrPayload: dynamicQRIS)

    Benchmark("ticket → ESC/POS job") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try ticket.escposJob())
        }
    }

    Benchmark("ticket → PNG image (384 px)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try ticket.pngImage())
        }
    }
}
