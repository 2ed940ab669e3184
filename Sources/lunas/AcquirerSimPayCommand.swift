import AcquirerSimulator
import Acquirer
import ArgumentParser
import Foundation

/// `lunas acquirer-sim pay PAYLOAD [--url URL] [--issuer NAME] [--amount RUPIAH]`: pays a QR as an
/// e-wallet through a running simulator (`POST /sim/pay`) and prints its answer. Exit 0 when paid,
/// 1 when the simulator refused, 69 when it cannot be reached.
struct AcquirerSimPayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pay", abstract: "Pay a QRIS payload through a running acquirer simulator.")

    @Argument(help: "The QRIS payload to pay.")
    var payload: String

    @Option(help: "The simulator's base URL.")
    var url: String = "http://127.0.0.1:8081"

    @Option(help: "The paying e-wallet or bank (default: the simulator picks).")
    var issuer: String?

    @Option(help: "The amount in whole rupiah, for a QR that carries none.")
    var amount: Int64?

    func validate() throws {
        guard HTTPURL.parse(url) != nil else {
            throw ValidationError("--url must be an http or https URL, got \"\(url)\"")
        }
        if let amount, amount <= 0 { throw ValidationError("--amount must be a positive whole rupiah, got \(amount)") }
        guard !payload.isEmpty else { throw ValidationError("PAYLOAD must not be empty") }
    }

    func run() async throws {
        let body = SNAPCoding.encode(SimulatedPayRequest(qris: payload, issuer: issuer, amount: amount))
        let request = SNAPHTTPRequest(path: "/sim/pay", headers: ["Content-Type": "application/json"], body: body)
        let response: SNAPHTTPResponse
        do throws(AcquirerError) {
            response = try await AcquirerHTTPClient(timeout: .seconds(15)).send(request, baseURL: url)
        } catch {
            FileHandle.standardError.write(Data("lunas acquirer-sim pay: \(error.message)\n".utf8))
            throw ExitCode(69)
        }
        let text = String(decoding: response.body, as: UTF8.self)
        guard response.status == 200 else {
            FileHandle.standardError.write(Data("lunas acquirer-sim pay: HTTP \(response.status) \(text)\n".utf8))
            throw ExitCode(1)
        }
        print(text)
    }
}
