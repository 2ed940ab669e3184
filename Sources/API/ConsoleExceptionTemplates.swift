/// The templates of **Pengecualian** (the queue and one exception) and **Tutup hari**.
enum ConsoleExceptionTemplates {
    static let list = """
        <h1>{{t.exceptions}}</h1>
        {{#message}}<p class="note {{kind}}" role="alert">{{text}}</p>{{/message}}
        <form class="card" method="get" action="/console/exceptions"><h2>{{t.excFilter}}</h2>
        {{#langQuery}}<input type="hidden" name="lang" value="{{lang}}">{{/langQuery}}
        <div class="grid">
        <div><label for="f-state">{{t.state}}</label><select id="f-state" name="state">{{#states}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/states}}</select></div>
        <div><label for="f-category">{{t.excCategory}}</label><select id="f-category" name="category">{{#categories}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/categories}}</select></div>
        <div><label for="f-zone">{{t.excZone}}</label><select id="f-zone" name="zone">{{#zones}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/zones}}</select></div>
        <div><label for="f-from">{{t.excFrom}}</label><input id="f-from" name="from" type="date" value="{{from}}"></div>
        <div><label for="f-to">{{t.excTo}}</label><input id="f-to" name="to" type="date" value="{{to}}"></div>
        <div><label for="f-invoice">{{t.excInvoice}}</label><input id="f-invoice" name="invoiceId" value="{{invoiceId}}"></div>
        </div><p><button type="submit">{{t.excApply}}</button></p></form>
        {{#empty}}<p class="note ok">{{t.excNone}}</p>{{/empty}}
        <ul class="cases">{{#rows}}<li class="card" id="{{id}}">
        <p><a href="{{href}}"><strong>{{category}}</strong> · {{id}}</a> <span class="muted">· {{state}}</span></p>
        <p>{{todo}}</p>
        <ul class="facts"><li><span class="k">{{t.amount}}</span> {{amount}}</li>
        <li><span class="k">{{t.excAge}}</span> {{age}}</li><li><span class="k">{{t.excAssignee}}</span> {{assignee}}</li>
        {{#invoice}}<li><span class="k">{{t.excInvoice}}</span> <a href="{{href}}">{{id}}</a></li>{{/invoice}}
        {{#bill}}<li><span class="k">{{t.excBill}}</span> <code>{{bill}}</code></li>{{/bill}}
        {{#device}}<li><span class="k">{{t.excDevice}}</span> <code>{{device}}</code></li>{{/device}}
        {{#settlement}}<li><span class="k">{{t.excSettlementRow}}</span> <a href="{{href}}">{{id}}</a> #{{row}}</li>{{/settlement}}
        </ul></li>{{/rows}}</ul>
        <nav aria-label="{{t.excPages}}"><p class="actions">{{#first}}<a class="button" href="{{first}}">{{t.excFirstPage}}</a>{{/first}}\
        {{#next}}<a class="button" href="{{next}}">{{t.excNextPage}}</a>{{/next}}</p></nav>
        <style>.cases{list-style:none;padding:0;margin:0}.facts{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;margin:0}\
        .facts .k{display:block;font-weight:600;font-size:.85rem;color:#4d5358}</style>
        """

