import Foundation
import LunasTestSupport
import Testing

/// Key files made for a test with the real `openssl`, as an operator would make them: a production
/// profile in a test must not use the committed demo keys, which `lunas serve` refuses without
/// `--demo` wherever they are copied.
enum FreshKeys {
    /// Writes a new 2048-bit RSA key pair as PEM files (private key mode 0600).
    static func rsaPair(privateKey: URL, publicKey: URL) async throws {
        for arguments in [
            ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", privateKey.path],
            ["pkey", "-in", privateKey.path, "-pubout", "-out", publicKey.path],
        ] {
            let openssl = try await ChildProcess.run(TestExecutable.onPath("openssl"), arguments)
            try #require(openssl.succeeded, "\(openssl)")
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: privateKey.path)
    }
}
