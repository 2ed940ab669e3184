import Foundation
import Ledger

/// The attendant's actions: online first with the action's idempotency key, offline with the same
/// key when the server does not answer in time.
extension Handheld {
    /// `issue --plate P --class C [--zone Z]`: a flat ticket billed at entry, or an hourly ticket
    /// opened with its entry ticket.
    public func issue(plate: String, vehicleClass: String, zone: String?) async throws -> HandheldOutput {
        let normalised = try Self.normalisedPlate(plate)
        let key = newKey("issue")
        var body: [String: Any] = ["plate": normalised, "vehicleClass": vehicleClass]
        if let zone { body["zone"] = zone }
        let served = try await sendOnline(key: key, json: body, refused: ("the ticket", "karcis ini")) { _ in
            "/api/v1/parking/tickets"
        }
        if let served { return served }
        return try await issueOffline(plate: normalised, vehicleClass: vehicleClass, zone: zone, key: key)
    }

    /// `exit --plate P | --ticket ID`: closes an hourly ticket with its bill (or at Rp0).
    public func exit(plate: String?, ticket: String?) async throws -> HandheldOutput {
        let key = newKey("exit")
        let normalised = try plate.map(Self.normalisedPlate)
        let served = try await sendOnline(key: key, refused: ("the exit", "karcis keluar")) {
            try await ticketPath("exit", plate: normalised, ticket: ticket, client: $0)
        }
        if let served { return served }
        let local = try await localOpenTicket(plate: normalised, ticket: ticket)
        return try await exitOffline(local, key: key)
    }

    /// `void --ticket ID --reason R`: voids an open ticket and prints the void slip.
    public func void(ticket: String, reason: String) async throws -> HandheldOutput {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(reason.count) else {
            throw HandheldError(
                .invalidArgument, "--reason must be 1–200 characters",
                indonesian: "Alasan pembatalan harus 1–200 karakter", field: "--reason")
        }
        let key = newKey("void")
        let served = try await sendOnline(
            key: key, json: ["reason": reason], refused: ("the void", "pembatalan"), operation: .void
        ) { try await ticketPath("void", plate: nil, ticket: ticket, client: $0) }
        if let served { return served }
        let local = try await localOpenTicket(plate: nil, ticket: ticket)
        return try await voidOffline(local, reason: reason, key: key)
    }

    /// `reprint --ticket ID`: counts a reprint on the server and prints the copy ("CETAK ULANG ke-N");
    /// offline, prints the copy from what the handheld knows, counted here only.
    public func reprint(ticket: String) async throws -> HandheldOutput {
        let key = newKey("reprint")
        let served = try await sendOnline(key: key, refused: ("the reprint", "cetak ulang"), countsReprint: true) {
            try await ticketPath("reprint", plate: nil, ticket: ticket, client: $0)
        }
        if let served { return served }
        return try await reprintOffline(ticket: ticket)
    }

    /// The online half of an action: POSTs it with its idempotency key to the path `path` gives (it
    /// may look the ticket up on the server first) and records the server's answer. Nil when the
    /// handheld is offline or the server does not answer in time: the handheld is then marked
    /// offline and the caller does the action locally, with the same key.
    /// - Parameters:
    ///   - refused: what the server refused, in English and Indonesian, for ``refusal(_:doing:_:)``.
    ///   - operation, countsReprint: as ``recordOnline(_:key:client:operation:countsReprint:)`` takes them.
    func sendOnline(
        key: String, json: [String: Any]? = nil, refused: (english: String, indonesian: String),
        operation: LocalAction.Operation? = nil, countsReprint: Bool = false,
        to path: (ServerClient) async throws -> String
    ) async throws -> HandheldOutput? {
        guard let client = try await onlineClient() else { return nil }
        do {
            let answer = try await client.send(.POST, try await path(client), json: json, idempotencyKey: key)
            try await markOnline()
            guard answer.isSuccess else { throw refusal(answer, doing: refused.english, refused.indonesian) }
            return try await recordOnline(
                answer, key: key, client: client, operation: operation, countsReprint: countsReprint)
        } catch is ServerClient.Unreachable {
            try await markOffline()
            return nil
        }
    }

    /// The server's path of `action` (`exit`, `void`, `reprint`) on the ticket the attendant named.
    func ticketPath(_ action: String, plate: String?, ticket: String?, client: ServerClient) async throws -> String {
        let id = try await serverTicketID(plate: plate, ticket: ticket, client: client)
        return "/api/v1/parking/tickets/\(id.urlPathEscaped)/\(action)"
    }

