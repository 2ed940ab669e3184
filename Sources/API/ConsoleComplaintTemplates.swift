/// The templates of **Aduan** (the queue and one complaint).
enum ConsoleComplaintTemplates {
    static let list = """
        <h1>{{t.complaints}}</h1>
        <form class="card actions" method="get" action="/console/complaints">
        {{#langQuery}}<input type="hidden" name="lang" value="en">{{/langQuery}}
        <div><label for="c-state">{{t.state}}</label><select id="c-state" name="state">{{#states}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/states}}</select></div>
        <button type="submit">{{t.excApply}}</button></form>
        {{#empty}}<p class="note ok">{{t.cmpNone}}</p>{{/empty}}
        <ul class="cases">{{#rows}}<li class="card">
        <p><a href="{{href}}"><strong>{{category}}</strong> · {{number}}</a> <span class="muted">· {{state}}</span>\
        {{#late}} <strong class="late">{{t.cmpLate}}</strong>{{/late}}</p>
        <ul class="facts"><li><span class="k">{{t.cmpFiled}}</span> {{filed}}</li><li><span class="k">{{t.cmpDeadline}}</span> {{deadline}}</li>
        <li><span class="k">{{t.excZone}}</span> {{zone}}</li><li><span class="k">{{t.excAssignee}}</span> {{assignee}}</li>
        {{#device}}<li><span class="k">{{t.excDevice}}</span> <code>{{device}}</code></li>{{/device}}</ul></li>{{/rows}}</ul>
        <style>.cases{list-style:none;padding:0;margin:0}.facts{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;margin:0}\
        .facts .k{display:block;font-weight:600;font-size:.85rem;color:#4d5358}.late{color:#a4000f}</style>
        """

    static let detail = """
        <p><a href="/console/complaints{{langQuery}}">← {{t.complaints}}</a></p>
        <h1>{{category}} · <code>{{number}}</code></h1>
        {{#message}}<p class="note {{kind}}" role="alert">{{text}}</p>{{/message}}
        <section class="card"><ul class="facts"><li><span class="k">{{t.state}}</span> {{state}}</li>
        <li><span class="k">{{t.cmpTier}}</span> {{tier}}</li><li><span class="k">{{t.cmpFiled}}</span> {{filed}}</li>
        <li><span class="k">{{t.cmpDeadline}}</span> {{deadline}}{{#late}} <strong class="late">{{t.cmpLate}}</strong>{{/late}}{{#inTime}} ({{t.cmpInTime}}){{/inTime}}</li>
        <li><span class="k">{{t.excZone}}</span> {{zone}}</li><li><span class="k">{{t.excAssignee}}</span> {{assignee}}</li>
        {{#plate}}<li><span class="k">{{t.cmpPlate}}</span> {{plate}}</li>{{/plate}}{{#occurred}}<li><span class="k">{{t.cmpOccurred}}</span> {{occurred}}</li>{{/occurred}}
        {{#invoice}}<li><span class="k">{{t.excInvoice}}</span> <code>{{invoice}}</code> · {{amount}}</li>{{/invoice}}
        {{#device}}<li><span class="k">{{t.excDevice}}</span> <code>{{device}}</code> · {{deviceName}}</li>{{/device}}</ul></section>
        <section class="card"><h2>{{t.cmpCitizen}}</h2><p style="white-space:pre-wrap">{{description}}</p>
        {{#contact}}<p><strong>{{t.cmpContact}}:</strong> {{contact}}</p>{{/contact}}
        {{#photo}}<p><a href="{{photo}}">{{t.cmpPhoto}}</a></p>{{/photo}}</section>
        <section class="card"><h2>{{t.cmpAnswers}}</h2>{{#answers}}<p class="muted">{{at}} · {{by}}</p><p style="white-space:pre-wrap">{{message}}</p>{{/answers}}</section>
        {{#resolution}}<section class="card"><h2>{{t.excResolution}}</h2><p><strong>{{outcome}}</strong> · {{at}} · {{t.by}} {{by}}</p>
        <p style="white-space:pre-wrap">{{note}}</p>{{#lapor}}<p>SP4N-LAPOR!: <code>{{lapor}}</code></p>{{/lapor}}</section>{{/resolution}}
        {{#work}}
        <form class="card" method="post" action="/console/complaints/{{number}}/assign{{langQuery}}"><h2>{{t.excAssign}}</h2>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="a-to">{{t.excAssignTo}}</label><select id="a-to" name="to">{{#assignees}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/assignees}}</select>
        <p><button type="submit">{{t.excAssign}}</button></p></form>
        <form class="card" method="post" action="/console/complaints/{{number}}/answer{{langQuery}}"><h2>{{t.cmpAnswer}}</h2>
        <p>{{t.cmpAnswerText}}</p><input type="hidden" name="csrf" value="{{csrf}}">
        <label for="m-text">{{t.cmpMessage}}</label><textarea id="m-text" name="message" required maxlength="2000" rows="4"></textarea>
        <p><button type="submit">{{t.cmpAnswer}}</button></p></form>
        <form class="card" method="post" action="/console/complaints/{{number}}/resolve{{langQuery}}"><h2>{{t.cmpResolve}}</h2>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="r-outcome">{{t.cmpOutcome}}</label><select id="r-outcome" name="outcome">{{#outcomes}}<option value="{{value}}">{{label}}</option>{{/outcomes}}</select>
        <label for="r-note">{{t.excNote}}</label><textarea id="r-note" name="note" required maxlength="2000" rows="3"></textarea>
        <label for="r-lapor">{{t.cmpLapor}}</label><input id="r-lapor" name="laporNumber" maxlength="40">
        <label for="r-refund">{{t.cmpRefund}}</label><input id="r-refund" name="refundId" maxlength="64">
        <p><button type="submit">{{t.cmpResolve}}</button></p></form>
        {{/work}}
        <style>.facts{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;margin:0}\
        .facts .k{display:block;font-weight:600;font-size:.85rem;color:#4d5358}.late{color:#a4000f}</style>
        """
}
