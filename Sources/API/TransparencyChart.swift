import Foundation
import Ledger

/// A bar chart of a month's days as inline SVG, drawn on the server (no script): one slot per day
/// of the month, one bar per series in each slot. Sized in a 400-unit-wide view box so that its
/// 12-unit text stays readable on a 412 px phone; it scales to the page's width.
///
/// Every text in it is XML-escaped here (``MarkupEscaping/xml(_:)``); the page inserts the SVG as is.
struct TransparencyChart {
    /// One bar series.
    struct Series {
        /// Its name in the legend.
        var name: String
        /// The colour of a closed day's bar and of a provisional day's (lighter) one.
        var colour: String
        var liveColour: String
    }

    /// One day: its day of the month, whether it is closed, and one value per series.
    struct Slot {
        var day: Int
        var closed: Bool
        var values: [Int64]
    }

    var id: String
    var title: String
    /// One sentence for screen readers (the table below the chart has every value).
    var summary: String
    var series: [Series]
    var slots: [Slot]
    /// How many days the month has (slots for every one of them, filled or not).
    var dayCount: Int
    /// The legend's words for the lighter bars of provisional days.
    var liveLabel: String
    /// An axis value as text (`Rp1,2 jt`).
    var axisLabel: (Int64) -> String

    static let width = 400.0
    static let plotLeft = 56.0
    static let plotRight = 394.0
    static let plotTop = 10.0
    static let plotBottom = 168.0

    /// The smallest 2, 4 or 10 times a power of ten at or above `value` (2 for nothing): an even top,
    /// so the middle grid line is a whole number too.
    static func roundedMaximum(_ value: Int64) -> Int64 {
        var step: Int64 = 1
        while true {
            for factor: Int64 in [2, 4, 10] {
                let (candidate, overflow) = step.multipliedReportingOverflow(by: factor)
                if overflow || candidate >= value { return overflow ? Int64.max : candidate }
            }
            let (next, overflow) = step.multipliedReportingOverflow(by: 10)
            if overflow { return Int64.max }
            step = next
        }
    }

    /// The SVG element.
    var svg: String {
        let maximum = Self.roundedMaximum(slots.flatMap(\.values).max() ?? 0)
        let plotWidth = Self.plotRight - Self.plotLeft
        let plotHeight = Self.plotBottom - Self.plotTop
        let slotWidth = plotWidth / Double(max(dayCount, 1))
        let barWidth = slotWidth * 0.8 / Double(max(series.count, 1))
        let legendY = Self.plotBottom + 44
        let height = legendY + 10
        var out = """
            <svg id="\(id)" class="chart" viewBox="0 0 \(Self.format(Self.width)) \(Self.format(height))" role="img" \
            aria-labelledby="\(id)-title \(id)-desc" xmlns="http://www.w3.org/2000/svg">\
            <title id="\(id)-title">\(MarkupEscaping.xml(title))</title>\
            <desc id="\(id)-desc">\(MarkupEscaping.xml(summary))</desc>
            """
        // Grid lines and axis labels at 0, half and the top.
        for fraction in [0.0, 0.5, 1.0] {
            let y = Self.plotBottom - plotHeight * fraction
            out +=
                "<line x1=\"\(Self.format(Self.plotLeft))\" x2=\"\(Self.format(Self.plotRight))\" y1=\"\(Self.format(y))\" y2=\"\(Self.format(y))\" stroke=\"#bbb\" stroke-width=\"1\"/>"
            let value = Int64((Double(maximum) * fraction).rounded())
            out +=
                "<text x=\"\(Self.format(Self.plotLeft - 4))\" y=\"\(Self.format(y + 4))\" text-anchor=\"end\" font-size=\"12\" fill=\"#222\">\(MarkupEscaping.xml(axisLabel(value)))</text>"
        }
        for slot in slots {
            let left = Self.plotLeft + slotWidth * Double(slot.day - 1) + slotWidth * 0.1
            for (index, value) in slot.values.enumerated() where index < series.count {
                let barHeight = max(0, plotHeight * Double(value) / Double(maximum))
                let colour = slot.closed ? series[index].colour : series[index].liveColour
                out +=
                    "<rect x=\"\(Self.format(left + barWidth * Double(index)))\" y=\"\(Self.format(Self.plotBottom - barHeight))\" width=\"\(Self.format(barWidth))\" height=\"\(Self.format(barHeight))\" fill=\"\(colour)\"/>"
            }
        }
        for day in Set([1, 5, 10, 15, 20, 25, dayCount]).sorted() where day <= dayCount {
            let x = Self.plotLeft + slotWidth * (Double(day) - 0.5)
            out +=
                "<text x=\"\(Self.format(x))\" y=\"\(Self.format(Self.plotBottom + 16))\" text-anchor=\"middle\" font-size=\"12\" fill=\"#222\">\(day)</text>"
        }
        // The legend: each series' colour, then what the lighter shades mean.
        var x = Self.plotLeft
        for entry in series {
            out +=
                "<rect x=\"\(Self.format(x))\" y=\"\(Self.format(legendY - 10))\" width=\"10\" height=\"10\" fill=\"\(entry.colour)\"/>"
            out +=
                "<text x=\"\(Self.format(x + 14))\" y=\"\(Self.format(legendY))\" font-size=\"12\" fill=\"#222\">\(MarkupEscaping.xml(entry.name))</text>"
            x += 24 + Double(entry.name.count) * 6.4
        }
        out +=
            "<text x=\"\(Self.format(x))\" y=\"\(Self.format(legendY))\" font-size=\"12\" fill=\"#222\">\(MarkupEscaping.xml(liveLabel))</text>"
        return out + "</svg>"
    }

    /// A coordinate with at most one decimal.
    static func format(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(tenths / 10)
    }

    /// A rupiah amount for an axis: `Rp1,2 jt`, `Rp500 rb` (`Rp1.2M`, `Rp500k` in English).
    static func shortRupiah(_ value: Int64, english: Bool) -> String {
        let units: [(Int64, String, String)] = [
            (1_000_000_000_000, " T", "T"), (1_000_000_000, " M", "B"), (1_000_000, " jt", "M"), (1_000, " rb", "k"),
        ]
        for (size, indonesian, englishUnit) in units where value >= size {
            let tenths = (Double(value) / Double(size) * 10).rounded() / 10
            var number = tenths == tenths.rounded() ? String(Int64(tenths)) : String(tenths)
            if !english { number = number.replacingOccurrences(of: ".", with: ",") }
            return "Rp" + number + (english ? englishUnit : indonesian)
        }
        return "Rp\(value)"
    }

    /// A count for an axis, with thousands separators.
    static func shortCount(_ value: Int64, english: Bool) -> String {
        TransparencyText.value(value, .issued, english ? .en : .id)
    }
}
