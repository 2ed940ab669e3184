import Foundation
import LunasTestSupport
import Testing

@testable import Ledger

@Suite("Offline records, device signatures and offline times")
struct OfflineRecordTests {
    static let key = DeviceSigningKey.generate()

    static func record(_ operation: OfflineRecord.Operation, sequence: Int64 = 57) throws -> OfflineRecord {
        let at = Date(ledgerMilliseconds: 1_796_000_000_123)
        let code = try DeviceCode("7K2Q")
        switch operation {
        case .issue, .open:
            return OfflineRecord(
                deviceID: Device.ID("dev_hh1"), deviceCode: code, operation: operation, idempotencyKey: "k-\(sequence)",
                sequence: sequence, plate: "DE1234AB", vehicleClass: "car", zone: "ayp-01", entryAt: at,
                amount: operation == .issue ? 5000 : nil,
                billNumber: operation == .issue
                    ? try OfflineBillNumber.make(prefix: "AMB", deviceCode: code, sequence: sequence).rawValue : nil,
                qrisPayload: operation == .issue ? "000201" : nil, at: at, bundleID: "b1")
        case .exit:
            return OfflineRecord(
                deviceID: Device.ID("dev_hh1"), deviceCode: code, operation: .exit, idempotencyKey: "k-x",
                sequence: sequence,
                ticket: .sequence(55), exitAt: at, amount: 7000, billNumber: "AMBX7K2Q1T0", qrisPayload: "000201",
                at: at, bundleID: "b1")
        case .exitFree:
            return OfflineRecord(
                deviceID: Device.ID("dev_hh1"), deviceCode: code, operation: .exitFree, idempotencyKey: "k-f",
                ticket: .id("tkt_1"), exitAt: at, at: at, bundleID: "b1")
        case .void:
            return OfflineRecord(
                deviceID: Device.ID("dev_hh1"), deviceCode: code, operation: .void, idempotencyKey: "k-v",
                ticket: .id("tkt_1"),
                reason: "salah \"input\" \\ plat ké", at: at, bundleID: "b1")
        }
    }

    @Test("every operation signs, travels as JSON and verifies", arguments: OfflineRecord.Operation.allCases)
    func roundTrip(operation: OfflineRecord.Operation) throws {
        let signed = try Self.record(operation).signed(with: Self.key)
        #expect(signed.hasValidSignature(publicKey: Self.key.publicKey))
        #expect(!signed.hasValidSignature(publicKey: DeviceSigningKey.generate().publicKey))
        let data = try JSONEncoder().encode(signed)
        let back = try JSONDecoder().decode(OfflineRecord.self, from: data)
        #expect(back == signed)
        #expect(back.hasValidSignature(publicKey: Self.key.publicKey))
        #expect(try OfflineRecord(canonical: CanonicalJSON.parse(signed.canonical.text)) == signed)
        // The signed bytes are the canonical object without `signature`.
        #expect(!signed.unsigned.text.contains("signature"))
        #expect(signed.canonical.text.contains("\"signature\":"))
    }

