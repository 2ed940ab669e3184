/// The body of **Hari ini** (`/console`): the city day's figures.
enum ConsoleHomeTemplate {
    static let body = """
        <h1>{{t.home}} · {{date}}</h1>
        <div class="grid">{{#figures}}<div class="figure"><div class="muted">{{label}}</div>\
        <div class="n">{{count}}</div><div>{{amount}}</div></div>{{/figures}}</div>
        """
}
