import Foundation
import Ledger
import Testing

@testable import Acquirer

/// Paths and loaders shared by the Acquirer tests. Fixtures live in `Tests/AcquirerTests/Fixtures`.
enum Fixtures {
    static var directory: String {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            fatalError("the Fixtures resource folder is missing from the test bundle")
        }
        return url.path
    }

    static func path(_ name: String) -> String { directory + "/" + name }

    static func text(_ name: String) throws -> String {
        try String(contentsOfFile: path(name), encoding: .utf8)
    }

    /// The repository root (for the shipped `Config/` files).
    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    static func profile() throws -> AcquirerProfile { try AcquirerProfile.load(path: path("test-profile.json")) }

    static func profile(
        scheme: NotifySignatureScheme, testOnly: Bool = false, allowUnsigned: Bool = false
    ) throws
        -> AcquirerProfile
    {
        var profile = try profile()
        profile.notify.scheme = scheme
        profile.testOnly = testOnly
        profile.notify.allowUnsigned = allowUnsigned
        return profile
    }

    static func credentials(_ profile: AcquirerProfile? = nil) throws -> AcquirerCredentials {
        try (profile ?? Fixtures.profile()).loadCredentials(environment: [:])
    }

    static func vectors() throws -> [String: String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path("signature-vectors.json")))
        return try JSONDecoder().decode([String: String].self, from: data)
    }

    static func mdr() throws -> MDRSchedule { try MDRSchedule.load(contentsOf: URL(fileURLWithPath: path("mdr.json"))) }
}

/// Fixed instants used across tests.
enum Instants {
    /// 2026-11-23T10:15:30+07:00.
    static let morning = try! SNAPTimestamp("2026-11-23T10:15:30+07:00").date

    static func at(_ text: String) -> Date { try! SNAPTimestamp(text).date }
}

/// An invoice table for the notify processor, as the ledger would answer.
struct InvoiceTable: NotifyInvoiceLookup {
    var invoices: [String: NotifyInvoiceState]

    func invoice(reference: String) async throws -> NotifyInvoiceState? { invoices[reference] }
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}

extension SNAPHTTPResponse {
    var text: String { String(decoding: body, as: UTF8.self) }

    func code() throws -> String {
        let result = try SNAPCoding.decode(SNAPResult.self, from: body, what: "response")
        return result.responseCode.description
    }
}

/// Expects `body` to throw an ``AcquirerError`` with `code`, and returns it.
@discardableResult
func expectError(
    _ code: AcquirerError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) -> AcquirerError? {
    do {
        try body()
        Issue.record("expected \(code), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as AcquirerError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected \(code), got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
