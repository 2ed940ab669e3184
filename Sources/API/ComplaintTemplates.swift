/// The public complaint pages' Mustache templates (Indonesian, usable without JavaScript on a
/// cheap phone). Every `{{value}}` is HTML-escaped by swift-mustache.
enum ComplaintTemplates {
    static let form = """
        <h1>Sampaikan aduan</h1>
        <p>Aduan tentang parkir dan retribusi {{city}}. Kota menanggapi dalam {{ackDays}} hari kerja dan \
        menyelesaikan aduan dalam {{lightDays}} hari kerja (aduan berat: {{heavyDays}} hari kerja). <a href="/standar-pelayanan">Standar pelayanan</a>.</p>
        {{#error}}<div class="bad" role="alert"><p><strong>Aduan belum terkirim.</strong> {{error}}</p></div>{{/error}}
        <form method="post" action="/public/complaints" enctype="multipart/form-data">
        <input type="hidden" name="formToken" value="{{formToken}}">
        <fieldset><legend><strong>Apa yang terjadi?</strong> (wajib)</legend>
        {{#categories}}<p><label><input type="radio" name="category" value="{{value}}" required{{#checked}} checked{{/checked}}> \
        {{label}}</label></p>{{/categories}}</fieldset>
        <p><label for="receiptCode"><strong>Kode bukti atau kode karcis</strong> (bila ada)</label><br>
        <input id="receiptCode" name="receiptCode" maxlength="300" value="{{receiptCode}}" autocomplete="off" style="width:100%"></p>
        <p><label for="billNumber"><strong>Nomor tagihan</strong> (bila ada)</label><br>
        <input id="billNumber" name="billNumber" maxlength="25" value="{{billNumber}}" autocomplete="off" style="width:100%"></p>
        <p><small>Tanpa karcis, pilih kawasan dan isi nomor polisi serta perkiraan waktu.</small></p>
        <p><label for="zone"><strong>Kawasan</strong></label><br><select id="zone" name="zone" style="width:100%">
        <option value="">— pilih kawasan —</option>{{#zones}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/zones}}
        </select></p>
        <p><label for="plate"><strong>Nomor polisi</strong></label><br>
        <input id="plate" name="plate" maxlength="16" value="{{plate}}" autocomplete="off" style="width:100%"></p>
        <p><label for="occurredAt"><strong>Kapan</strong> ({{timeZone}})</label><br>
        <input id="occurredAt" name="occurredAt" type="datetime-local" value="{{occurredAt}}" style="width:100%"></p>
        <p><label for="description"><strong>Ceritakan kejadiannya</strong> (wajib, paling banyak 2.000 huruf)</label><br>
        <textarea id="description" name="description" required maxlength="2000" rows="6" style="width:100%">{{description}}</textarea></p>
        <p><label for="contact"><strong>Nomor HP atau e-mail</strong> (bila ingin dihubungi; tidak ditampilkan)</label><br>
        <input id="contact" name="contact" maxlength="120" value="{{contact}}" autocomplete="off" style="width:100%"></p>
        <p><label for="photo"><strong>Foto</strong> (JPEG atau PNG, paling besar 2 MB; data lokasi di foto dihapus)</label><br>
        <input id="photo" name="photo" type="file" accept="image/jpeg,image/png"></p>
        <p><button type="submit" style="padding:.5rem 1rem;font-size:1rem">Kirim aduan</button></p>
        </form>
        <p><small>Nama juru parkir dan data pribadi Anda tidak pernah ditampilkan kepada publik. Aduan yang tidak \
        selesai di sini dapat diteruskan ke {{referral}}.</small></p>
        """

    static let filed = """
        <h1>Aduan diterima</h1>
        <div class="ok"><p>Nomor aduan: <strong>{{number}}</strong><br>Kode akses: <strong>{{accessCode}}</strong></p>
        <p>Simpan nomor dan kode ini: hanya dengan keduanya Anda dapat melihat jawaban kota.</p></div>
        <p>Batas waktu penyelesaian: <strong>{{deadline}}</strong>.</p>
        <p><a href="{{statusPath}}">Lihat status aduan</a></p>
        """

    static let status = """
        <h1>Status aduan {{number}}</h1>
        <div class="{{box}}"><p><strong>{{statusText}}</strong></p>{{#outcomeText}}<p>{{outcomeText}}</p>{{/outcomeText}}
        {{#laporNumber}}<p>Nomor pelacakan SP4N-LAPOR!: <strong>{{laporNumber}}</strong></p>{{/laporNumber}}</div>
        <ul><li>Jenis: {{categoryText}}</li><li>Diterima: {{filedAt}}</li>
        <li>Batas waktu penyelesaian: {{deadline}}{{#late}} — <strong>terlambat</strong>{{/late}}{{#inTime}} — selesai tepat waktu{{/inTime}}</li>
        {{#zone}}<li>Kawasan: {{zone}}</li>{{/zone}}{{#amount}}<li>Karcis: {{amount}}, {{ticketTime}}</li>{{/amount}}</ul>
        <h2>Jawaban kota</h2>
        {{#answers}}<div class="warn"><p><small>{{at}}</small></p><p style="white-space:pre-wrap">{{message}}</p></div>{{/answers}}
        {{^answers}}<p>Belum ada jawaban.</p>{{/answers}}
        {{#outcomeNote}}<h2>Penyelesaian</h2><p><small>{{resolvedAt}}</small></p><p style="white-space:pre-wrap">{{outcomeNote}}</p>{{/outcomeNote}}
        <p><a href="/aduan">Sampaikan aduan lain</a> · <a href="/">Halaman utama</a></p>
        """

    static let notFound = """
        <h1>Aduan tidak ditemukan</h1><p>Nomor aduan atau kode akses tidak cocok. Periksa kembali keduanya.</p>
        <p><a href="/aduan">Sampaikan aduan</a> · <a href="/">Halaman utama</a></p>
        """

    static let limited = """
        <h1>Terlalu banyak aduan</h1><p>Dari alamat internet Anda sudah masuk {{limit}} aduan dalam satu jam terakhir. \
        Silakan coba lagi dalam {{minutes}} menit.</p><p><a href="/">Halaman utama</a></p>
        """
}
