/// The public pages' Mustache templates (Indonesian; the receipt pages also English, their words
/// ``ReceiptText`` as `{{t.key}}`; small, mobile-friendly, no scripts, no
/// external assets). Every `{{value}}` is HTML-escaped by swift-mustache — the one escaper of the
/// server's pages; only the layout's `{{{body}}}` (an already rendered page) is not.
enum PublicTemplates {
    static let layout = """
        <!doctype html>
        <html lang="{{lang}}{{^lang}}id{{/lang}}"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}}</title>
        <style>body{font-family:sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem;line-height:1.4}
        .ok{background:#e6f4ea;border:2px solid #1e7e34;padding:1rem}.bad{background:#fdecea;border:2px solid #b00020;padding:1rem}
        .warn{background:#fff8e1;border:2px solid #b26a00;padding:1rem}small{color:#555}li{margin:.4rem 0}</style>
        </head><body><main>
        {{{body}}}
        </main></body></html>
        """

    static let legal = """
        <small>Dasar hukum: {{citation}}{{#placeholder}} <strong>(contoh)</strong>{{/placeholder}}</small>
        """

    static let tariffSet = """
        <h2>{{name}}</h2><p>Berlaku mulai {{from}}{{#until}} sampai {{until}}{{/until}}. {{#legal}}{{> legal}}{{/legal}}</p>
        <ul>{{#rules}}<li><strong>{{name}}</strong>: {{summary}}<br>{{#legal}}{{> legal}}{{/legal}}</li>{{/rules}}</ul>
        """

    static let tariffs = """
        <h1>Tarif retribusi {{city}}</h1>
        <p>Bayar hanya dengan QRIS atas nama <strong>{{merchantName}}</strong> (NMID {{nmid}}). Waktu: {{timeZone}}.</p>
        {{#placeholders}}<p class="warn">Dasar hukum bertanda <strong>(contoh)</strong> adalah contoh, belum dasar hukum resmi kota.</p>{{/placeholders}}
        {{#current}}{{> tariffSet}}{{/current}}
        <h2>Retribusi lain</h2><ul>{{#fees}}<li><strong>{{name}}</strong>: {{amount}}{{#unit}} {{unit}}{{/unit}}<br>{{#legal}}{{> legal}}{{/legal}}</li>{{/fees}}</ul>
        <h2>Kawasan parkir</h2><ul>{{#zones}}<li>{{name}} (kawasan kelas {{tariffClass}})</li>{{/zones}}</ul>
        {{#hasEarlier}}<details><summary>Tarif sebelumnya</summary>{{#earlier}}{{> tariffSet}}{{/earlier}}</details>{{/hasEarlier}}
        """

    static let home = """
        <h1>Retribusi {{city}}</h1>
        <p>Parkir dan retribusi kota dibayar dengan QRIS atas nama <strong>{{merchantName}}</strong>. Jangan bayar tunai.</p>
        <form method="get" action="/cek"><p><label for="code"><strong>Cek bukti pembayaran</strong></label><br>
        <input id="code" name="code" required maxlength="300" autocomplete="off" style="width:100%;padding:.5rem;font-size:1rem">
        </p><p><button type="submit" style="padding:.5rem 1rem;font-size:1rem">Cek</button></p></form>
        <ul><li><a href="/public/tariffs">Tarif retribusi dan dasar hukumnya</a></li>
        <li><a href="/aduan">Sampaikan aduan</a> (tanpa akun; diselesaikan dalam batas waktu standar pelayanan)</li>
        <li><a href="/transparansi">Angka terbuka (transparansi): pendapatan retribusi per hari dan per kawasan</a></li>
        <li><a href="/standar-pelayanan">Standar pelayanan</a></li>
        <li><a href="/public/receipt-keys">Kunci publik untuk memeriksa bukti tanpa internet</a></li></ul>
        """

    static let notFound = """
        <h1>Halaman tidak ditemukan</h1><p>Alamat ini tidak ada. <a href="/">Kembali ke halaman utama</a>.</p>
        """

