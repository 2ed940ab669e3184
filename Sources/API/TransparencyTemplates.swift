/// The Mustache templates of `/transparansi` (rendered inside ``PublicTemplates/layout``). Every
/// `{{value}}` is HTML-escaped; only the charts (`{{{svg}}}`, made and escaped by
/// ``TransparencyChart``) are inserted as they are.
enum TransparencyTemplates {
    static let style = """
        <style>body{max-width:64rem}.tr-scroll{overflow-x:auto;margin:.5rem 0}.tr-scroll:focus{outline:2px solid #1a4f8b}\
        .tr-scroll table{border-collapse:collapse;font-size:.9rem}.tr-scroll th,.tr-scroll td{padding:.25rem .5rem;\
        border-bottom:1px solid #ddd;text-align:right;white-space:nowrap}.tr-scroll th:first-child,.tr-scroll \
        td:first-child{text-align:left}.chart{width:100%;height:auto;max-width:40rem}.tr-nav a{margin-right:1rem}\
        .tr-scroll .tr-status{text-align:left}.tr-live{color:#7a4500}figcaption{font-weight:bold}a{color:#1a4f8b}</style>
        """

    static let page = """
        {{{style}}}
        <p><a href="{{switchHref}}" lang="{{switchLang}}">{{t.switchLanguage}}</a></p>
        <p><strong>{{city}}</strong></p>
        <h1>{{t.heading}}, {{monthName}}</h1>
        <p>{{t.intro}} {{t.timeZone}}: {{timeZone}}.</p>
        <p class="warn">{{t.sources}}{{#countedAt}} {{t.countedAt}} {{countedAt}}.{{/countedAt}}</p>
        <p class="tr-nav">{{#previousHref}}<a href="{{previousHref}}">‹ {{t.previous}}</a>{{/previousHref}}\
        {{#nextHref}}<a href="{{nextHref}}">{{t.next}} ›</a>{{/nextHref}}</p>
        <form method="get" action="/transparansi"><p><label for="bulan">{{t.chooseMonth}}</label><br>
        <input id="bulan" name="bulan" value="{{month}}" maxlength="7" inputmode="numeric" pattern="[0-9]{4}-[0-9]{2}" \
        style="padding:.4rem;font-size:1rem">{{#english}}<input type="hidden" name="lang" value="en">{{/english}} \
        <button type="submit" style="padding:.4rem .8rem;font-size:1rem">{{t.show}}</button></p></form>
        <h2>{{t.monthTotals}}</h2>
        <div class="tr-scroll" tabindex="0" role="region" aria-label="{{t.monthTotals}}"><table>
        <tr><th scope="col">{{t.measure}}</th><th scope="col">{{t.value}}</th></tr>
        {{#monthTotals}}<tr><th scope="row">{{label}}</th><td>{{value}}</td></tr>{{/monthTotals}}</table></div>
        {{#hasDays}}<h2>{{t.charts}}</h2>{{#charts}}<figure style="margin:1rem 0"><figcaption>{{caption}}</figcaption>{{{svg}}}</figure>{{/charts}}{{/hasDays}}
        {{^hasDays}}<p>{{t.noDays}}</p>{{/hasDays}}
        <h2>{{t.perDay}}</h2>
        <div class="tr-scroll" tabindex="0" role="region" aria-label="{{t.perDay}}"><table>
        <tr><th scope="col">{{t.date}}</th><th scope="col" class="tr-status">{{t.status}}</th>{{#headings}}<th scope="col">{{.}}</th>{{/headings}}</tr>
        {{#days}}<tr><th scope="row">{{date}}</th><td class="tr-status">{{#closed}}{{t.closed}}: <a href="{{statementHref}}">{{t.statementLink}}</a>\
        {{/closed}}{{^closed}}<span class="tr-live">{{t.live}}</span>{{/closed}}</td>{{#cells}}<td>{{.}}</td>{{/cells}}</tr>{{/days}}
        </table></div>
        <h2>{{t.perZone}}</h2>
        <div class="tr-scroll" tabindex="0" role="region" aria-label="{{t.perZone}}"><table>
        <tr><th scope="col">{{t.zone}}</th>{{#headings}}<th scope="col">{{.}}</th>{{/headings}}</tr>
        {{#zones}}<tr><th scope="row">{{name}}</th>{{#cells}}<td>{{.}}</td>{{/cells}}</tr>{{/zones}}
        </table></div>
        <p><small>{{t.notes}}</small></p>
        <h2>{{t.openData}}</h2>
        <ul><li><a href="{{jsonHref}}">{{t.json}}</a></li><li><a href="{{csvHref}}">{{t.csv}}</a></li></ul>
        <p><small>{{t.openDataNote}}</small></p>
        <p><a href="/">{{t.home}}</a></p>
        """

    static let message = """
        <p><a href="{{switchHref}}" lang="{{switchLang}}">{{t.switchLanguage}}</a></p>
        <h1>{{heading}}</h1><div class="bad"><p>{{text}}</p></div>
        <p><a href="/transparansi{{langQuery}}">{{t.heading}}</a> · <a href="/">{{t.home}}</a></p>
        """
}
