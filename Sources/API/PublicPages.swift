import Foundation
import Ledger

/// The public HTML pages, in Indonesian, small and mobile-friendly (no scripts, no external assets).
enum PublicPages {
    static func page(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="id"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(MarkupEscaping.html(title))</title>
        <style>body{font-family:sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem;line-height:1.4}
        .ok{background:#e6f4ea;border:2px solid #1e7e34;padding:1rem}.bad{background:#fdecea;border:2px solid #b00020;padding:1rem}
        .warn{background:#fff8e1;border:2px solid #b26a00;padding:1rem}small{color:#555}li{margin:.4rem 0}</style>
        </head><body>
        \(body)
        </body></html>
        """
    }

    static func legal(_ basis: LegalBasis) -> String {
        let flag = basis.placeholder ? " <strong>(contoh, belum dasar hukum resmi)</strong>" : ""
        return "<small>Dasar hukum: \(MarkupEscaping.html(basis.citation))\(flag)</small>"
    }

    /// `GET /public/tariffs` as HTML.
    static func tariffs(_ publication: TariffPublication) -> String {
        var body = "<h1>Tarif retribusi \(MarkupEscaping.html(publication.city))</h1>"
        body += "<p>Bayar hanya dengan QRIS atas nama <strong>\(MarkupEscaping.html(publication.merchantName))</strong>"
        body += " (NMID \(MarkupEscaping.html(publication.nmid))). Waktu: \(MarkupEscaping.html(publication.timeZoneLabel)).</p>"
        for set in publication.tariffSets {
            body += "<h2>\(MarkupEscaping.html(set.name))</h2><p>Berlaku mulai \(MarkupEscaping.html(set.effectiveFrom.description))"
            if let until = set.effectiveUntil { body += " sampai \(MarkupEscaping.html(until.description))" }
            body += ". \(legal(set.legalBasis))</p><ul>"
            for rule in set.rules {
                body += "<li><strong>\(MarkupEscaping.html(rule.rule.name))</strong>: \(MarkupEscaping.html(rule.summary))<br>"
                body += legal(rule.rule.legalBasis) + "</li>"
            }
            body += "</ul>"
        }
        body += "<h2>Retribusi lain</h2><ul>"
        for fee in publication.fees {
            let amount: String =
                switch fee.amount {
                case .fixed(let value): value.formatted
                case .bounded(let minimum, let maximum): "\(minimum.formatted)–\(maximum.formatted)"
                }
            let unit = fee.unit.map { " " + MarkupEscaping.html($0) } ?? ""
            body +=
                "<li><strong>\(MarkupEscaping.html(fee.name))</strong>: \(MarkupEscaping.html(amount))\(unit)<br>\(legal(fee.legalBasis))</li>"
        }
        body += "</ul><h2>Zona parkir</h2><ul>"
        for zone in publication.zones {
            body += "<li>\(MarkupEscaping.html(zone.name)) (kelas \(MarkupEscaping.html(zone.tariffClass.rawValue)))</li>"
        }
        body += "</ul>"
        return page(title: "Tarif retribusi \(publication.city)", body: body)
    }

    /// A genuine receipt.
    static func receipt(_ view: ReceiptView, configuration: CityConfiguration) -> String {
        let zone = configuration.city.timeZone
        let issued = localText(view.issuedAt, zone)
        var body = "<h1>Bukti pembayaran</h1>"
        if view.status == InvoiceStatus.refunded.rawValue {
            let paid = view.paidAt.map { localText($0, zone) } ?? "-"
            body += "<div class=\"warn\"><p><strong>ASLI. Pembayaran ini SUDAH DIKEMBALIKAN kepada pembayar.</strong>"
            body += " <small>(Genuine; the payment was refunded.)</small></p>"
            body += "<p>Dibayar: \(MarkupEscaping.html(paid))</p></div>"
        } else if view.paid {
            let paid = view.paidAt.map { localText($0, zone) } ?? "-"
            body += "<div class=\"ok\"><p><strong>ASLI dan SUDAH DIBAYAR.</strong></p>"
            body += "<p>Dibayar: \(MarkupEscaping.html(paid))</p></div>"
        } else {
            body += "<div class=\"warn\"><p><strong>Bukti ini ASLI, tetapi BELUM DIBAYAR</strong>"
            body += " (status: \(MarkupEscaping.html(statusText(view.status)))).</p></div>"
        }
        if !view.refunds.isEmpty {
            body += "<div class=\"warn\"><p><strong>Pengembalian dana (refund):</strong></p><ul>"
            for refund in view.refunds {
                body += "<li>\(MarkupEscaping.html(Rupiah(refund.amount).formatted)) dikembalikan pada "
                body += "\(MarkupEscaping.html(localText(refund.refundedAt, zone)))</li>"
            }
            body += "</ul></div>"
        }
        body += "<ul><li>Nomor tagihan: \(MarkupEscaping.html(view.billNumber))</li>"
        body += "<li>Jumlah: \(MarkupEscaping.html(Rupiah(view.amount).formatted))</li>"
        body += "<li>Diterbitkan: \(MarkupEscaping.html(issued))</li>"
        body += "<li>Penerima: \(MarkupEscaping.html(view.merchantName)) (NMID \(MarkupEscaping.html(view.nmid)))</li></ul>"
        return page(title: "Bukti pembayaran \(view.billNumber)", body: body)
    }

    /// A receipt code that is not genuine.
    static func receiptRejected(reason: String) -> String {
        page(
            title: "Bukti tidak sah",
            body: """
                <h1>Bukti pembayaran</h1><div class="bad"><p><strong>TIDAK SAH.</strong> Kode ini tidak diterbitkan \
                oleh pemerintah kota ini, salah ketik, atau dipalsukan.</p><p><small>\(MarkupEscaping.html(reason))</small></p></div>
                """)
    }

    /// An API time shown as the city's local date and time (`2026-11-23 14:05 WIT`).
    static func localText(_ iso: String, _ zone: CityTimeZone) -> String {
        guard let date = try? Date(iso, strategy: .iso8601) else { return iso }
        return zone.local(date).date.description + " " + zone.formatTime(date)
    }

    static func statusText(_ status: String) -> String {
        switch status {
        case "issued": "menunggu pembayaran"
        case "expired": "kedaluwarsa"
        case "cancelled": "dibatalkan"
        case "refunded": "dikembalikan"
        default: status
        }
    }
}
