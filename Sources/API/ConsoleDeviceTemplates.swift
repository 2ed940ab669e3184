/// The bodies of **Perangkat dan juru parkir** (`/console/devices`).
enum ConsoleDeviceTemplates {
    static let list = """
        <h1>{{t.devices}}</h1>
        {{#message}}<p class="note {{kind}}" role="alert">{{text}}</p>{{/message}}
        {{#enrolled}}<section class="card" style="border:2px solid #8a5300" aria-labelledby="enrolled-h"><h2 id="enrolled-h">{{t.enrolledTitle}}</h2>
        <p>{{t.enrolShownOnce}}</p>
        <p><img src="data:image/png;base64,{{qr}}" width="{{qrSize}}" height="{{qrSize}}" alt="{{t.enrolQRAlt}}"></p>
        <p><code>{{uri}}</code></p><p class="muted">{{id}} · {{name}}</p></section>{{/enrolled}}
        <div class="card table-wrap"><table><caption class="muted">{{t.devices}}</caption><thead><tr>
        <th scope="col">{{t.name}}</th><th scope="col">ID</th><th scope="col">{{t.role}}</th><th scope="col">{{t.zones}}</th>
        <th scope="col">{{t.state}}</th><th scope="col" class="num">{{t.lastSequence}}</th><th scope="col">{{t.enrolledAt}}</th>
        <th scope="col"><span class="muted">—</span></th></tr></thead><tbody>
        {{#devices}}<tr><td>{{name}}</td><td><code>{{id}}</code></td><td>{{role}}</td><td>{{zones}}</td><td>{{state}}</td>
        <td class="num">{{lastSequence}}</td><td>{{enrolledAt}}</td><td>
        {{#revocable}}<form class="actions" method="post" action="/console/devices/{{id}}/revoke">\
        <input type="hidden" name="csrf" value="{{csrf}}"><label class="muted" for="r-{{id}}">{{t.reason}}</label>\
        <input id="r-{{id}}" name="reason" required maxlength="200"><button class="secondary" type="submit">{{t.revoke}}</button></form>{{/revocable}}
        </td></tr>{{/devices}}
        </tbody></table></div>
        <section class="card" aria-labelledby="leak-h"><h2 id="leak-h">{{t.leakageTitle}} · {{leakDate}}</h2>
        <form class="actions" method="get" action="/console/devices"><div><label for="leak-date">{{t.date}}</label>        <input id="leak-date" name="date" type="date" value="{{leakDate}}"></div><div><label for="leak-sort">{{t.sortBy}}</label>        <select id="leak-sort" name="sort">{{#sorts}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/sorts}}</select></div>        <button class="secondary" type="submit">{{t.show}}</button></form>
        <p class="muted">{{t.leakageRule}}</p>
        <div class="table-wrap"><table><thead><tr><th scope="col">{{t.deviceName}}</th><th scope="col">{{t.zone}}</th>        <th scope="col" class="num">{{t.issued}}</th><th scope="col" class="num">{{t.paid}}</th><th scope="col" class="num">{{t.unpaid}}</th>        <th scope="col" class="num">{{t.unpaidShare}}</th><th scope="col" class="num">{{t.cancelled}}</th>        <th scope="col" class="num">{{t.sequenceGaps}}</th><th scope="col" class="num">{{t.complaints}}</th><th scope="col" class="num">{{t.ticketsVoided}}</th></tr></thead><tbody>
        {{#activity}}<tr><td>{{#outlier}}<span class="mark">⚠ {{t.checkThis}}</span><br>{{/outlier}}{{name}}<br><small><code>{{id}}</code></small></td>        <td>{{zone}}</td><td class="num">{{issued}}<br><small>{{issuedAmount}}</small></td><td class="num">{{paid}}</td>        <td class="num">{{unpaid}}<br><small>{{unpaidAmount}}</small></td><td class="num">{{unpaidShare}}</td>        <td class="num">{{cancelled}}</td><td class="num">{{gaps}}</td><td class="num">{{complaints}}</td><td class="num">{{voids}}</td></tr>{{/activity}}
        </tbody></table></div></section>
        {{#canEnrol}}<form class="card" method="post" action="/console/devices"><h2>{{t.enrolDevice}}</h2>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="d-name">{{t.deviceName}}</label><input id="d-name" name="name" required maxlength="80">
        <label for="d-role">{{t.role}}</label><select id="d-role" name="role">{{#roles}}<option value="{{value}}">{{label}}</option>{{/roles}}</select>
        <fieldset><legend>{{t.zones}}</legend>{{#zones}}<label><input type="checkbox" name="zone" value="{{id}}" style="width:auto"> {{name}} ({{id}})</label>{{/zones}}</fieldset>
        <p><button type="submit">{{t.enrolDevice}}</button></p></form>{{/canEnrol}}
        """
}
