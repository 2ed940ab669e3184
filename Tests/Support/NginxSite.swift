import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The repository's nginx site (`deploy/nginx-lunas.conf`) run by the real nginx on loopback in front
/// of one Lunas node (`deploy/nginx-lunas-upstream.conf`) or two (`deploy/nginx-lunas-upstream-nodes.conf`),
/// each upstream file pointed at the tests' ports. The site's TLS listener is served as plain HTTP on a
/// free port (its certificate is made on the spot), so tests reach it with any HTTP client. nginx is
/// installed by `scripts/setup.sh --test`.
public enum NginxSite {
    /// Where Debian installs nginx.
    public static let nginx = "/usr/sbin/nginx"

    /// Starts nginx with the site in `directory` (its configuration, logs and temporary files).
    /// - Parameter upstreams: the node ports: one, or two (the two-node upstream, in its order).
    /// - Returns: the process and the port the site listens on.
    public static func start(upstreams: [Int], in directory: URL) async throws -> (ChildProcess, Int) {
        let deploy = TestExecutable.repositoryRoot.appendingPathComponent("deploy")
        let port = try LoopbackPort.free()
        let redirect = try LoopbackPort.free()
        var site = try String(contentsOf: deploy.appendingPathComponent("nginx-lunas.conf"), encoding: .utf8)
        let key = directory.appendingPathComponent("key.pem").path
        let certificate = directory.appendingPathComponent("cert.pem").path
        let openssl = try await ChildProcess.run(
            TestExecutable.onPath("openssl"),
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "1",
                "-subj", "/CN=lunas.test",
            ])
        try #require(openssl.succeeded, "\(openssl)")
        // The shipped upstream, its example ports replaced by the tests' nodes.
        let (name, examples) =
            upstreams.count == 1
            ? ("nginx-lunas-upstream.conf", ["server 127.0.0.1:8080"])
            : ("nginx-lunas-upstream-nodes.conf", ["server 127.0.0.1:8081", "server 127.0.0.1:8082"])
        var upstream = try String(contentsOf: deploy.appendingPathComponent(name), encoding: .utf8)
        try #require(examples.count == upstreams.count, "\(upstreams.count) upstreams: the deploy files have 1 or 2")
        for (example, node) in zip(examples, upstreams) {
            #expect(upstream.contains(example + " ") || upstream.contains(example + ";"), "\(name) lost \(example)")
            upstream = upstream.replacingOccurrences(of: example, with: "server 127.0.0.1:\(node)")
        }
        let upstreamFile = directory.appendingPathComponent("upstream.conf")
        try Data(upstream.utf8).write(to: upstreamFile)
        for (from, to) in [
            ("/etc/nginx/lunas-upstream.conf", upstreamFile.path),
            ("listen 443 ssl http2;", "listen 127.0.0.1:\(port);"), ("listen [::]:443 ssl http2;", ""),
            ("listen 80;", "listen 127.0.0.1:\(redirect);"), ("listen [::]:80;", ""),
            ("/etc/ssl/lunas/fullchain.pem", certificate), ("/etc/ssl/lunas/privkey.pem", key),
        ] {
            #expect(site.contains(from), "the site no longer has \(from)")
            site = site.replacingOccurrences(of: from, with: to)
        }
        let temporary = directory.appendingPathComponent("temp").path
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        _ = chmod(temporary, 0o777)
        try Data(site.utf8).write(to: directory.appendingPathComponent("site.conf"))
        let main = """
            pid \(directory.path)/nginx.pid;
            error_log \(directory.path)/error.log;
            daemon off;
            events {}
            http {
                access_log off;
                client_body_temp_path \(temporary);
                proxy_temp_path \(temporary);
                include \(directory.path)/site.conf;
            }
            """
        try Data(main.utf8).write(to: directory.appendingPathComponent("nginx.conf"))
        let process = try ChildProcess.start(
            URL(fileURLWithPath: nginx),
            ["-p", directory.path, "-c", directory.appendingPathComponent("nginx.conf").path])
        let health = try #require(URL(string: "http://127.0.0.1:\(port)/healthz"))
        do {
            // A bound on a broken start, not a timing assertion.
            try await Condition.waitUntil("nginx answers /healthz", within: .seconds(30)) {
                guard process.isRunning else { return true }
                let answer = try? await URLSession.shared.data(from: health)
                return (answer?.1 as? HTTPURLResponse)?.statusCode == 200
            }
            if process.isRunning { return (process, port) }
        } catch {}
        let log = (try? String(contentsOf: directory.appendingPathComponent("error.log"), encoding: .utf8)) ?? ""
        process.send(SIGTERM)
        Issue.record("nginx did not start: \(log) \(process.printed)")
        throw CancellationError()
    }
}