    static let receipt = """
        {{> languageSwitch}}
        <h1>{{t.receiptTitle}}</h1>
        {{#cancelled}}<div class="bad"><p><strong>{{t.cancelledTitle}}</strong></p><p>{{t.cancelled}}</p></div>{{/cancelled}}
        {{#refunded}}<div class="warn"><p><strong>{{#byBank}}{{t.reversed}}{{/byBank}}{{^byBank}}{{t.refunded}}{{/byBank}}\
        {{#refundedAt}} {{t.on}} {{refundedAt}}{{/refundedAt}}.</strong></p>\
        <p>{{t.paidAt}}: {{paidAt}}</p></div>{{/refunded}}
        {{#paid}}<div class="ok"><p><strong>{{t.paid}}</strong></p><p>{{t.paidAt}}: {{paidAt}}</p></div>{{/paid}}
        {{#paidTwice}}<div class="warn"><p><strong>{{t.paidTwice}}</strong> {{t.paidTwiceNote}}</p></div>{{/paidTwice}}
        {{#unpaid}}<div class="warn"><p><strong>{{t.unpaid}}</strong> ({{t.status}}: {{statusText}}).</p></div>{{/unpaid}}
        {{#hasRefunds}}<div class="warn"><p><strong>{{t.refunds}}</strong></p><ul>\
        {{#refunds}}<li>{{amount}} {{how}} {{at}}</li>{{/refunds}}</ul></div>{{/hasRefunds}}
        <ul><li>{{t.billNumber}}: {{billNumber}}</li><li>{{t.amount}}: {{amount}}</li><li>{{t.issuedAt}}: {{issuedAt}}</li>
        <li>{{t.merchant}}: {{merchantName}} (NMID {{nmid}})</li><li>{{t.shortCode}}: <strong>{{shortCode}}</strong></li></ul>
        <details><summary>{{t.signedCode}}</summary>\
        <p><code style="word-break:break-all">{{receiptCode}}</code></p></details>
        """

    static let check = """
        {{> languageSwitch}}
        <h1>{{t.checkTitle}}</h1>
        {{#problem}}<div class="bad"><p>{{problem}}</p></div>{{/problem}}
        <form method="get" action="/cek"><p><label for="code"><strong>{{t.checkLabel}}</strong> \
        ({{t.checkHint}})</label><br>
        <input id="code" name="code" value="{{code}}" required maxlength="300" autocomplete="off" \
        autocapitalize="characters" style="width:100%;padding:.5rem;font-size:1rem">{{> languageField}}
        </p><p><button type="submit" style="padding:.5rem 1rem;font-size:1rem">{{t.check}}</button></p></form>
        <p><a href="/">{{t.home}}</a></p>
        """

    static let receiptRejected = """
        {{> languageSwitch}}
        <h1>{{t.receiptTitle}}</h1><div class="bad"><p><strong>{{t.notGenuine}}</strong> {{t.notGenuineNote}}</p>\
        <p><small>{{reason}}</small></p></div>
        """

    static let dayNotClosed = """
        <h1>Laporan harian {{city}}, {{date}}</h1><div class="warn"><p>Hari {{date}} belum ditutup oleh pemerintah \
        kota. Laporan yang ditandatangani terbit setelah hari ditutup.</p></div>
        """

    static let dayStatement = """
        <h1>Laporan harian {{city}}, {{date}}</h1>
        <p>Hari ditutup {{closedAt}}. Waktu: {{timeZone}}.</p>
        <table><tr><th scope="row">Tagihan diterbitkan</th><td>{{issued}} ({{issuedAmount}})</td></tr>
        <tr><th scope="row">Pendapatan bruto diterima</th><td>{{gross}}</td></tr>
        <tr><th scope="row">Biaya MDR bank</th><td>{{mdr}}</td></tr>
        <tr><th scope="row">Diterima di rekening kas (neto)</th><td>{{net}}</td></tr>
        <tr><th scope="row">Dibayar, belum disetel bank</th><td>{{outstanding}}</td></tr>
        <tr><th scope="row">Dikembalikan</th><td>{{refunded}}</td></tr></table>
        <h2>Per kawasan</h2><table><tr><th scope="col">Kawasan</th><th scope="col">Tagihan</th>\
        <th scope="col">Dibayar</th><th scope="col">Bruto</th></tr>
        {{#zones}}<tr><td>{{name}}</td><td>{{issued}}</td><td>{{received}}</td><td>{{receivedAmount}}</td></tr>{{/zones}}</table>
        <p><small>Ditandatangani dengan kunci kota {{keyID}} (kunci publik: <a href="/public/receipt-keys">/public/receipt-keys</a>). \
        Unduh berkas JSON laporan ini dan periksa dengan <code>lunas day verify BERKAS --keys receipt-keys.json</code>. \
        Kepala rantai buku besar saat ditutup: #{{chainHead}}.</small></p>
        """
}
