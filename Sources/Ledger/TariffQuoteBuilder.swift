import Foundation

/// Builds a ``TariffQuote``'s lines cycle by cycle; the arithmetic behind ``TariffEvaluator``.
struct TariffQuoteBuilder {
    let evaluator: TariffEvaluator
    let rule: TariffRule
    let zone: Zone
    let vehicleClass: VehicleClass.ID
    let entry: Date
    let exit: Date?
    private(set) var lines: [TariffQuote.Line] = []
    private(set) var total = Rupiah.zero

    init(
        evaluator: TariffEvaluator, rule: TariffRule, zone: Zone, vehicleClass: VehicleClass.ID, entry: Date,
        exit: Date?
    ) {
        self.evaluator = evaluator
        self.rule = rule
        self.zone = zone
        self.vehicleClass = vehicleClass
        self.entry = entry
        self.exit = exit
    }

    private static let day: Int64 = 86_400

    mutating func build() throws {
        let entrySecond = Int64(entry.timeIntervalSince1970.rounded(.down))
        let exitSecond = exit.map { Int64($0.timeIntervalSince1970.rounded(.down)) }
        let elapsed = exitSecond.map { $0 - entrySecond } ?? 0
        let cycles = max(1, Int((elapsed + Self.day - 1) / Self.day))
        switch rule.charge {
        case .flat(let amount):
            for cycle in 0..<cycles {
                let start = entrySecond + Int64(cycle) * Self.day
                try addUnit(
                    kind: .flat, base: "Sekali parkir", cycle: cycle, cycles: cycles, start: start,
                    end: start + Self.day, unit: amount)
                try closeCycle(cycle, cycles: cycles, start: start, cap: nil)
            }
        case .progressive(let charge):
            guard let exitSecond else {
                throw LedgerError(
                    .tariffExitRequired, "rule '\(rule.id)' charges by time, so the exit time is required", field: "exit")
            }
            guard (1...1440).contains(charge.firstBlockMinutes), (1...1440).contains(charge.nextBlockMinutes) else {
                throw LedgerError(.tariffInvalidRule, "rule '\(rule.id)' has a block length outside 1–1440 minutes")
            }
            if elapsed <= Int64(charge.graceMinutes) * 60 {
                appendLine(
                    TariffQuote.Line(
                        kind: .grace, label: "Masa tenggang \(charge.graceMinutes) menit", cycle: 0, from: entry,
                        until: exit ?? entry, quantity: 1, unitAmount: .zero, percent: 100, amount: .zero,
                        legalBasis: rule.legalBasis))
                return
            }
            for cycle in 0..<cycles {
                let start = entrySecond + Int64(cycle) * Self.day
                let end = min(exitSecond, start + Self.day)
                let first = Int64(charge.firstBlockMinutes) * 60
                let next = Int64(charge.nextBlockMinutes) * 60
                try addUnit(
                    kind: .firstBlock, base: Self.firstLabel(charge.firstBlockMinutes), cycle: cycle, cycles: cycles,
                    start: start, end: start + first, unit: charge.firstBlock)
                var blockStart = start + first
                while blockStart < end {
                    try addUnit(
                        kind: .nextBlock, base: Self.nextLabel(charge.nextBlockMinutes), cycle: cycle, cycles: cycles,
                        start: blockStart, end: blockStart + next, unit: charge.nextBlock)
                    blockStart += next
                }
                try closeCycle(cycle, cycles: cycles, start: start, cap: charge.dailyCap)
            }
        }
    }

    /// Lines of the cycle being built (they are appended to `lines` as they come).
    private var cycleStartIndex = 0