    /// The server's id of the ticket the attendant named: by plate (the server's open tickets of
    /// the plate; exactly one) or by number (a local number maps to the server's id once synced).
    func serverTicketID(plate: String?, ticket: String?, client: ServerClient) async throws -> String {
        if let ticket {
            if let known = try await queue.ticket(ticket) {
                guard let serverID = known.serverID else {
                    throw HandheldError(
                        .ticketNotFound, "ticket \(ticket) was refused by the server at sync and cannot be closed",
                        indonesian: "Karcis \(ticket) ditolak server saat sinkronisasi dan tidak dapat ditutup")
                }
                return serverID
            }
            return ticket
        }
        let plate = plate ?? ""
        let answer = try await client.send(.GET, "/api/v1/parking/tickets?plate=\(plate.urlQueryEscaped)")
        guard answer.isSuccess else { throw refusal(answer, doing: "the look-up", "pencarian karcis") }
        let open = (answer.json?["tickets"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        return try Self.onlyTicket(open, plate: plate)
    }

    /// The one open ticket of a list, or the error the attendant reads.
    static func onlyTicket(_ ids: [String], plate: String) throws -> String {
        guard ids.count == 1 else {
            if ids.isEmpty {
                throw HandheldError(
                    .ticketNotFound, "no open ticket for plate \(plate)",
                    indonesian: "Tidak ada karcis terbuka untuk plat \(plate)", field: "--plate")
            }
            let list = ids.joined(separator: ", ")
            throw HandheldError(
                .ticketNotFound, "plate \(plate) has \(ids.count) open tickets (\(list)): name one with --ticket",
                indonesian: "Plat \(plate) punya \(ids.count) karcis terbuka (\(list)): pilih dengan --ticket",
                field: "--plate")
        }
        return ids[0]
    }

    /// An open ticket this handheld knows, for an offline exit or void.
    func localOpenTicket(plate: String?, ticket: String?) async throws -> LocalTicket {
        if let ticket {
            guard let found = try await queue.ticket(ticket) else {
                throw HandheldError(
                    .ticketNotFound, "ticket \(ticket) is not known on this handheld (offline)",
                    indonesian: "Karcis \(ticket) tidak dikenal di perangkat ini (luring)", field: "--ticket")
            }
            guard found.state == .open else {
                throw HandheldError(
                    .ticketClosed, "ticket \(ticket) is already closed (\(found.state.rawValue))",
                    indonesian: "Karcis \(ticket) sudah ditutup", field: "--ticket")
            }
            return found
        }
        let plate = plate ?? ""
        let open = try await queue.openTickets(plate: plate)
        _ = try Self.onlyTicket(open.map(\.localID), plate: plate)
        return open[0]  // exactly one, or onlyTicket threw
    }

    /// Stores what the server answered as one local action, then prints the server's ticket.
    func recordOnline(
        _ answer: ServerClient.Answer, key: String, client: ServerClient,
        operation forced: LocalAction.Operation? = nil, countsReprint: Bool = false
    ) async throws -> HandheldOutput {
        guard let json = answer.json, let served = ServerTicket(answer: json) else {
            throw HandheldError(
                .badAnswer, "the server's answer holds no ticket", indonesian: "Jawaban server tidak memuat karcis")
        }
        let known = try await queue.ticket(served.id)
        let shift = try await queue.currentShift()
        var ticket = served.local(merging: known, attendant: try await queue.meta(.attendant))
        if countsReprint { ticket.reprints += 1 }
        // A reprint is no action of the shift; otherwise the answer tells what happened.
        let operation: LocalAction.Operation? =
            if countsReprint {
                nil
            } else if let forced {
                forced
            } else {
                switch served.state {
                case .open: .open
                case .billed: served.exitAt == nil ? .issue : .exit
                case .free: .exitFree
                case .void: .void
                }
            }
        let action = operation.map { operation in
            LocalAction(
                id: 0, idempotencyKey: key, operation: operation, ticketLocalID: ticket.localID, offline: false,
                at: now(),
                sequence: operation == .open || operation == .issue ? served.sequence : served.invoiceSequence,
                amount: operation == .issue || operation == .exit ? served.amount : nil, shiftID: shift?.id,
                record: nil,
                syncState: nil, syncResult: nil)
        }
        let ours = try await queue.meta(.deviceID)
        var sequences: [Int64?] = []
        if operation == .issue || operation == .open {
            sequences = [served.sequence, served.invoiceSequence]
        } else if let ours, served.invoiceDeviceID == ours {
            sequences = [served.invoiceSequence]
        }
        try await queue.commit(ticket: ticket, action: action, meta: try await seenSequences(sequences))
        try await printServed(served, ticket: ticket, client: client)
        return describe(ticket, operation: operation, offline: false)
    }

    /// Prints the server's printable ticket; when the server went away in between, the local copy.
    func printServed(_ served: ServerTicket, ticket: LocalTicket, client: ServerClient) async throws {
        guard printer != nil, let path = served.escposPath else { return }
        do {
            let answer = try await client.send(.GET, path)
            if answer.isSuccess { return try printJob(answer.body) }
        } catch is ServerClient.Unreachable {}
        try printJob(try await localJob(ticket))
    }

    /// A plate as the server stores it (``LicensePlate/normalise(_:)``).
    static func normalisedPlate(_ plate: String) throws -> String {
        do {
            return try LicensePlate.normalise(plate)
        } catch {
            throw HandheldError(
                .invalidArgument, "--plate \(plate.prefix(20)): \(error)",
                indonesian: "Plat \(plate.prefix(20)) tidak sah (huruf dan angka, paling banyak 12)", field: "--plate")
        }
    }
}

extension String {
    /// The string as one URL path segment.
    var urlPathEscaped: String {
        addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(.init(charactersIn: "/"))) ?? self
    }

    /// The string as a query value.
    var urlQueryEscaped: String {
        addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? self
    }
}
