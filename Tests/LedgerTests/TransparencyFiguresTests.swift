import Foundation
import Ledger
import Testing

/// The open figures' sums: a live day and the statement of the same rows agree, a month is the sum
/// of its days, an unknown value stays unknown in a sum, sequence gaps land in the day and the zone.
@Suite("TransparencyFigures")
struct TransparencyFiguresTests {
    static let date = CivilDate(year: 2026, month: 11, day: 24)!

    static func row(
        _ zone: String, _ status: InvoiceStatus, count: Int64, amount: Int64, mdr: Int64 = 0
    )
        -> DayBreakdownRow
    {
        DayBreakdownRow(
            zone: zone, revenueLine: "parking:car", deviceID: Device.ID("HH-1"), status: status, count: count,
            amount: Rupiah(amount), mdr: Rupiah(mdr), net: Rupiah(status == .settled ? amount - mdr : 0))
    }

    static let rows = [
        row("ayp-01", .settled, count: 3, amount: 15_000, mdr: 105), row("ayp-01", .cancelled, count: 1, amount: 5_000),
        row("ayp-02", .paid, count: 2, amount: 4_000), row("ayp-02", .expired, count: 1, amount: 2_000),
        row("-", .refunded, count: 1, amount: 25_000), row("-", .cancelled, count: 2, amount: 50_000),
    ]

    static func statement(_ rows: [DayBreakdownRow]) throws -> DailyStatement {
        DailyStatement(
            date: date, cityID: "ambon", timeZone: "WIT", from: Date(timeIntervalSince1970: 0),
            to: Date(timeIntervalSince1970: 86_400), closedAt: Date(timeIntervalSince1970: 90_000),
            closedBy: .serverOperator, figures: try DailyStatement.figures(rows: rows, exceptions: [:]),
            chainHead: ChainHead(sequence: 7, hash: Array(repeating: 1, count: 32)), keyID: "0badc0de",
            signature: "c2ln")
    }

    @Test("a live day and the statement of the same rows agree; only per-zone cancellations are unknown when closed")
    func liveAndClosedAgree() throws {
        let live = try TransparencyFigures.Day(live: Self.date, rows: Self.rows)
        let closed = try TransparencyFigures.Day(closed: try Self.statement(Self.rows))
        #expect(live.statement == nil && closed.statement?.keyID == "0badc0de")
        #expect(closed.statement?.sha256.count == 64)
        #expect(live.total == closed.total)
        #expect(live.total[.issued] == 10 && live.total[.paid] == 6 && live.total[.settled] == 3)
        #expect(live.total[.gross] == 44_000 && live.total[.mdr] == 105 && live.total[.net] == 14_895)
        #expect(live.total[.cancelled] == 3 && live.total[.sequenceGaps] == 0)
        #expect(
            live.zones.map(\.zone) == ["-", "ayp-01", "ayp-02"] && closed.zones.map(\.zone) == live.zones.map(\.zone))
        for (mine, theirs) in zip(live.zones, closed.zones) {
            var known = mine.values
            known[.cancelled] = nil
            #expect(known == theirs.values, "\(mine.zone)")
            #expect(theirs.values[.cancelled] == nil && mine.values[.cancelled] != nil)
        }
        #expect(live.zones[0].values[.cancelled] == 2 && live.zones[1].values[.cancelled] == 1)
    }

    @Test("a month sums its days; a sum with an unknown value is unknown; sequence gaps count in the day and zone")
    func monthSums() throws {
        let month = try #require(CityMonth(text: "2026-11"))
        var live = try TransparencyFigures.Day(live: Self.date.adding(days: 1), rows: Self.rows)
        try live.addSequenceGaps(2, zone: "ayp-09")
        try live.addSequenceGaps(1, zone: "ayp-01")
        #expect(live.total[.sequenceGaps] == 3)
        #expect(live.zones.first { $0.zone == "ayp-09" }?.values[.sequenceGaps] == 2)
        #expect(live.zones.first { $0.zone == "ayp-09" }?.values[.issued] == 0)
        let closed = try TransparencyFigures.Day(closed: try Self.statement(Self.rows))
        let figures = try TransparencyFigures(month: month, days: [live, closed])
        #expect(figures.days.map(\.date) == [Self.date, Self.date.adding(days: 1)])
        #expect(figures.total[.issued] == 20 && figures.total[.gross] == 88_000 && figures.total[.cancelled] == 6)
        #expect(figures.total[.sequenceGaps] == 3)
        let ayp01 = try #require(figures.zones.first { $0.zone == "ayp-01" })
        #expect(ayp01.values[.issued] == 8 && ayp01.values[.cancelled] == nil, "unknown on the closed day")
        #expect(figures.zones.first { $0.zone == "ayp-09" }?.values[.cancelled] == 0)
        #expect(!figures.isClosed)
        let empty = try TransparencyFigures(month: month, days: [])
        #expect(empty.total == .zero && empty.zones.isEmpty)
    }

    @Test("a statement without a published figure is storage.failure, not a zero")
    func incompleteStatement() throws {
        var statement = try Self.statement(Self.rows)
        guard case .object(var members) = statement.figures else { return }
        members["invoices"] = .object(["issued": .int(1)])
        statement.figures = .object(members)
        #expect(throws: LedgerError.self) { try TransparencyFigures.Day(closed: statement) }
    }

    @Test("sums past 64 bits are amount.overflow")
    func overflow() {
        var big = TransparencyFigures.Values.zero
        big[.gross] = .max
        var sum = big
        #expect(throws: LedgerError.self) { try sum.add(big) }
    }
}
