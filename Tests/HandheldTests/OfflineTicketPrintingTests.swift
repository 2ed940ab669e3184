import Foundation
import Ledger
import LunasTestSupport
import QRImage
import Testing
import Tickets

/// A ticket printed offline from the bundle reads as the same ticket printed online from the
/// server's configuration: one ``TicketPrinter``, two catalogues, the same bytes.
@Suite("Offline tickets print as online ones")
struct OfflineTicketPrintingTests {
    static func configuration() throws -> CityConfiguration {
        try CityConfiguration.load(from: TestExecutable.repositoryRoot.appendingPathComponent("Config"))
    }

    static func bundle(_ configuration: CityConfiguration) throws -> OfflineBundle {
        let device = Device(
            id: Device.ID("dev_hh"), name: "HH", role: .attendant, zones: ["ayp-01"],
            credentialHash: "x", enrolledAt: Date(), attendant: "Budi")
        return OfflineBundle(
            configuration: configuration, device: device, deviceCode: try DeviceCode("7K2Q"), acceptsStaticBills: true,
            validFrom: Date(), validUntil: Date().addingTimeInterval(86_400), maxHours: 12, maxTickets: 500,
            invoiceLifetimeSeconds: 86_400)
    }

    static func ticket(_ vehicleClass: String, stay minutes: Double?) -> ParkingTicket {
        let entry = Date(timeIntervalSince1970: 1_796_000_000)
        return ParkingTicket(
            id: .init("7K2Q-12"), plate: "DE1234AB", vehicleClass: vehicleClass, zone: "ayp-01", entryAt: entry,
            exitAt: minutes.map { entry.addingTimeInterval($0 * 60) }, deviceID: .init("dev_hh"), sequence: 12,
            invoiceID: nil, idempotencyKey: "k")
    }

    @Test("entry, bill with breakdown, free exit and void slip: the same bytes from either catalogue")
    func sameBytes() throws {
        let configuration = try Self.configuration()
        let online = TicketPrinter(configuration: configuration)
        let offline = TicketPrinter(catalogue: TicketCatalogue(bundle: try Self.bundle(configuration)))
        let entry = Self.ticket("truck", stay: nil)
        #expect(
            try online.entryContent(ticket: entry, attendant: "Budi").escposJob()
                == offline.entryContent(ticket: entry, attendant: "Budi").escposJob())
        let exited = Self.ticket("truck", stay: 130)
        let quote = try online.catalogue.quote(
            vehicleClass: "truck", zone: "ayp-01", entry: exited.entryAt, exit: exited.exitAt)
        let bill = TicketPrinter.Bill(
            isParking: true, amount: quote.amount, billNumber: try BillNumber("AMBX7K2QC5"),
            qrisPayload: configuration.city.merchant.staticQRIS,
            receiptCode: "", deviceID: .init("dev_hh"), issuedAt: exited.exitAt!)
        let printed = online.content(bill: bill, ticket: exited, attendant: "Budi")
        #expect(printed == offline.content(bill: bill, ticket: exited, attendant: "Budi"))
        #expect(printed.details.contains { $0.hasPrefix("Rincian") }, "\(printed.details)")
        var free = Self.ticket("car", stay: 3)
        free.closure = .free
        #expect(
            online.closedContent(ticket: free, attendant: nil) == offline.closedContent(ticket: free, attendant: nil))
        free.closure = .void
        free.closureReason = "salah input"
        #expect(
            online.closedContent(ticket: free, attendant: nil) == offline.closedContent(ticket: free, attendant: nil))
    }
}
