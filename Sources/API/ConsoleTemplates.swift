/// The console's Mustache templates: one layout and the pages' bodies. Variables are HTML-escaped
/// by swift-mustache (`{{x}}`); only the layout's `{{{body}}}` (an already rendered page) is not.
enum ConsoleTemplates {
    static let style = """
        *{box-sizing:border-box}body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;\
        color:#1a1a1a;background:#f6f7f9;line-height:1.45}a{color:#0b57d0}\
        .skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}\
        header{background:#12355b;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center}\
        header a{color:#fff}header .brand{font-weight:700;font-size:1.1rem;text-decoration:none}\
        nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}\
        nav a[aria-current=page]{font-weight:700;text-decoration:underline}\
        header form{margin-left:auto;display:flex;gap:.5rem;align-items:center}\
        main{max-width:80rem;margin:0 auto;padding:1rem}h1{font-size:1.5rem;margin:.5rem 0 1rem}\
        .card{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:1rem;margin:0 0 1rem}\
        .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.75rem}\
        .figure{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:.75rem}\
        .figure .n{font-size:1.4rem;font-weight:700}\
        .table-wrap{overflow-x:auto}table{border-collapse:collapse;width:100%;background:#fff}\
        th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #d0d7de;vertical-align:top}\
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\
        label{display:block;font-weight:600;margin:.5rem 0 .2rem}\
        input,select,textarea{font:inherit;padding:.45rem;border:1px solid #6e7781;border-radius:4px;width:100%;max-width:28rem}\
        button,.button{font:inherit;padding:.45rem .9rem;border-radius:4px;border:1px solid #12355b;background:#12355b;\
        color:#fff;cursor:pointer;text-decoration:none;display:inline-block}\
        button.secondary{background:#fff;color:#12355b}header button{background:#fff;color:#12355b}\
        .note{padding:.75rem 1rem;border-radius:6px;margin:0 0 1rem}.ok{background:#e6f4ea;border:1px solid #1e7e34}\
        .bad{background:#fdecea;border:1px solid #b00020}.warn{background:#fff8e1;border:1px solid #8a5300}\
        .mark{color:#b00020;font-weight:700}small,.muted{color:#4d5358}code{word-break:break-all}\
        .inline{display:inline}.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end}
        """

    static let layout = """
        <!doctype html>
        <html lang="{{lang}}"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · Lunas</title><style>{{{style}}}</style></head>
        <body><a class="skip" href="#main">{{t.skip}}</a>
        <header><a class="brand" href="/console">Lunas · {{city}}</a>
        {{#signedIn}}<nav aria-label="{{t.menu}}"><ul>{{#nav}}<li><a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a></li>{{/nav}}</ul></nav>
        <form method="post" action="/console/logout"><input type="hidden" name="csrf" value="{{csrf}}">\
        <span>{{staffName}} · {{roleLabel}}</span><button type="submit">{{t.logout}}</button></form>{{/signedIn}}
        </header>
        <main id="main">{{{body}}}</main>
        <footer class="muted" style="padding:1rem;text-align:center"><a href="{{switchHref}}" lang="{{switchLang}}">{{t.switchLanguage}}</a> · {{zoneLabel}}</footer>
        </body></html>
        """

    static let login = """
        <h1>{{t.loginTitle}}</h1>
        {{#message}}<p class="note {{kind}}" role="alert">{{text}}</p>{{/message}}
        <form class="card" method="post" action="/console/login{{langQuery}}" id="login">
        <label for="email">{{t.email}}</label><input id="email" name="email" type="email" autocomplete="email" required value="{{email}}">
        <label for="password">{{t.password}}</label><input id="password" name="password" type="password" autocomplete="current-password" required>
        <p><button type="submit">{{t.loginButton}}</button></p></form>
        """

    static let message = """
        <h1>{{heading}}</h1><p class="note {{kind}}" role="alert">{{text}}</p>
        {{#detail}}<p class="muted">{{detail}}</p>{{/detail}}<p><a href="/console">{{t.back}}</a></p>
        """