    /// Adds one block or flat entry, priced by the first window containing its start.
    private mutating func addUnit(
        kind: TariffQuote.Line.Kind, base: String, cycle: Int, cycles: Int, start: Int64, end: Int64, unit: Rupiah
    ) throws {
        let local = evaluator.timeZone.local(Date(timeIntervalSince1970: TimeInterval(start)))
        let window = rule.windows.first {
            $0.contains(weekday: local.date.weekday, minuteOfDay: local.minuteOfDay)
        }
        let percent = window?.percent ?? 100
        let amount = try TariffEvaluator.percent(percent, of: unit)
        var label = cycles > 1 ? "Hari ke-\(cycle + 1): \(base)" : base
        if let window { label += " (\(window.name))" }
        let from = Date(timeIntervalSince1970: TimeInterval(start))
        let until = Date(timeIntervalSince1970: TimeInterval(end))
        if var last = lines.last, lines.count > cycleStartIndex, last.kind == kind, last.label == label,
            last.percent == percent, last.unitAmount == unit, last.until == from
        {
            last.quantity += 1
            last.amount = try Self.add(last.amount, amount)
            last.until = until
            lines[lines.count - 1] = last
            total = try Self.add(total, amount)
            return
        }
        appendLine(
            TariffQuote.Line(
                kind: kind, label: label, cycle: cycle, from: from, until: until, quantity: 1, unitAmount: unit,
                percent: percent, amount: amount, legalBasis: rule.legalBasis))
        total = try Self.add(total, amount)
    }

    /// Applies the daily cap and any event multiplier to the cycle just priced.
    private mutating func closeCycle(_ cycle: Int, cycles: Int, start: Int64, cap: Rupiah?) throws {
        defer { cycleStartIndex = lines.count }
        var subtotal = Rupiah.zero
        for line in lines[cycleStartIndex...] { subtotal = try Self.add(subtotal, line.amount) }
        let from = Date(timeIntervalSince1970: TimeInterval(start))
        let until = Date(timeIntervalSince1970: TimeInterval(start + Self.day))
        let prefix = cycles > 1 ? "Hari ke-\(cycle + 1): " : ""
        if let cap, subtotal > cap {
            let reduction = cap - subtotal
            appendLine(
                TariffQuote.Line(
                    kind: .dailyCap, label: prefix + "Batas tarif harian \(cap.formatted)", cycle: cycle, from: from,
                    until: until, quantity: 1, unitAmount: cap, percent: 100, amount: reduction,
                    legalBasis: rule.legalBasis))
            total = try Self.add(total, reduction)
            subtotal = cap
        }
        let localDate = evaluator.timeZone.local(from).date
        if let event = evaluator.events.event(on: localDate, zone: zone, vehicleClass: vehicleClass),
            event.percent != 100
        {
            let change = try TariffEvaluator.percent(event.percent, of: subtotal) - subtotal
            appendLine(
                TariffQuote.Line(
                    kind: .event, label: prefix + "\(event.name) (\(event.percent)%)", cycle: cycle, from: from,
                    until: until, quantity: 1, unitAmount: subtotal, percent: event.percent, amount: change,
                    legalBasis: event.legalBasis))
            total = try Self.add(total, change)
        }
    }

    private mutating func appendLine(_ line: TariffQuote.Line) { lines.append(line) }

    private static func add(_ lhs: Rupiah, _ rhs: Rupiah) throws -> Rupiah {
        let (sum, overflow) = lhs.value.addingReportingOverflow(rhs.value)
        guard !overflow else {
            throw LedgerError(.tariffAmountOverflow, "\(lhs.value) + \(rhs.value) does not fit in 64 bits")
        }
        return Rupiah(sum)
    }

    static func firstLabel(_ minutes: Int) -> String {
        if minutes == 60 { return "Jam pertama" }
        return minutes % 60 == 0 ? "\(minutes / 60) jam pertama" : "\(minutes) menit pertama"
    }

    static func nextLabel(_ minutes: Int) -> String {
        if minutes == 60 { return "Jam berikutnya" }
        return minutes % 60 == 0 ? "Tiap \(minutes / 60) jam berikutnya" : "Tiap \(minutes) menit berikutnya"
    }
}
