/// The bodies of **Setelmen** (`/console/settlements`): the upload form with the list of past files,
/// and one file's report page.
enum ConsoleSettlementTemplates {
    /// Tables that stack into label–value cards on narrow screens (no horizontal cut at 412 px).
    static let stackStyle = """
        <style>@media (max-width:48rem){table.stack thead{position:absolute;left:-9999px}\
        table.stack tr{display:block;border-bottom:2px solid #d0d7de;padding:.25rem 0}\
        table.stack td{display:grid;grid-template-columns:minmax(7rem,40%) 1fr;gap:.5rem;border:0;padding:.2rem .5rem;\
        text-align:left;overflow-wrap:anywhere}\
        table.stack td::before{content:attr(data-label);font-weight:600;color:#4d5358}}\
        table.stack td{overflow-wrap:anywhere}.pager{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}\
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}dl.facts dt{font-weight:600}\
        dl.facts dd{margin:0;overflow-wrap:anywhere}</style>
        """

    static let list = """
        {{{stackStyle}}}<h1>{{t.settlements}}</h1>
        {{#message}}<div class="note {{kind}}" role="alert"><p>{{text}}</p>{{#detail}}<p class="muted"><code>{{detail}}</code></p>{{/detail}}</div>{{/message}}
        {{#canUpload}}<form class="card" method="post" enctype="multipart/form-data" action="/console/settlements?csrf={{csrf}}" id="upload">
        <h2>{{t.stl_upload}}</h2><p class="muted">{{t.stl_uploadHint}}</p>
        <label for="stl-file">{{t.stl_file}}</label><input id="stl-file" name="file" type="file" required>
        <label for="stl-profile">{{t.stl_profile}}</label><select id="stl-profile" name="profile" required>\
        {{#profiles}}<option value="{{name}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/profiles}}</select>
        <label for="stl-date">{{t.stl_date}}</label><input id="stl-date" name="date" type="date">
        <p><button type="submit">{{t.stl_uploadButton}}</button></p></form>{{/canUpload}}
        {{^canUpload}}<p class="note warn">{{t.stl_readOnly}}</p>{{/canUpload}}
        <section class="card" aria-labelledby="past-h"><h2 id="past-h">{{t.stl_past}}</h2>
        {{^files}}<p>{{t.stl_none}}</p>{{/files}}
        {{#hasFiles}}<table class="stack"><thead><tr><th scope="col">{{t.stl_fileName}}</th><th scope="col">{{t.state}}</th>\
        <th scope="col" class="num">{{t.stl_rows}}</th><th scope="col" class="num">{{t.stl_gross}}</th>\
        <th scope="col">{{t.stl_period}}</th><th scope="col" class="num">{{t.stl_size}}</th>\
        <th scope="col">{{t.stl_uploadedAt}}</th><th scope="col">{{t.stl_uploadedBy}}</th><th scope="col">{{t.stl_report}}</th></tr></thead><tbody>
        {{#files}}<tr><td data-label="{{t.stl_fileName}}">{{fileName}} <small class="muted">{{profile}}</small></td>\
        <td data-label="{{t.state}}">{{status}}</td><td data-label="{{t.stl_rows}}" class="num">{{rows}}</td>\
        <td data-label="{{t.stl_gross}}" class="num">{{gross}}</td><td data-label="{{t.stl_period}}">{{period}}</td>\
        <td data-label="{{t.stl_size}}" class="num">{{size}}</td><td data-label="{{t.stl_uploadedAt}}">{{uploadedAt}}</td>\
        <td data-label="{{t.stl_uploadedBy}}">{{uploadedBy}}</td>\
        <td data-label="{{t.stl_report}}"><a href="/console/settlements/{{id}}">{{t.stl_openReport}}<span class="skip"> {{id}}</span></a></td></tr>{{/files}}
        </tbody></table>{{/hasFiles}}
        <p class="pager">{{#after}}<a href="/console/settlements">{{t.stl_firstPage}}</a>{{/after}}\
        {{#next}}<a href="/console/settlements?after={{next}}">{{t.stl_nextPage}}</a>{{/next}}</p></section>
        """

