/// The public complaint pages' Mustache templates (usable without JavaScript on a cheap phone).
/// The words are ``ComplaintText`` (`{{t.key}}`, Indonesian or English); every `{{value}}` is
/// HTML-escaped by swift-mustache. Each page starts with the link to the other language.
enum ComplaintTemplates {
    static let form = """
        {{> languageSwitch}}
        <h1>{{t.formTitle}}</h1>
        <p>{{intro}} <a href="/standar-pelayanan{{langQuery}}">{{t.serviceStandard}}</a>.</p>
        {{#error}}<div class="bad" role="alert"><p><strong>{{t.notSent}}</strong> {{error}}</p></div>{{/error}}
        <form method="post" action="/public/complaints{{langQuery}}" enctype="multipart/form-data">
        <input type="hidden" name="formToken" value="{{formToken}}">{{> languageField}}
        <fieldset><legend><strong>{{t.whatHappened}}</strong> ({{t.required}})</legend>
        {{#categories}}<p><label><input type="radio" name="category" value="{{value}}" required{{#checked}} checked{{/checked}}> \
        {{label}}</label></p>{{/categories}}</fieldset>
        <p><label for="receiptCode"><strong>{{t.receiptCode}}</strong> ({{t.ifAny}})</label><br>
        <input id="receiptCode" name="receiptCode" maxlength="300" value="{{receiptCode}}" autocomplete="off" style="width:100%"></p>
        <p><label for="billNumber"><strong>{{t.billNumber}}</strong> ({{t.ifAny}})</label><br>
        <input id="billNumber" name="billNumber" maxlength="25" value="{{billNumber}}" autocomplete="off" style="width:100%"></p>
        <p><small>{{t.noTicket}}</small></p>
        <p><label for="zone"><strong>{{t.zone}}</strong></label><br><select id="zone" name="zone" style="width:100%">
        <option value="">{{t.chooseZone}}</option>{{#zones}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/zones}}
        </select></p>
        <p><label for="plate"><strong>{{t.plate}}</strong></label><br>
        <input id="plate" name="plate" maxlength="16" value="{{plate}}" autocomplete="off" style="width:100%"></p>
        <p><label for="occurredAt"><strong>{{t.when}}</strong> ({{timeZone}})</label><br>
        <input id="occurredAt" name="occurredAt" type="datetime-local" value="{{occurredAt}}" style="width:100%"></p>
        <p><label for="description"><strong>{{t.description}}</strong> ({{t.descriptionHint}})</label><br>
        <textarea id="description" name="description" required maxlength="2000" rows="6" style="width:100%">{{description}}</textarea></p>
        <p><label for="contact"><strong>{{t.contact}}</strong> ({{t.contactHint}})</label><br>
        <input id="contact" name="contact" maxlength="120" value="{{contact}}" autocomplete="off" style="width:100%"></p>
        <p><label for="photo"><strong>{{t.photo}}</strong> ({{t.photoHint}})</label><br>
        <input id="photo" name="photo" type="file" accept="image/jpeg,image/png"></p>
        <p><button type="submit" style="padding:.5rem 1rem;font-size:1rem">{{t.send}}</button></p>
        </form>
        <p><small>{{privacy}}</small></p>
        """

    static let filed = """
        {{> languageSwitch}}
        <h1>{{t.filedTitle}}</h1>
        <div class="ok"><p>{{t.number}}: <strong>{{number}}</strong><br>{{t.accessCode}}: <strong>{{accessCode}}</strong></p>
        <p>{{t.keep}}</p></div>
        <p>{{t.deadline}}: <strong>{{deadline}}</strong>.</p>
        <p><a href="{{statusPath}}">{{t.seeStatus}}</a></p>
        """

    static let status = """
        {{> languageSwitch}}
        <h1>{{t.statusTitle}} {{number}}</h1>
        <div class="{{box}}"><p><strong>{{statusText}}</strong></p>{{#outcomeText}}<p>{{outcomeText}}</p>{{/outcomeText}}
        {{#laporNumber}}<p>{{t.laporNumber}}: <strong>{{laporNumber}}</strong></p>{{/laporNumber}}</div>
        <ul><li>{{t.category}}: {{categoryText}}</li><li>{{t.received}}: {{filedAt}}</li>
        <li>{{t.deadline}}: {{deadline}}{{#late}} — <strong>{{t.late}}</strong>{{/late}}{{#inTime}} — {{t.inTime}}{{/inTime}}</li>
        {{#zone}}<li>{{t.zone}}: {{zone}}</li>{{/zone}}{{#amount}}<li>{{t.ticket}}: {{amount}}, {{ticketTime}}</li>{{/amount}}</ul>
        <h2>{{t.answers}}</h2>
        {{#answers}}<div class="warn"><p><small>{{at}}</small></p><p style="white-space:pre-wrap">{{message}}</p></div>{{/answers}}
        {{^answers}}<p>{{t.noAnswer}}</p>{{/answers}}
        {{#outcomeNote}}<h2>{{t.resolution}}</h2><p><small>{{resolvedAt}}</small></p><p style="white-space:pre-wrap">{{outcomeNote}}</p>{{/outcomeNote}}
        <p><a href="/aduan{{langQuery}}">{{t.another}}</a> · <a href="/">{{t.home}}</a></p>
        """

    static let notFound = """
        {{> languageSwitch}}
        <h1>{{t.notFoundTitle}}</h1><p>{{t.notFound}}</p>
        <p><a href="/aduan{{langQuery}}">{{t.fileComplaint}}</a> · <a href="/">{{t.home}}</a></p>
        """

    static let limited = """
        {{> languageSwitch}}
        <h1>{{t.limitedTitle}}</h1><p>{{text}}</p><p><a href="/">{{t.home}}</a></p>
        """
}
