/// The public pages' Mustache templates (Indonesian, English with `?lang=en`: their words come from
/// ``PublicText`` and ``ReceiptText`` as `{{t.key}}`; small, mobile-friendly, no scripts, no
/// external assets). Every `{{value}}` is HTML-escaped by swift-mustache — the one escaper of the
/// server's pages; only the layout's `{{{body}}}` (an already rendered page) and two texts built from
/// fixed markup (`t.placeholderNote`, the day page's `signedNote`, its one value escaped) are not.
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
        <small>{{t.legalBasis}}: {{citation}}{{#placeholder}} <strong>({{t.example}})</strong>{{/placeholder}}</small>
        """

    static let tariffSet = """
        <h2>{{name}}</h2><p>{{t.effectiveFrom}} {{from}}{{#until}} {{t.until}} {{until}}{{/until}}. {{#legal}}{{> legal}}{{/legal}}</p>
        <ul>{{#rules}}<li><strong>{{name}}</strong>: {{summary}}<br>{{#legal}}{{> legal}}{{/legal}}</li>{{/rules}}</ul>
        """

    static let tariffs = """
        {{> languageSwitch}}
        <h1>{{title}}</h1>
        <p>{{t.payOnlyQRIS}} <strong>{{merchantName}}</strong> (NMID {{nmid}}). {{t.time}}: {{timeZone}}.</p>
        {{#placeholders}}<p class="warn">{{{t.placeholderNote}}}</p>{{/placeholders}}
        {{#current}}{{> tariffSet}}{{/current}}
        <h2>{{t.otherFees}}</h2><ul>{{#fees}}<li><strong>{{name}}</strong>: {{amount}}{{#unit}} {{unit}}{{/unit}}<br>{{#legal}}{{> legal}}{{/legal}}</li>{{/fees}}</ul>
        <h2>{{t.zones}}</h2><ul>{{#zones}}<li>{{name}} ({{t.zoneClass}} {{tariffClass}})</li>{{/zones}}</ul>
        {{#hasEarlier}}<details><summary>{{t.earlier}}</summary>{{#earlier}}{{> tariffSet}}{{/earlier}}</details>{{/hasEarlier}}
        """

    static let home = """
        {{> languageSwitch}}
        <h1>{{title}}</h1>
        <p>{{t.homeIntro}} <strong>{{merchantName}}</strong>. {{t.noCash}}</p>
        <form method="get" action="/cek"><p><label for="code"><strong>{{t.checkReceipt}}</strong></label><br>
        <input id="code" name="code" required maxlength="300" autocomplete="off" style="width:100%;padding:.5rem;font-size:1rem">{{> languageField}}
        </p><p><button type="submit" style="padding:.5rem 1rem;font-size:1rem">{{t.check}}</button></p></form>
        <ul><li><a href="/public/tariffs{{langQuery}}">{{t.tariffsLink}}</a></li>
        <li><a href="/aduan{{langQuery}}">{{t.complaintLink}}</a> ({{t.complaintNote}})</li>
        <li><a href="/transparansi{{langQuery}}">{{t.transparencyLink}}</a></li>
        <li><a href="/standar-pelayanan{{langQuery}}">{{t.serviceStandardLink}}</a></li>
        <li><a href="/public/receipt-keys">{{t.keysLink}}</a></li></ul>
        """

    static let notFound = """
        <h1>{{t.notFoundTitle}}</h1><p>{{t.notFound}} <a href="/{{langQuery}}">{{t.backHome}}</a>.</p>
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
        {{> languageSwitch}}
        <h1>{{title}}</h1><div class="warn"><p>{{notClosed}}</p></div>
        """

    static let dayStatement = """
        {{> languageSwitch}}
        <h1>{{title}}</h1>
        <p>{{closed}} {{t.time}}: {{timeZone}}.</p>
        <table><tr><th scope="row">{{t.issued}}</th><td>{{issued}} ({{issuedAmount}})</td></tr>
        <tr><th scope="row">{{t.gross}}</th><td>{{gross}}</td></tr>
        <tr><th scope="row">{{t.mdr}}</th><td>{{mdr}}</td></tr>
        <tr><th scope="row">{{t.net}}</th><td>{{net}}</td></tr>
        <tr><th scope="row">{{t.outstanding}}</th><td>{{outstanding}}</td></tr>
        <tr><th scope="row">{{t.refunded}}</th><td>{{refunded}}</td></tr>
        <tr><th scope="row">{{t.partiallyRefunded}}</th><td>{{partiallyRefunded}}</td></tr></table>
        {{#hasLate}}<h2>{{t.lateTitle}}</h2><table><tr><th scope="col">{{t.day}}</th>\
        <th scope="col">{{t.kind}}</th><th scope="col">{{t.invoice}}</th><th scope="col">{{t.amount}}</th></tr>
        {{#late}}<tr><td>{{closedDate}}</td><td>{{kind}}</td><td>{{invoice}}</td><td>{{amount}}</td></tr>{{/late}}</table>{{/hasLate}}
        <h2>{{t.byZone}}</h2><table><tr><th scope="col">{{t.zone}}</th><th scope="col">{{t.invoice}}</th>\
        <th scope="col">{{t.paidCount}}</th><th scope="col">{{t.grossShort}}</th></tr>
        {{#zones}}<tr><td>{{name}}</td><td>{{issued}}</td><td>{{received}}</td><td>{{receivedAmount}}</td></tr>{{/zones}}</table>
        <p><small>{{{signedNote}}}</small></p>
        """
}