    static let report = """
        {{{stackStyle}}}<h1>{{t.stl_reportTitle}}</h1>
        {{#message}}<div class="note {{kind}}" role="alert"><p>{{text}}</p>{{#detail}}<p class="muted"><code>{{detail}}</code></p>{{/detail}}</div>{{/message}}
        {{#outcome}}<section class="note ok" role="status" aria-labelledby="outcome-h"><h2 id="outcome-h">{{heading}}</h2>
        <dl class="facts"><dt>{{t.stl_settledCount}}</dt><dd>{{settled}}</dd><dt>{{t.stl_paymentsRecorded}}</dt><dd>{{payments}}</dd>
        <dt>{{t.stl_reversalsRecorded}}</dt><dd>{{reversals}}</dd><dt>{{t.stl_exceptionsOpened}}</dt><dd>{{exceptions}}</dd><dt>{{t.stl_appliedRows}}</dt><dd>{{rows}}</dd></dl></section>{{/outcome}}
        <section class="card" aria-labelledby="sum-h"><h2 id="sum-h">{{t.stl_summary}}</h2><dl class="facts">
        <dt>{{t.stl_fileName}}</dt><dd>{{fileName}} <small class="muted">({{profile}})</small></dd>
        <dt>ID</dt><dd><code>{{id}}</code></dd><dt>{{t.state}}</dt><dd>{{status}}{{#replacedBy}} — {{t.stl_replacedBy}} \
        <a href="/console/settlements/{{replacedBy}}">{{replacedBy}}</a>{{/replacedBy}}</dd>
        <dt>{{t.stl_period}}</dt><dd>{{period}}</dd><dt>{{t.stl_rows}}</dt><dd>{{rows}}</dd>
        <dt>{{t.stl_gross}}</dt><dd>{{gross}}</dd><dt>MDR</dt><dd>{{mdr}}</dd><dt>{{t.stl_net}}</dt><dd>{{net}}</dd>
        <dt>{{t.stl_invoices}}</dt><dd>{{invoices}} · {{invoiceAmount}}</dd>
        <dt>{{t.stl_size}}</dt><dd>{{size}}</dd><dt>{{t.stl_uploadedAt}}</dt><dd>{{uploadedAt}} · {{uploadedBy}}</dd></dl>
        {{#hasWarnings}}<h3>{{t.stl_warnings}}</h3><ul>{{#warnings}}<li>{{.}}</li>{{/warnings}}</ul>{{/hasWarnings}}</section>
        {{#canApply}}<form class="card" method="post" action="/console/settlements/{{id}}/apply"><input type="hidden" name="csrf" value="{{csrf}}">
        <p>{{t.stl_applyHint}}</p><p><button type="submit" id="apply">{{t.stl_apply}}</button></p></form>{{/canApply}}
        <section class="card" aria-labelledby="cat-h"><h2 id="cat-h">{{t.stl_category}}</h2>
        <table class="stack"><thead><tr><th scope="col">{{t.stl_category}}</th><th scope="col" class="num">{{t.count}}</th>\
        <th scope="col">{{t.stl_todo}}</th></tr></thead><tbody>
        {{#categories}}<tr><td data-label="{{t.stl_category}}">{{#linkable}}<a href="/console/settlements/{{id}}?category={{key}}#rows">{{label}}</a>{{/linkable}}\
        {{^linkable}}{{label}}{{/linkable}}</td><td data-label="{{t.count}}" class="num">{{count}}</td><td data-label="{{t.stl_todo}}">{{todo}}\
        {{#exceptionsLink}} <a href="{{exceptionsLink}}">{{t.stl_openInExceptions}}<span class="skip"> ({{label}})</span></a>{{/exceptionsLink}}</td></tr>{{/categories}}
        </tbody></table></section>
        <section class="card" aria-labelledby="rows-h" id="rows"><h2 id="rows-h">{{t.stl_exceptionRows}}</h2>
        <form class="actions" method="get" action="/console/settlements/{{id}}"><div><label for="f-cat">{{t.stl_category}}</label>\
        <select id="f-cat" name="category"><option value="">{{t.stl_allCategories}}</option>\
        {{#filters}}<option value="{{key}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/filters}}</select></div>\
        <button class="secondary" type="submit">{{t.stl_show}}</button></form>
        {{^hasRows}}<p>{{t.stl_noExceptions}}</p>{{/hasRows}}
        {{#hasRows}}<table class="stack"><thead><tr><th scope="col">{{t.stl_category}}</th><th scope="col" class="num">{{t.stl_line}}</th>\
        <th scope="col">RRN</th><th scope="col">{{t.stl_bill}}</th><th scope="col">{{t.stl_invoice}}</th>\
        <th scope="col" class="num">{{t.stl_expected}}</th><th scope="col" class="num">{{t.stl_bankAmount}}</th>\
        <th scope="col">{{t.stl_txTime}}</th><th scope="col">{{t.zones}}</th><th scope="col">{{t.stl_reason}}</th></tr></thead><tbody>
        {{#rowList}}<tr><td data-label="{{t.stl_category}}">{{label}}</td><td data-label="{{t.stl_line}}" class="num">{{line}}</td>\
        <td data-label="RRN">{{rrn}}</td><td data-label="{{t.stl_bill}}">{{bill}}</td><td data-label="{{t.stl_invoice}}">{{invoice}}</td>\
        <td data-label="{{t.stl_expected}}" class="num">{{expected}}</td><td data-label="{{t.stl_bankAmount}}" class="num">{{settled}}</td>\
        <td data-label="{{t.stl_txTime}}">{{time}}</td><td data-label="{{t.zones}}">{{zone}}</td>\
        <td data-label="{{t.stl_reason}}"><small>{{reason}}</small></td></tr>{{/rowList}}
        </tbody></table>
        <nav class="pager" aria-label="{{t.stl_page}}">{{#prev}}<a href="{{prev}}#rows">{{t.stl_prevPage}}</a>{{/prev}}\
        <span>{{t.stl_page}} {{page}} {{t.stl_of}} {{pages}}</span>{{#next}}<a href="{{next}}#rows">{{t.stl_nextPage}}</a>{{/next}}</nav>{{/hasRows}}</section>
        <section class="card" aria-labelledby="dl-h"><h2 id="dl-h">{{t.stl_download}}</h2><ul>
        <li><a href="/console/settlements/{{id}}/report.csv" download>{{t.stl_csv}}</a></li>
        <li><a href="/console/settlements/{{id}}/report.json" download>{{t.stl_json}}</a></li>
        <li><a href="/console/settlements/{{id}}/report.html" lang="en">{{t.stl_html}}</a></li></ul>
        <p><a href="/console/settlements">{{t.settlements}}</a></p></section>
        """
}
