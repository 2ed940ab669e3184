import Foundation
import Ledger
import Testing

/// The leakage view's red mark: a device's unpaid share against its zone's.
@Suite struct LeakageRuleTests {
    static func device(_ id: String, zone: String?, issued: Int, unpaid: Int) throws -> DeviceActivity {
        let device = Device(
            id: Device.ID(id), name: id, role: .attendant, zones: zone.map { [$0] } ?? [], credentialHash: "h",
            enrolledAt: Date(timeIntervalSince1970: 0), revokedAt: nil, revocationReason: nil, lastSequence: 0)
        var activity = DeviceActivity(device: device)
        for _ in 0..<unpaid { try activity.addInvoices(status: .expired, count: 1, amount: Rupiah(1_000)) }
        for _ in unpaid..<issued { try activity.addInvoices(status: .paid, count: 1, amount: Rupiah(1_000)) }
        return activity
    }

    @Test func marksTheDeviceFarAboveItsZone() throws {
        // Zone A: 40 unpaid of 400 (10 %). A3: 12 of 100 (12 %), A4 6 of 20 (30 % > 2 × 10 %).
        let activity = [
            try Self.device("A1", zone: "A", issued: 140, unpaid: 11),
            try Self.device("A2", zone: "A", issued: 140, unpaid: 11),
            try Self.device("A3", zone: "A", issued: 100, unpaid: 12),
            try Self.device("A4", zone: "A", issued: 20, unpaid: 6),
            // Zone B is worse overall: 5 of 10 is its norm, not an outlier.
            try Self.device("B1", zone: "B", issued: 10, unpaid: 5),
        ]
        #expect(LeakageRule.standard.outliers(activity) == [Device.ID("A4")])
    }

    @Test func needsTheMinimumUnpaid() {
        let rule = LeakageRule.standard
        #expect(!rule.isOutlier(unpaid: 2, issued: 2, zoneUnpaid: 2, zoneIssued: 1_000))
        #expect(rule.isOutlier(unpaid: 3, issued: 3, zoneUnpaid: 3, zoneIssued: 1_000))
    }

    @Test func exactlyTwiceIsNotAnOutlier() {
        // 20 % against 10 %: not more than twice.
        #expect(!LeakageRule.standard.isOutlier(unpaid: 4, issued: 20, zoneUnpaid: 10, zoneIssued: 100))
        #expect(LeakageRule.standard.isOutlier(unpaid: 5, issued: 20, zoneUnpaid: 10, zoneIssued: 100))
    }

    @Test func nothingIssuedIsNeverAnOutlier() {
        #expect(!LeakageRule.standard.isOutlier(unpaid: 0, issued: 0, zoneUnpaid: 0, zoneIssued: 0))
        #expect(!LeakageRule(factor: 2, minimumUnpaid: 0).isOutlier(unpaid: 0, issued: 0, zoneUnpaid: 0, zoneIssued: 5))
    }

    /// Against a floating-point reading of the rule, on counts where doubles are exact.
    @Test func agreesWithTheRatioOnRandomCounts() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let issued = Int.random(in: 1...500, using: &random)
            let unpaid = Int.random(in: 0...issued, using: &random)
            let zoneIssued = issued + Int.random(in: 0...5_000, using: &random)
            let zoneUnpaid = unpaid + Int.random(in: 0...(zoneIssued - issued), using: &random)
            let rule = LeakageRule(factor: Int.random(in: 1...4, using: &random), minimumUnpaid: 3)
            let ratio =
                unpaid >= 3
                && Double(unpaid) * Double(zoneIssued) > Double(rule.factor) * Double(zoneUnpaid) * Double(issued)
            #expect(
                rule.isOutlier(unpaid: unpaid, issued: issued, zoneUnpaid: zoneUnpaid, zoneIssued: zoneIssued) == ratio)
        }
    }
}