    static let password = """
        <h1>{{t.password}}</h1>
        {{#message}}<p class="note {{kind}}" role="alert">{{text}}</p>{{/message}}
        <form class="card" method="post" action="/console/password">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="current">{{t.currentPassword}}</label><input id="current" name="current" type="password" autocomplete="current-password" required>
        <label for="new">{{t.newPassword}}</label><input id="new" name="password" type="password" autocomplete="new-password" minlength="12" required>
        <label for="repeat">{{t.repeatPassword}}</label><input id="repeat" name="repeat" type="password" autocomplete="new-password" minlength="12" required>
        <p><button type="submit">{{t.savePassword}}</button></p></form>
        """

    static let setPassword = """
        <h1>{{t.setPasswordTitle}}</h1>
        {{#message}}<p class="note {{kind}}" role="alert">{{text}}</p>{{/message}}
        {{#email}}<form class="card" method="post" action="/console/set-password">
        <input type="hidden" name="token" value="{{token}}"><p>{{email}}</p>
        <label for="new">{{t.newPassword}}</label><input id="new" name="password" type="password" autocomplete="new-password" minlength="12" required>
        <label for="repeat">{{t.repeatPassword}}</label><input id="repeat" name="repeat" type="password" autocomplete="new-password" minlength="12" required>
        <p><button type="submit">{{t.savePassword}}</button></p></form>{{/email}}
        """

    static let staff = """
        <h1>{{t.staff}}</h1>
        {{#message}}<p class="note {{kind}}" role="alert">{{text}}</p>{{/message}}
        {{#link}}<div class="note warn"><p>{{t.linkShownOnce}}</p><p><code>{{link}}</code></p></div>{{/link}}
        <div class="card table-wrap"><table><caption class="muted">{{t.staff}}</caption>
        <thead><tr><th scope="col">{{t.name}}</th><th scope="col">{{t.email}}</th><th scope="col">{{t.role}}</th>\
        <th scope="col">{{t.zones}}</th><th scope="col">{{t.state}}</th><th scope="col"><span class="muted">—</span></th></tr></thead><tbody>
        {{#members}}<tr><td>{{name}}</td><td>{{email}}</td><td>{{role}}</td><td>{{zones}}</td><td>{{state}}</td><td>
        {{#active}}<div class="actions"><form class="inline" method="post" action="/console/staff/{{id}}/link"><input type="hidden" name="csrf" value="{{csrf}}">\
        <button class="secondary" type="submit">{{t.newLink}}</button></form>
        <form class="inline" method="post" action="/console/staff/{{id}}/disable"><input type="hidden" name="csrf" value="{{csrf}}">\
        <button class="secondary" type="submit">{{t.disable}}</button></form></div>{{/active}}</td></tr>{{/members}}
        </tbody></table></div>
        <form class="card" method="post" action="/console/staff"><h2>{{t.addStaff}}</h2>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="s-email">{{t.email}}</label><input id="s-email" name="email" type="email" required>
        <label for="s-name">{{t.name}}</label><input id="s-name" name="name" required maxlength="120">
        <label for="s-role">{{t.role}}</label><select id="s-role" name="role">{{#roles}}<option value="{{value}}">{{label}}</option>{{/roles}}</select>
        <label for="s-zones">{{t.zones}}</label><input id="s-zones" name="zones" placeholder="AMB-01, AMB-02">
        <p><button type="submit">{{t.addStaff}}</button></p></form>
        <div class="card table-wrap"><h2>{{t.auditLog}}</h2><table><thead><tr><th scope="col">{{t.when}}</th>\
        <th scope="col">{{t.what}}</th><th scope="col">{{t.email}}</th><th scope="col">{{t.address}}</th><th scope="col">{{t.by}}</th>\
        <th scope="col">{{t.detail}}</th></tr></thead><tbody>
        {{#audit}}<tr><td>{{when}}</td><td>{{kind}}</td><td>{{email}}</td><td>{{address}}</td><td>{{actor}}</td><td>{{detail}}</td></tr>{{/audit}}
        </tbody></table></div>
        """

    static let tariffs = """
        <h1>{{t.tariffsTitle}}</h1>
        {{#sets}}<section class="card"><h2>{{name}}</h2><p>{{t.effective}}: {{effective}}. {{t.legalBasis}}: {{basis}}\
        {{#placeholder}} <strong>({{t.placeholderBasis}})</strong>{{/placeholder}}</p>
        <ul>{{#rules}}<li><strong>{{name}}</strong>: {{summary}}</li>{{/rules}}</ul></section>{{/sets}}
        """
}