    static let detail = """
        <p><a href="{{listHref}}">← {{t.exceptions}}</a></p>
        <h1>{{category}} · <code>{{id}}</code></h1>
        {{#message}}<p class="note {{kind}}" role="alert">{{text}}</p>{{/message}}
        <section class="card"><p><strong>{{t.excWhatToDo}}:</strong> {{todo}}</p><p>{{detail}}</p>
        <ul class="facts"><li><span class="k">{{t.state}}</span> {{state}}</li><li><span class="k">{{t.amount}}</span> {{amount}}</li>
        <li><span class="k">{{t.excOpened}}</span> {{opened}} ({{age}})</li><li><span class="k">{{t.excAssignee}}</span> {{assignee}}</li>
        {{#invoice}}<li><span class="k">{{t.excInvoice}}</span> <a href="{{href}}">{{id}}</a></li>{{/invoice}}
        {{#bill}}<li><span class="k">{{t.excBill}}</span> <code>{{bill}}</code></li>{{/bill}}
        {{#payment}}<li><span class="k">{{t.excPayment}}</span> <code>{{payment}}</code></li>{{/payment}}
        {{#rrn}}<li><span class="k">RRN</span> <code>{{rrn}}</code></li>{{/rrn}}
        {{#issuer}}<li><span class="k">{{t.excIssuer}}</span> {{issuer}}</li>{{/issuer}}
        {{#paidAt}}<li><span class="k">{{t.excPaidAt}}</span> {{paidAt}}</li>{{/paidAt}}
        {{#device}}<li><span class="k">{{t.excDevice}}</span> <code>{{device}}</code></li>{{/device}}
        {{#settlement}}<li><span class="k">{{t.excSettlementRow}}</span> <a href="{{href}}">{{id}}</a> #{{row}} ({{location}})</li>{{/settlement}}
        </ul></section>
        {{#resolution}}<section class="card"><h2>{{t.excResolution}}</h2><p><strong>{{code}}</strong> · {{at}} · {{t.by}} {{by}}</p>
        <p>{{note}}</p>{{#matched}}<p>{{t.excInvoice}}: <code>{{matched}}</code></p>{{/matched}}\
        {{#duplicate}}<p>{{t.excDuplicateOf}}: <a href="/console/exceptions/{{duplicate}}">{{duplicate}}</a></p>{{/duplicate}}</section>{{/resolution}}
        {{#work}}
        <form class="card" method="post" action="/console/exceptions/{{id}}/assign{{langQuery}}"><h2>{{t.excAssign}}</h2>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="a-to">{{t.excAssignTo}}</label><select id="a-to" name="to">{{#assignees}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/assignees}}</select>
        <p><button type="submit">{{t.excAssign}}</button></p></form>
        <form class="card" method="post" action="/console/exceptions/{{id}}/resolve{{langQuery}}" id="resolve"><h2>{{t.excResolve}}</h2>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="r-code">{{t.excResolution}}</label><select id="r-code" name="resolution">{{#codes}}<option value="{{value}}">{{label}}</option>{{/codes}}</select>
        <label for="r-note">{{t.excNote}}</label><textarea id="r-note" name="note" required maxlength="500" rows="3"></textarea>
        <label for="r-invoice">{{t.excMatchInvoice}}</label><input id="r-invoice" name="invoiceId" maxlength="64">
        <label for="r-other">{{t.excDuplicateOf}}</label><input id="r-other" name="duplicateOf" maxlength="64">
        <p><button type="submit">{{t.excResolve}}</button></p></form>
        {{#refund}}<form class="card" method="post" action="/console/exceptions/{{id}}/refund{{langQuery}}" id="refund"><h2>{{t.excRefund}}</h2>
        <p>{{t.excRefundText}}</p>
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="once" value="{{once}}">
        <label for="f-amount">{{t.excRefundAmount}}</label><input id="f-amount" name="amount" inputmode="numeric" required value="{{amount}}">
        <label for="f-reason">{{t.excRefundReason}}</label><input id="f-reason" name="reason" required maxlength="200">
        <p><button type="submit">{{t.excRefund}}</button></p></form>{{/refund}}
        {{/work}}
        <style>.facts{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;margin:0}\
        .facts .k{display:block;font-weight:600;font-size:.85rem;color:#4d5358}</style>
        """

