import Foundation
import Ledger

/// The public page of a closed day's signed statement (`/public/days/{date}`), in Indonesian.
enum DayPages {
    static func notClosed(_ date: CivilDate, city: City) -> String {
        PublicPages.page(
            title: "Laporan harian \(date)",
            body: """
                <h1>Laporan harian \(MarkupEscaping.html(city.name)), \(date)</h1>\
                <div class="warn"><p>Hari \(date) belum ditutup oleh pemerintah kota. Laporan yang ditandatangani \
                terbit setelah hari ditutup.</p></div>
                """)
    }

    static func statement(_ statement: DailyStatement, city: City) -> String {
        let figures = statement.figures
        func amount(_ value: CanonicalJSON?) -> String {
            guard case .int(let number)? = value else { return "-" }
            return MarkupEscaping.html(Rupiah(number).formatted)
        }
        func count(_ value: CanonicalJSON?) -> String {
            guard case .int(let number)? = value else { return "-" }
            return "\(number)"
        }
        let invoices = figures["invoices"]
        let revenue = figures["revenue"]
        var body = "<h1>Laporan harian \(MarkupEscaping.html(city.name)), \(statement.date)</h1>"
        body += "<p>Hari ditutup \(MarkupEscaping.html(city.timeZone.local(statement.closedAt).date.description)) "
        body += "\(MarkupEscaping.html(city.timeZone.formatTime(statement.closedAt))). Waktu: "
        body += "\(MarkupEscaping.html(statement.timeZone)).</p>"
        body += "<table><tr><th scope=\"row\">Tagihan diterbitkan</th><td>\(count(invoices?["issued"])) "
        body += "(\(amount(invoices?["issuedAmount"])))</td></tr>"
        body += "<tr><th scope=\"row\">Pendapatan bruto diterima</th><td>\(amount(revenue?["gross"]))</td></tr>"
        body += "<tr><th scope=\"row\">Biaya MDR bank</th><td>\(amount(revenue?["mdr"]))</td></tr>"
        body += "<tr><th scope=\"row\">Diterima di rekening kas (neto)</th><td>\(amount(revenue?["net"]))</td></tr>"
        body += "<tr><th scope=\"row\">Dibayar, belum disetel bank</th><td>\(amount(revenue?["outstanding"]))</td></tr>"
        body += "<tr><th scope=\"row\">Dikembalikan</th><td>\(amount(revenue?["refunded"]))</td></tr></table>"
        body += "<h2>Per kawasan</h2><table><tr><th scope=\"col\">Kawasan</th><th scope=\"col\">Tagihan</th>"
        body += "<th scope=\"col\">Dibayar</th><th scope=\"col\">Bruto</th></tr>"
        if case .array(let zones)? = figures["byZone"] {
            for zone in zones {
                let name: String
                if case .string(let text)? = zone["zone"] { name = text == "-" ? "retribusi non-parkir" : text } else {
                    name = "-"
                }
                body += "<tr><td>\(MarkupEscaping.html(name))</td><td>\(count(zone["issued"]))</td>"
                body += "<td>\(count(zone["received"]))</td><td>\(amount(zone["receivedAmount"]))</td></tr>"
            }
        }
        body += "</table>"
        body += "<p><small>Ditandatangani dengan kunci kota \(MarkupEscaping.html(statement.keyID)) "
        body += "(kunci publik: <a href=\"/public/receipt-keys\">/public/receipt-keys</a>). Unduh berkas JSON "
        body += "laporan ini dan periksa dengan <code>lunas day verify BERKAS --keys receipt-keys.json</code>. "
        body += "Kepala rantai buku besar saat ditutup: #\(statement.chainHead.sequence).</small></p>"
        return PublicPages.page(title: "Laporan harian \(statement.date)", body: body)
    }
}