    @Test(
        "a void's reason is refused, naming the member and the byte offset, when empty, too long or hiding text",
        arguments: [
            "", "   ", String(repeating: "x", count: 201), "a\u{0}b", "salah\nplat", "ab\u{202E}cd", "\u{200B}x",
        ])
    func badReasons(reason: String) throws {
        var record = try Self.record(.void)
        record.reason = reason
        let text = try record.signed(with: Self.key).canonical.text
        do {
            _ = try OfflineRecord(canonical: CanonicalJSON.parse(text))
            Issue.record("reason \(reason.debugDescription) was accepted")
        } catch let error as LedgerError {
            #expect(error.code == .invalidOfflineRecord && error.field == "reason", "\(error)")
            if reason.unicodeScalars.count == 4 || reason.contains("\n") {
                #expect(error.message.contains("byte offset"), "\(error.message)")
            }
        }
        record.reason = "salah input plat"
        #expect(throws: Never.self) {
            try OfflineRecord(canonical: CanonicalJSON.parse(try record.signed(with: Self.key).canonical.text))
        }
    }

    @Test("changing any member breaks the signature")
    func tamper() throws {
        let signed = try Self.record(.issue).signed(with: Self.key)
        guard case .object(let members) = signed.canonical else { Issue.record("not an object"); return }
        for (key, value) in members where !["signature", "operation", "recordVersion"].contains(key) {
            var changed = members
            switch value {
            case .int(let number): changed[key] = .int(number + 1)
            case .string(let text):
                changed[key] = .string(
                    key == "deviceCode"
                        ? "7K2R"
                        : key.hasSuffix("At") || key == "at"
                            ? OfflineTime.format(OfflineTime.parse(text)!.addingTimeInterval(1)) : text + "A")
            default: continue
            }
            let tampered = try OfflineRecord(canonical: .object(changed))
            #expect(!tampered.hasValidSignature(publicKey: Self.key.publicKey), "member \(key)")
        }
    }

    @Test func shapeIsChecked() throws {
        var extra = try Self.record(.void)
        extra.amount = 100
        #expect(throws: LedgerError.self) { try extra.checkShape() }
        var missing = try Self.record(.issue)
        missing.billNumber = nil
        #expect(throws: LedgerError.self) { try missing.checkShape() }
        guard case .object(var members) = try Self.record(.open).signed(with: Self.key).canonical else { return }
        members["surprise"] = .int(1)
        #expect(throws: LedgerError.self) { try OfflineRecord(canonical: .object(members)) }
        members["surprise"] = nil
        members["recordVersion"] = .int(2)
        #expect(throws: LedgerError.self) { try OfflineRecord(canonical: .object(members)) }
        members["recordVersion"] = .int(1)
        members["at"] = .string("2026-12-07T01:02:03Z")
        #expect(throws: LedgerError.self) { try OfflineRecord(canonical: .object(members)) }
        members["at"] = .string("2026-12-07T01:02:03.000Z")
        members["ticket"] = .object(["sequence": .int(1)])
        #expect(throws: LedgerError.self) { try OfflineRecord(canonical: .object(members)) }
        let json = Data(#"{"recordVersion":1.5}"#.utf8)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(OfflineRecord.self, from: json) }
    }

    @Test("offline times round trip and refuse other forms", arguments: [1, 2] as [UInt64])
    func times(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<5000 {
            let milliseconds = Int64.random(in: 0...4_102_444_800_000, using: &random)
            let date = Date(ledgerMilliseconds: milliseconds)
            let text = OfflineTime.format(date)
            #expect(text.utf8.count == 24)
            #expect(OfflineTime.parse(text)?.ledgerMilliseconds == milliseconds)
        }
        #expect(OfflineTime.format(Date(ledgerMilliseconds: 1_796_000_000_123)) == "2026-11-30T00:53:20.123Z")
        for bad in [
            "2026-02-30T00:00:00.000Z", "2026-12-07T24:00:00.000Z", "2026-12-07T01:02:03.456+09:00",
            "2026-12-07 01:02:03.456Z", "2026-12-07T01:02:03.45Z", "",
        ] {
            #expect(OfflineTime.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func deviceKeys() throws {
        let key = DeviceSigningKey.generate()
        let restored = try DeviceSigningKey(base64: key.base64)
        #expect(restored.publicKey == key.publicKey)
        #expect(try DevicePublicKey(base64: key.publicKey.base64) == key.publicKey)
        #expect(throws: LedgerError.self) { try DevicePublicKey(base64: "AAAA") }
        #expect(throws: LedgerError.self) { try DevicePublicKey(base64: "not base64!") }
        let signature = try key.signature(for: Array("hello".utf8))
        #expect(Data(base64Encoded: signature)?.count == 64)
        #expect(key.publicKey.isValidSignature(base64: signature, for: Array("hello".utf8)))
        #expect(!key.publicKey.isValidSignature(base64: signature, for: Array("hellO".utf8)))
        #expect(!key.publicKey.isValidSignature(base64: "garbage", for: Array("hello".utf8)))
    }
}
