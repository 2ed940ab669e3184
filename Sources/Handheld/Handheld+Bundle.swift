import Foundation
import Ledger
import QRImage
import Tickets

/// The signed offline bundle: download, verification, and the tickets printed from it.
extension Handheld {
    /// Downloads the bundle (`GET /api/v1/devices/me/bundle`), checks it and stores it; registers
    /// the device key first when the server has none (409). Returns false when the server offers
    /// no bundle (404).
    ///
    /// The city's receipt key ring is fetched again with every bundle (by the same path as at
    /// enrolment), so a key the city rotated in or revoked reaches the handheld with its next sync;
    /// the ring is stored only together with a bundle it verifies. A handheld enrolled over plain
    /// http before enrolment required https keeps the ring of its enrolment (anyone on the path
    /// could hand it another). The bundle must also lie within bounds the server never exceeds
    /// (``checkBounds(_:)``), so that even a bundle signed by a leaked key cannot promise much.
    ///
    /// - Throws: ``HandheldError/Code/bundleUnusable`` for a bundle that does not verify or is out
    ///   of bounds (the stored bundle and ring are kept), ``ServerClient/Unreachable``.
    func refreshBundle(_ client: ServerClient) async throws -> Bool {
        var answer = try await client.send(.GET, "/api/v1/devices/me/bundle")
        if answer.status == 409 {
            let key = try signingKey()
            let registered = try await client.send(
                .POST, "/api/v1/devices/me/key", json: ["publicKey": key.publicKey.base64])
            guard registered.isSuccess else { throw refusal(registered, doing: "the device key", "kunci perangkat") }
            answer = try await client.send(.GET, "/api/v1/devices/me/bundle")
        }
        if answer.status == 404 { return false }
        guard answer.isSuccess else { throw refusal(answer, doing: "the offline bundle", "paket luring") }
        let text = String(decoding: answer.body, as: UTF8.self)
        let fetchedRing = Self.isTrustedServer(client.baseURL) ? try await keyRing(client) : nil
        let ring: ReceiptKeyRing
        if let fetchedRing { ring = try Self.ring(fetchedRing) } else { ring = try await storedRing() }
        let bundle = try verifiedBundle(text, ring: ring)
        try checkBounds(bundle)
        let known = Int64(try await queue.meta(.lastSequence) ?? "0") ?? 0
        var meta: [MetaKey: String?] = [
            .bundle: text, .deviceID: bundle.deviceID.rawValue, .deviceCode: bundle.deviceCode.rawValue,
            .lastSequence: String(max(known, bundle.lastSequence)),
        ]
        if let fetchedRing { meta[.keyRing] = fetchedRing }
        try await queue.setMeta(meta)
        return true
    }

    /// The longest validity a server gives (`offline.bundleValidityHours` is at most 720).
    public static let longestBundleValidity: TimeInterval = 720 * 3600
    /// How far ahead of this handheld's clock a bundle may start (clocks drift; a day is generous).
    public static let latestBundleStart: TimeInterval = 86_400

    /// Whether a bundle is one a server of this version makes, seen at `now`: valid for at most
    /// ``longestBundleValidity``, starting at most ``latestBundleStart`` ahead, and not yet over.
    public static func isWithinBounds(_ bundle: OfflineBundle, at now: Date) -> Bool {
        bundle.validUntil.timeIntervalSince(bundle.validFrom) <= longestBundleValidity
            && bundle.validFrom.timeIntervalSince(now) <= latestBundleStart && bundle.validUntil > now
    }

    /// Refuses a downloaded bundle that is not ``isWithinBounds(_:at:)`` now.
    func checkBounds(_ bundle: OfflineBundle) throws {
        guard Self.isWithinBounds(bundle, at: now()) else {
            throw HandheldError(
                .bundleUnusable,
                "the offline bundle is valid from \(Self.timeText(bundle.validFrom)) until "
                    + "\(Self.timeText(bundle.validUntil)): no server gives such a bundle; the stored one is kept",
                indonesian: "Masa berlaku paket luring tidak wajar; paket lama tetap dipakai")
        }
    }

    /// Whether the handheld may talk to `baseURL` at all, and take a key ring from it: over TLS, or
    /// on this machine. Over plain http to another machine anyone on the path could read the
    /// device's token and hand the handheld a ring of their own with a bundle of their QRIS.
    public static func isTrustedServer(_ baseURL: String) -> Bool {
        guard let url = URL(string: baseURL), let scheme = url.scheme?.lowercased() else { return false }
        if scheme == "https" { return true }
        return scheme == "http" && ["127.0.0.1", "localhost", "::1", "[::1]"].contains(url.host?.lowercased() ?? "")
    }

