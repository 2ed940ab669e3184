import ArgumentParser
import Foundation
import Ledger

/// `lunas ledger payments [--verified-by KEY_ID] [--json] [--data-dir DIR] [--database-url URL]`: what an acquirer key
/// let into the ledger.
///
/// Every payment and payment exception a notify created names the acquirer profile and key id that
/// verified it (`rsa:…`, `hmac:…`, `unsigned`; see `NotifyKeyID`). A city that learns a key was
/// compromised lists everything it let in with `--verified-by`; without it the command lists each
/// profile and key id with its counts.
struct LedgerPaymentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payments",
        abstract: "List the payments and payment exceptions an acquirer key verified.",
        discussion: """
            With --verified-by KEY_ID: every payment and payment exception whose notify that key \
            verified, oldest first. Without it: each acquirer profile and key id with how many payments \
            and exceptions it let in. Exits 0 (also when nothing is listed), 1 when there is no ledger \
            database, 78 when database.url names a scheme this build cannot open.
            """
    )

    @OptionGroup var data: LedgerLocationOptions

    @Option(name: .customLong("verified-by"), help: "The key id (rsa:…, hmac:…, unsigned) to list.")
    var keyID: String?

    @Flag(name: .customLong("json"), help: "Print one JSON object instead of text.")
    var json = false

    func run() async throws {
        let store = try await data.openStore("lunas ledger payments", mode: .existing).store
        guard let keyID else {
            let usage = try await store.notifyKeyUsage()
            if json {
                print(
                    Self.text([
                        "keys": usage.map {
                            [
                                "verifiedBy": Self.verification($0.verification), "payments": $0.payments,
                                "exceptions": $0.exceptions,
                            ] as [String: Any]
                        }
                    ]))
            } else if usage.isEmpty {
                print("no recorded notify names a verifying key")
            } else {
                for use in usage {
                    print(
                        "\(use.verification.keyID)  profile \(use.verification.profileID)  "
                            + "payments \(use.payments)  exceptions \(use.exceptions)")
                }
            }
            return
        }
        let payments = try await store.payments(verifiedByKey: keyID)
        let exceptions = try await store.paymentExceptions(verifiedByKey: keyID)
        if json {
            print(
                Self.text([
                    "keyID": keyID, "payments": payments.map(Self.object), "exceptions": exceptions.map(Self.object),
                ]))
            return
        }
        print("payments verified by \(keyID): \(payments.count)")
        for payment in payments {
            print(
                "  \(payment.id)  bill \(payment.billNumber)  rrn \(payment.rrn)  \(payment.amount.formatted)  "
                    + "\(payment.effect.rawValue)  paid \(Self.time(payment.paidAt))  issuer \(payment.issuer)  "
                    + "profile \(payment.verifiedBy?.profileID ?? "-")")
        }
        print("payment exceptions verified by \(keyID): \(exceptions.count)")
        for exception in exceptions {
            let amount = exception.amount?.formatted ?? "amount as sent \(exception.amountText ?? "-")"
            print(
                "  \(exception.id)  bill \(exception.billNumber)  rrn \(exception.rrn)  \(amount)  "
                    + "\(exception.reason.rawValue)  paid \(Self.time(exception.paidAt))  "
                    + "profile \(exception.verifiedBy?.profileID ?? "-")  body sha256 \(exception.bodySHA256 ?? "-")")
        }
    }

    static func time(_ date: Date) -> String { date.formatted(.iso8601) }

    static func verification(_ value: PaymentVerification?) -> Any {
        value.map { ["profileID": $0.profileID, "keyID": $0.keyID] as [String: Any] } ?? NSNull()
    }

    /// A payment as JSON, with the profile and key that verified it.
    static func object(_ payment: Payment) -> [String: Any] {
        [
            "id": payment.id.rawValue, "invoiceID": payment.invoiceID.rawValue,
            "billNumber": payment.billNumber.rawValue, "rrn": payment.rrn, "issuer": payment.issuer,
            "amount": payment.amount.value, "paidAt": time(payment.paidAt), "recordedAt": time(payment.recordedAt),
            "source": payment.source.code, "effect": payment.effect.rawValue,
            "verifiedBy": verification(payment.verifiedBy),
        ]
    }

    /// A payment exception as JSON: `amount` is null when only `amountText` holds it.
    static func object(_ exception: PaymentException) -> [String: Any] {
        [
            "id": exception.id.rawValue, "billNumber": exception.billNumber, "rrn": exception.rrn,
            "issuer": exception.issuer, "amount": exception.amount.map { $0.value as Any } ?? NSNull(),
            "amountText": exception.amountText ?? NSNull(), "paidAt": time(exception.paidAt),
            "recordedAt": time(exception.recordedAt), "source": exception.source.code,
            "reason": exception.reason.rawValue, "detail": exception.detail,
            "bodySHA256": exception.bodySHA256 ?? NSNull(), "verifiedBy": verification(exception.verifiedBy),
        ]
    }

    static func text(_ object: [String: Any]) -> String {
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
