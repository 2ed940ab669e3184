import Foundation
import Ledger

/// The shift: who works the handheld, the summary at its end, and the handheld's status.
extension Handheld {
    /// `shift start --attendant NAME`: starts a shift here and records the attendant on the server
    /// (`PUT /api/v1/devices/me/attendant`), at once or at the next sync when offline.
    public func shiftStart(attendant: String) async throws -> HandheldOutput {
        let name = attendant.trimmingCharacters(in: .whitespaces)
        guard (1...60).contains(name.count),
            !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw HandheldError(
                .invalidArgument, "--attendant must be 1–60 characters without control characters",
                indonesian: "Nama petugas harus 1–60 karakter", field: "--attendant")
        }
        let client = try await client()
        let shift = try await queue.startShift(attendant: name, at: now())
        try await queue.setMeta([.attendant: name, .pendingAttendant: name])
        var online = false
        do {
            try await syncPending(client)
            online = true
        } catch is ServerClient.Unreachable {
            try await markOffline()
        }
        let lines = [
            say("Shift dimulai: ", "Shift started: ") + name,
            online
                ? say("Nama petugas tercatat di server.", "Attendant recorded on the server.")
                : say("LURING: nama petugas dikirim saat sinkron.", "OFFLINE: the attendant is sent at the next sync."),
        ]
        return HandheldOutput(
            lines: lines,
            json: ["shift": .int(shift), "attendant": .string(name), "mode": .string(online ? "online" : "offline")])
    }

    /// `shift end`: syncs when it can, learns which bills are paid, prints the shift summary and
    /// ends the shift.
    public func shiftEnd() async throws -> HandheldOutput {
        let client = try await client()
        guard let shift = try await queue.currentShift() else {
            throw HandheldError(
                .invalidArgument, "no shift is open: start one with lunas handheld shift start",
                indonesian: "Belum ada shift: mulai dengan lunas handheld shift start")
        }
        let actions = try await queue.actions(shiftID: shift.id)
        var online = false
        do {
            try await syncPending(client)
            try await refreshPaid(actions, client: client)
            online = true
        } catch is ServerClient.Unreachable {
            try await markOffline()
        }
        let tickets = try await queue.tickets(Array(Set(actions.map(\.ticketLocalID))))
        let summary = ShiftSummary(
            actions: try await queue.actions(shiftID: shift.id),
            tickets: Dictionary(tickets.map { ($0.localID, $0) }, uniquingKeysWith: { first, _ in first }))
        try await queue.endShift(shift.id, at: now())
        var lines = summary.lines(language, attendant: shift.attendant)
        if !online {
            lines.append(
                say("LURING: status bayar dari sinkron terakhir.", "OFFLINE: paid status as of the last sync."))
        }
        return HandheldOutput(
            lines: lines,
            json: [
                "shift": .int(shift.id), "attendant": shift.attendant.map(CanonicalJSON.string) ?? .null,
                "summary": summary.json, "mode": .string(online ? "online" : "offline"),
            ])
    }

    /// Asks the server whether the shift's bills are paid (`GET /api/v1/invoices/{id}`).
    func refreshPaid(_ actions: [LocalAction], client: ServerClient) async throws {
        let billed = Set(actions.filter { $0.operation == .issue || $0.operation == .exit }.map(\.ticketLocalID))
        var paid: [String: Bool] = [:]
        for ticket in try await queue.tickets(Array(billed)) where ticket.paid != true {
            guard let invoice = ticket.invoiceID else { continue }
            let answer = try await client.send(.GET, "/api/v1/invoices/\(invoice.urlPathEscaped)")
            guard answer.isSuccess, let status = (answer.json?["invoice"] as? [String: Any])?["status"] as? String
            else { continue }
            paid[ticket.localID] = status == "paid"
        }
        if !paid.isEmpty { try await queue.setPaid(paid) }
    }

    /// `status`: the enrolment, the queue, the last sync and since when the handheld is offline.
    public func status() async throws -> HandheldOutput {
        let server = try await queue.meta(.server)
        let queued = try await queue.queuedCount()
        let lastSync = try await queue.meta(.lastSyncAt).flatMap(Int64.init).map(Date.init(ledgerMilliseconds:))
        let offlineSince = try await queue.meta(.offlineSince).flatMap(Int64.init).map(Date.init(ledgerMilliseconds:))
        let device = try await queue.meta(.deviceID)
        let code = try await queue.meta(.deviceCode)
        let attendant = try await queue.meta(.attendant)
        let sequence = try await queue.meta(.lastSequence).flatMap(Int64.init) ?? 0
        let never = say("belum pernah", "never")
        let lines = [
            say("Server: ", "Server: ") + (server ?? say("belum terdaftar", "not enrolled")),
            say("Perangkat: ", "Device: ") + (device ?? "-") + (code.map { " (\($0))" } ?? ""),
            say("Petugas: ", "Attendant: ") + (attendant ?? "-"),
            say("Antrean: ", "Queued: ") + "\(queued)",
            say("Sinkron terakhir: ", "Last sync: ") + (lastSync.map(Self.timeText) ?? never),
            say("Luring sejak: ", "Offline since: ") + (offlineSince.map(Self.timeText) ?? "-"),
            say("Nomor urut terakhir: ", "Last sequence: ") + "\(sequence)",
        ]
        return HandheldOutput(
            lines: lines,
            json: [
                "server": server.map(CanonicalJSON.string) ?? .null,
                "deviceId": device.map(CanonicalJSON.string) ?? .null,
                "deviceCode": code.map(CanonicalJSON.string) ?? .null,
                "attendant": attendant.map(CanonicalJSON.string) ?? .null, "queued": .int(Int64(queued)),
                "lastSyncAt": lastSync.map { CanonicalJSON.string(Self.timeText($0)) } ?? .null,
                "offlineSince": offlineSince.map { CanonicalJSON.string(Self.timeText($0)) } ?? .null,
                "lastSequence": .int(sequence),
            ])
    }
}
