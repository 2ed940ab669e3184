extension TicketContent {
    /// Characters per line at normal size: Font A on a 58 mm printer, scale 2 in the image.
    static let normalLineWidth = 32
    /// Characters per line at double width.
    static let largeLineWidth = 16

    /// The ticket's lines, in Indonesian, folded to ASCII and wrapped to the paper width.
    ///
    /// The header names the city, the merchant as in QRIS tag 59 and its NMID (so a citizen can
    /// check them against the name the payment app shows), and the terminal; then the QR code,
    /// the amount, the bill number, the local issue time and the verification code.
    func layout() -> [TicketLine] {
        var lines: [TicketLine] = []
        func add(_ text: String, large: Bool = false, bold: Bool = false, _ alignment: ESCPOS.Justification = .center) {
            let width = large ? Self.largeLineWidth : Self.normalLineWidth
            for line in TicketText.wrap(TicketText.asciiFolded(text), width: width) {
                lines.append(.text(line, large: large, bold: bold, alignment: alignment))
            }
        }
        add(title, large: true, bold: true)
        add(cityName, bold: true)
        add(merchantName)
        add("NMID: \(nmid)")
        if let attendant { add("Petugas: \(attendant)") } else { add("Terminal: \(terminalLabel)") }
        lines.append(.blank)
        switch kind {
        case .payable:
            lines.append(.qrCode)
            lines.append(.blank)
            add(TicketText.rupiah(amount), large: true, bold: true)
            add("Bayar dengan QRIS")
        case .free:
            add(TicketText.rupiah(0), large: true, bold: true)
            add("Tidak ada biaya")
        case .entry:
            break
        }
        if let notice { add(notice, bold: true) }
        lines.append(.rule)
        if let ticketNumber { add("No. Karcis: \(ticketNumber)", .left) }
        if kind == .payable { add("No. Tagihan: \(billNumber)", .left) }
        add("\(timeLabel): \(TicketText.localTime(issuedAt, in: timeZone))", .left)
        if let plate { add("Plat: \(plate)", .left) }
        if let zone { add("Zona: \(zone)", .left) }
        if let vehicleClass { add("Kendaraan: \(vehicleClass)", .left) }
        for detail in details { add(detail, .left) }
        if let shortCode {
            lines.append(.rule)
            if let checkURL {
                add("Cek bukti di:")
                add(checkURL, bold: true)
            }
            add("Kode cek:")
            add(shortCode, large: true, bold: true)
        } else if kind == .payable {
            add("Kode verifikasi:", .left)
            add(verificationCode, bold: true, .left)
        }
        lines.append(.rule)
        add(footer ?? (kind == .entry ? "Simpan karcis ini sampai keluar" : "Simpan karcis ini sebagai bukti"))
        return lines
    }
}
