/// The body of **Hari ini** (`/console`): the city day's figures, by zone and by hour, as inline
/// SVG charts with the numbers beside them; updated live by `/console/live` when JS is on.
enum ConsoleHomeTemplate {
    static let body = """
        <h1>{{t.home}} · {{dateLabel}}</h1>
        <form class="actions" method="get" action="/console"><div><label for="date">{{t.date}}</label>\
        <input id="date" name="date" type="date" value="{{date}}"></div><button class="secondary" type="submit">{{t.show}}</button></form>
        <p class="muted" id="live-status" data-live="{{liveURL}}">{{t.asOf}} {{asOf}}</p>
        <div class="grid" role="list">{{#figures}}<div class="figure" role="listitem"><div class="muted">{{label}}</div>\
        <div class="n" data-figure="{{key}}.count">{{count}}</div><div data-figure="{{key}}.amount">{{amount}}</div></div>{{/figures}}</div>
        <section class="card"><h2>{{t.byHour}}</h2>
        <svg viewBox="0 0 {{hourChart.width}} {{hourChart.height}}" width="100%" style="max-width:36rem;display:block" role="img" aria-labelledby="hour-title">\
        <title id="hour-title">{{t.byHourChart}}</title>
        {{#hourChart.bars}}<rect x="{{x}}" y="{{issuedY}}" width="{{width}}" height="{{issuedHeight}}" fill="#9ec5fe"></rect>\
        <rect x="{{x}}" y="{{paidY}}" width="{{width}}" height="{{paidHeight}}" fill="#12355b"></rect>\
        {{#label}}<text x="{{labelX}}" y="{{labelY}}" font-size="10" text-anchor="middle" fill="#1a1a1a">{{label}}</text>{{/label}}{{/hourChart.bars}}
        </svg><p class="muted"><span style="color:#12355b">■</span> {{t.paid}} · <span style="color:#5d8fd0">■</span> {{t.issued}}</p>
        <details><summary>{{t.numbers}}</summary><div class="table-wrap"><table><thead><tr><th scope="col">{{t.hour}}</th>\
        <th scope="col" class="num">{{t.issued}}</th><th scope="col" class="num">{{t.paid}}</th><th scope="col" class="num">{{t.outstanding}}</th></tr></thead>
        <tbody>{{#hours}}<tr><td>{{hour}}</td><td class="num">{{issued}}</td><td class="num">{{paid}}</td><td class="num">{{outstanding}}</td></tr>{{/hours}}</tbody></table></div></details>
        </section>
        <section class="card"><h2>{{t.byZone}}</h2>
        <div class="table-wrap"><table><thead><tr><th scope="col">{{t.zone}}</th><th scope="col">{{t.issued}}</th>\
        <th scope="col" class="num">{{t.paid}}</th><th scope="col" class="num">{{t.settled}}</th><th scope="col" class="num">{{t.outstanding}}</th>\
        <th scope="col" class="num">{{t.openExceptions}}</th></tr></thead><tbody>
        {{#zones}}<tr><th scope="row">{{name}}</th><td><svg width="120" height="12" aria-hidden="true"><rect width="{{issuedWidth}}" height="12" fill="#9ec5fe"></rect>\
        <rect width="{{paidWidth}}" height="12" fill="#12355b"></rect></svg> {{issued}}<br><small>{{issuedAmount}}</small></td>\
        <td class="num">{{paid}}<br><small>{{paidAmount}}</small></td><td class="num">{{settled}}</td><td class="num">{{outstanding}}</td>\
        <td class="num">{{exceptions}}</td></tr>{{/zones}}
        </tbody></table></div></section>
        <script src="/console/console.js" defer></script>
        """
}
