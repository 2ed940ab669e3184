import Foundation

/// The complaint columns of the open figures: counted from the complaints filed in a row's days and
/// zone, as they stand now (a complaint is resolved after its day may have closed, so these are
/// live for closed days too).
extension TransparencyFigures {
    /// The complaint measures of `complaints` as of `now`: counts and rates.
    static func complaintValues(_ complaints: [Complaint], now: Date) -> [Measure: Int64?] {
        var inTime: Int64 = 0
        var late: Int64 = 0
        var hours: [Int64] = []
        for complaint in complaints {
            switch complaint.deadlineMet(now: now) {
            case true?: inTime += 1
            case false?: late += 1
            case nil: break
            }
            if let resolution = complaint.resolution {
                let seconds = max(0, resolution.at.timeIntervalSince(complaint.filing.filedAt))
                hours.append(Int64((seconds / 3600).rounded(.up)))
            }
        }
        hours.sort()
        func rank(_ percent: Int) -> Int64? {
            guard !hours.isEmpty else { return nil }
            return hours[max(0, (percent * hours.count + 99) / 100 - 1)]
        }
        let decided = inTime + late
        return [
            .complaints: Int64(complaints.count), .complaintsInTime: inTime, .complaintsLate: late,
            .complaintsInTimePercent: decided == 0 ? nil : inTime * 100 / decided,
            .resolutionHoursMedian: rank(50), .resolutionHoursP90: rank(90),
        ]
    }

    /// The zone a complaint is counted in: its own, `-` for none.
    static func zone(of complaint: Complaint) -> String { complaint.filing.zone ?? Device.noZone }

    /// Sets the rates (the measures not summed) of the month and of its zones from all of the
    /// month's complaints; the counts are already the sums of the days'.
    public mutating func setComplaintRates(_ complaints: [Complaint], now: Date) {
        let rates = Measure.allCases.filter { !$0.isSummed }
        let all = Self.complaintValues(complaints, now: now)
        for measure in rates { total[measure] = all[measure] ?? nil }
        let byZone = Dictionary(grouping: complaints, by: Self.zone(of:))
        for index in zones.indices {
            let values = Self.complaintValues(byZone[zones[index].zone] ?? [], now: now)
            for measure in rates { zones[index].values[measure] = values[measure] ?? nil }
        }
    }
}

extension TransparencyFigures.Day {
    /// Sets the day's complaint columns, in its total and per zone (a zone with complaints and no
    /// invoices gets a row).
    public mutating func setComplaints(_ complaints: [Complaint], now: Date) {
        let byZone = Dictionary(grouping: complaints, by: TransparencyFigures.zone(of:))
        for zone in byZone.keys where !zones.contains(where: { $0.zone == zone }) {
            var values = TransparencyFigures.Values.zero
            if isClosed { values[.cancelled] = nil }
            zones.append(TransparencyFigures.ZoneValues(zone: zone, values: values))
        }
        zones.sort { $0.zone < $1.zone }
        for (measure, value) in TransparencyFigures.complaintValues(complaints, now: now) { total[measure] = value }
        for index in zones.indices {
            let values = TransparencyFigures.complaintValues(byZone[zones[index].zone] ?? [], now: now)
            for (measure, value) in values { zones[index].values[measure] = value }
        }
    }
}