    /// Whether the bundle should be downloaded again: none yet, or past half its validity.
    func bundleNeedsRefresh() async throws -> Bool {
        guard try await queue.meta(.keyRegistered) != nil else { return false }
        guard let bundle = try await storedBundle() else { return true }
        let half = bundle.validFrom.addingTimeInterval(bundle.validUntil.timeIntervalSince(bundle.validFrom) / 2)
        return now() > half
    }

    /// The stored bundle, its signature checked again; nil when none was downloaded.
    func storedBundle() async throws -> OfflineBundle? {
        guard let text = try await queue.meta(.bundle) else { return nil }
        return try verifiedBundle(text, ring: try await storedRing())
    }

    private func storedRing() async throws -> ReceiptKeyRing {
        guard let text = try await queue.meta(.keyRing), let ring = try? Self.ring(text) else {
            throw HandheldError(
                .bundleUnusable, "no receipt key ring is stored: enrol again",
                indonesian: "Kunci kuitansi kota belum tersimpan: daftarkan ulang perangkat")
        }
        return ring
    }

    /// A key ring from its JSON (``keyRing(_:)`` checked that the server's parses).
    private static func ring(_ text: String) throws -> ReceiptKeyRing {
        try JSONDecoder().decode(ReceiptKeyRing.self, from: Data(text.utf8))
    }

    private func verifiedBundle(_ text: String, ring: ReceiptKeyRing) throws -> OfflineBundle {
        do {
            return try OfflineBundle.verified(try CanonicalJSON.parse(text), ring: ring)
        } catch {
            throw HandheldError(
                .bundleUnusable, "the offline bundle does not verify: \(error)",
                indonesian: "Paket luring tidak sah (tanda tangan tidak cocok)", cause: error as? LedgerError)
        }
    }

    /// The ESC/POS job of a ticket as the handheld knows it, printed by the same ``TicketPrinter``
    /// the server uses, from the bundle's catalogue.
    func localJob(_ ticket: LocalTicket) async throws -> [UInt8] {
        guard let bundle = try await storedBundle() else {
            throw HandheldError(
                .bundleUnusable, "no offline bundle to print ticket \(ticket.localID) from: reprint it online",
                indonesian: "Tidak ada paket luring untuk mencetak karcis \(ticket.localID): cetak ulang saat daring")
        }
        let printer = TicketPrinter(catalogue: TicketCatalogue(bundle: bundle))
        let deviceID = bundle.deviceID
        let parked = ParkingTicket(
            id: .init(ticket.localID), plate: ticket.plate, vehicleClass: ticket.vehicleClass, zone: ticket.zone,
            entryAt: ticket.entryAt, exitAt: ticket.exitAt, deviceID: deviceID, sequence: ticket.sequence ?? 0,
            invoiceID: nil, idempotencyKey: "",
            closure: ticket.state == .void ? .void : ticket.state == .free ? .free : nil,
            closureReason: ticket.voidReason, reprints: ticket.reprints)
        let attendant = ticket.attendant ?? bundle.attendant
        let content: TicketContent
        switch ticket.state {
        case .open: content = printer.entryContent(ticket: parked, attendant: attendant)
        case .free, .void: content = printer.closedContent(ticket: parked, attendant: attendant)
        case .billed:
            guard let amount = ticket.amount, let number = ticket.billNumber, let qris = ticket.qrisPayload else {
                throw HandheldError(
                    .ticketNotFound, "ticket \(ticket.localID) lacks its bill",
                    indonesian: "Tagihan karcis tidak lengkap")
            }
            let bill = TicketPrinter.Bill(
                isParking: true, amount: Rupiah(amount), billNumber: try BillNumber(number), qrisPayload: qris,
                receiptCode: "", deviceID: deviceID, issuedAt: ticket.exitAt ?? ticket.entryAt)
            content = printer.content(bill: bill, ticket: parked, attendant: attendant)
        }
        do {
            return try content.escposJob()
        } catch {
            throw HandheldError(
                .printer, "ticket \(ticket.localID) cannot be laid out: \(error)",
                indonesian: "Karcis \(ticket.localID) tidak dapat dicetak", field: "--printer")
        }
    }
}