    static let day = """
        <h1>{{t.days}} · {{date}}</h1>
        {{#message}}<p class="note {{kind}}" role="alert">{{text}}</p>{{/message}}
        <form class="card actions" method="get" action="/console/days">
        {{#langQuery}}<input type="hidden" name="lang" value="en">{{/langQuery}}
        <div><label for="d-date">{{t.dayPick}}</label><input id="d-date" name="date" type="date" value="{{date}}"></div>
        <button type="submit">{{t.dayOpen}}</button>
        <a href="/console/days/{{previous}}{{langQuery}}">← {{previous}}</a> <a href="/console/days/{{next}}{{langQuery}}">{{next}} →</a></form>
        {{#open}}<section class="card"><h2>{{t.dayBlockersTitle}}</h2>
        {{#clear}}<p class="note ok">{{t.dayClear}}</p>{{/clear}}
        <ul>{{#blockers}}<li><p><strong>{{label}}</strong>: {{count}}{{#href}} · <a href="{{href}}">{{t.daySee}}</a>{{/href}}</p>
        <p>{{todo}}</p>{{#examples}}<p class="muted">{{t.dayExamples}}: <code>{{examples}}</code></p>{{/examples}}</li>{{/blockers}}</ul></section>
        {{#mayClose}}<form class="card" method="post" action="/console/days/{{date}}/close{{langQuery}}" id="close">
        <input type="hidden" name="csrf" value="{{csrf}}"><p>{{t.dayCloseText}}</p>
        <p><button type="submit">{{t.dayClose}}</button></p></form>{{/mayClose}}
        {{^mayClose}}<p class="muted">{{t.dayWhoCloses}}</p>{{/mayClose}}{{/open}}
        {{#statement}}<section class="card"><h2>{{t.dayStatement}}</h2>
        <p>{{t.dayClosedAt}} {{closedAt}} · {{t.by}} {{closedBy}}</p>
        <div class="table-wrap"><table><tbody>{{#figures}}<tr><th scope="row">{{label}}</th><td class="num">{{value}}</td></tr>{{/figures}}</tbody></table></div>
        <p>{{t.dayKey}}: <code>{{keyId}}</code> · {{t.dayChainHead}} #{{chainHead}}</p>
        <p>{{t.daySignature}}: <code>{{signature}}</code></p>
        <p><a href="{{public}}">{{t.dayPublicPage}}</a></p></section>{{/statement}}
        {{#journal}}<section class="card"><h2>{{t.dayJournal}}</h2><p class="actions">\
        <a class="button" href="{{csv}}" download>{{t.dayJournalCSV}}</a> <a class="button" href="{{json}}" download>{{t.dayJournalJSON}}</a></p></section>{{/journal}}
        {{#late}}<section class="card" id="late-booked"><h2>{{t.dayLateBooked}}</h2><p>{{bookedNote}}</p>
        {{#hasBooked}}<p><strong>{{t.dayLateTotal}}</strong>: {{bookedSummary}}</p>
        <div class="table-wrap"><table class="stack"><caption class="muted">{{t.dayLateBooked}}</caption><thead><tr>\
        <th scope="col">{{t.dayLateEvent}}</th><th scope="col">{{t.dayLateKind}}</th><th scope="col">{{t.dayLateClosedDay}}</th>\
        <th scope="col">{{t.dayLateInvoice}}</th><th scope="col">{{t.dayLatePayment}}</th><th scope="col" class="num">{{t.dayLateAmount}}</th>\
        <th scope="col">{{t.dayLateRecorded}}</th></tr></thead><tbody>
        {{#booked}}<tr><td>#{{event}}</td><td>{{kind}}{{#extra}} ({{t.dayLateExtra}}){{/extra}}{{#bank}}<br><span class="muted">{{bank}}</span>{{/bank}}</td>\
        <td><a href="{{dayHref}}">{{day}}</a></td><td>{{#invoiceHref}}<a href="{{invoiceHref}}">{{invoice}}</a>{{/invoiceHref}}\
        {{^invoiceHref}}{{invoice}}{{/invoiceHref}}<br><span class="muted">{{line}}</span></td><td><code>{{payment}}</code></td>\
        <td class="num">{{amount}}</td><td>{{recordedAt}}</td></tr>
        {{/booked}}</tbody></table></div>{{/hasBooked}}
        {{^hasBooked}}<p class="muted">{{t.dayLateNone}}</p>{{/hasBooked}}</section>
        {{#about}}<section class="card" id="late-about"><h2>{{t.dayLateAbout}}</h2><p>{{t.dayLateAboutNote}}</p>
        {{#has}}<p><strong>{{t.dayLateTotal}}</strong>: {{summary}}</p>
        <div class="table-wrap"><table class="stack"><caption class="muted">{{t.dayLateAbout}}</caption><thead><tr>\
        <th scope="col">{{t.dayLateEvent}}</th><th scope="col">{{t.dayLateKind}}</th><th scope="col">{{t.dayLateBookedDay}}</th>\
        <th scope="col">{{t.dayLateInvoice}}</th><th scope="col">{{t.dayLatePayment}}</th><th scope="col" class="num">{{t.dayLateAmount}}</th>\
        <th scope="col">{{t.dayLateRecorded}}</th></tr></thead><tbody>
        {{#lines}}<tr><td>#{{event}}</td><td>{{kind}}{{#extra}} ({{t.dayLateExtra}}){{/extra}}{{#bank}}<br><span class="muted">{{bank}}</span>{{/bank}}</td>\
        <td><a href="{{dayHref}}">{{day}}</a></td><td>{{#invoiceHref}}<a href="{{invoiceHref}}">{{invoice}}</a>{{/invoiceHref}}\
        {{^invoiceHref}}{{invoice}}{{/invoiceHref}}<br><span class="muted">{{line}}</span></td><td><code>{{payment}}</code></td>\
        <td class="num">{{amount}}</td><td>{{recordedAt}}</td></tr>
        {{/lines}}</tbody></table></div>{{/has}}
        {{^has}}<p class="muted">{{t.dayLateNone}}</p>{{/has}}</section>{{/about}}{{/late}}
        """
}
