import Foundation
import HummingbirdTesting
import Ledger
import LunasTestSupport
import Testing

/// Issue 12, item 10: the shipped nginx site (`deploy/nginx-lunas.conf`, run by the real nginx in front of a
/// live Lunas over loopback) lets a settlement file through up to the same 256 MiB Lunas accepts, and keeps
/// the small limit everywhere else. nginx is installed by `scripts/setup.sh --test`.
@Suite("nginx and Lunas agree on the upload limit")
struct NginxSettlementLimitTests {
    /// Nothing accepts connections on the port (yet).
    struct NotListening: Error { var port: Int }

    /// Sends `head` (request line and headers, without the blank line) and `body` over one connection and
    /// returns the response's status code and text.
    static func exchange(port: Int, head: String, body: Data) throws -> (status: Int, text: String) {
        guard case .success(let fd) = LoopbackPort.connect(port) else { throw NotListening(port: port) }
        defer { close(fd) }
        let request = Data((head + "\r\nConnection: close\r\n\r\n").utf8) + body
        var offset = 0
        while offset < request.count {
            let written = request.withUnsafeBytes {
                send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written <= 0 { break }  // nginx may answer (413) and close before the body is sent
            offset += written
        }
        var response = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            response.append(contentsOf: buffer[0..<count])
        }
        let text = String(decoding: response, as: UTF8.self)
        let status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
        return (status, text)
    }

    @Test(
        "a 21 MB settlement file passes nginx to Lunas, 2 MB to the console's upload form, 2.3 MB to the complaint form; 2 MB elsewhere and 256 MiB + 1 are refused by nginx"
    )
    func limitsAgree() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: NginxSite.nginx), "nginx is not installed")
        let fixture = try await SettlementDay.fixture()
        let directory = fixture.directory.appendingPathComponent("nginx")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let token = try #require(fixture.tokens[.finance])
        try await fixture.live { client in
            let upstream = try #require(client.port)
            let (nginx, port) = try await NginxSite.start(upstreams: [upstream], in: directory)
            defer { nginx.send(SIGTERM) }
            // 21 MB (over the 20 MB nginx allowed before): a malformed CSV, so Lunas itself answers 400.
            var body = Data((SettlementRefusalTests.header + "\nnot,a,settlement,row\n").utf8)
            body.append(Data(repeating: UInt8(ascii: "x"), count: 21 << 20))
            let large = try Self.exchange(
                port: port,
                head: "POST /api/v1/settlements?profile=lunas-generator HTTP/1.1\r\nHost: lunas.test\r\n"
                    + "Authorization: Bearer \(token)\r\nContent-Type: text/csv\r\nContent-Length: \(body.count)",
                body: body)
            #expect(large.status == 400, "\(large.text.prefix(300))")
            #expect(large.text.contains("\"code\":\"csv."), "Lunas read the file: \(large.text.prefix(300))")
            // One byte over the shared limit: nginx refuses from the Content-Length alone.
            let over = try Self.exchange(
                port: port,
                head: "POST /api/v1/settlements?profile=lunas-generator HTTP/1.1\r\nHost: lunas.test\r\n"
                    + "Authorization: Bearer \(token)\r\nContent-Type: text/csv\r\nContent-Length: \((256 << 20) + 1)",
                body: Data())
            #expect(over.status == 413, "\(over.text.prefix(300))")
            // Every other route keeps the small limit.
            let json = Data(repeating: UInt8(ascii: " "), count: 2 << 20)
            let other = try Self.exchange(
                port: port,
                head: "POST /api/v1/invoices HTTP/1.1\r\nHost: lunas.test\r\nAuthorization: Bearer \(token)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: \(json.count)",
                body: json)
            #expect(other.status == 413, "\(other.text.prefix(300))")
            // The console's upload form has the settlement limit too: 2 MB passes nginx to Lunas (which,
            // without a session, sends the browser to the sign-in page); 256 MiB + 1 does not.
            let form = Data(repeating: UInt8(ascii: "x"), count: 2 << 20)
            let console = try Self.exchange(
                port: port,
                head: "POST /console/settlements HTTP/1.1\r\nHost: lunas.test\r\n"
                    + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: \(form.count)",
                body: form)
            #expect(console.status == 303, "\(console.text.prefix(300))")
            #expect(console.text.contains("/console/login"), "\(console.text.prefix(300))")
            let consoleOver = try Self.exchange(
                port: port,
                head: "POST /console/settlements HTTP/1.1\r\nHost: lunas.test\r\n"
                    + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: \((256 << 20) + 1)",
                body: Data())
            #expect(consoleOver.status == 413, "\(consoleOver.text.prefix(300))")
            // A citizen's complaint with a 2 MB photo passes nginx to Lunas (this one is not a form Lunas
            // can read: Lunas's Indonesian form page again, 400, not 413 from nginx); 3 MiB + 1 does not.
            let complaint = Data(repeating: UInt8(ascii: "x"), count: (2 << 20) + 300_000)
            let filed = try Self.exchange(
                port: port,
                head: "POST /public/complaints HTTP/1.1\r\nHost: lunas.test\r\n"
                    + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: \(complaint.count)",
                body: complaint)
            #expect(
                filed.status == 400 && filed.text.contains("Formulir tidak terbaca"),
                "\(filed.status) \(filed.text.prefix(600))")
            let complaintOver = try Self.exchange(
                port: port,
                head: "POST /public/complaints HTTP/1.1\r\nHost: lunas.test\r\n"
                    + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: \((3 << 20) + 1)",
                body: Data())
            #expect(complaintOver.status == 413, "\(complaintOver.text.prefix(300))")
            let stopped = try await nginx.stop()
            #expect(stopped.succeeded, "\(stopped)")
        }
    }
}
