import Ledger
import QRIS

extension TicketCatalogue {
    /// The catalogue of a signed offline bundle, as the handheld prints from it. The merchant name
    /// and NMID come from the bundle's static QRIS (tags 59 and 51-02): what the server prints from
    /// its configuration, whose static QRIS agrees with them (``CityMerchant``'s validation).
    public init(bundle: OfflineBundle) {
        let qris = try? QRISPayload(parsing: bundle.staticQRIS)
        self.init(
            cityName: bundle.city.name, merchantName: qris?.merchantName ?? bundle.city.name, nmid: qris?.nmid ?? "-",
            timeZone: bundle.city.timeZone, checkURL: bundle.city.checkURL, vehicleClasses: bundle.vehicleClasses,
            zones: bundle.zones, tariffs: bundle.tariffs, events: bundle.events)
    }
}
