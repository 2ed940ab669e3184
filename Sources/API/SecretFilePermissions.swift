import Acquirer
import Foundation
import HTTPTypes
import Ledger

/// Refuses secret files that other users of the machine may read: the receipt signing key and the
/// acquirer credential files a profile references (client secret, notify secret, private keys).
///
/// `lunas serve` checks them at start and exits 78 naming the file (`config.secretFileExposed`), as
/// `ssh` refuses a private key with mode 0644: a key that group or others can read may already have been
/// copied, and rotating it is the operator's decision, not something to discover later. Fix with
/// `chmod 600 FILE` (and rotate the secret if the machine has other users).
///
/// **Demo mode.** The keys under `demo-keys/` are committed to the repository and public by design (git
/// checks them out 0644); with `--demo` they are exempt. Without `--demo` a profile that reads them is
/// refused anyway (`config.demoOnly`). Public keys in a profile (`partnerPublicKey`,
/// `acquirerPublicKey`) are not secrets and are not checked.
public enum SecretFilePermissions {
    /// The error code of a secret file with group or other permission bits.
    public static let exposedCode = "config.secretFileExposed"

    /// Throws when group or others have any permission bit on `path` (a missing file passes: its reader
    /// reports that).
    /// - Parameter what: what the file is, for the message (`the receipt signing key`).
    /// - Throws: ``APIError`` `config.secretFileExposed` naming the file, its mode and the fix.
    public static func requirePrivate(_ path: String, what: String) throws {
        guard let exposed = PrivateFile.exposedBits(path), exposed != 0 else { return }
        let permissions = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber
        let mode = String((permissions?.intValue ?? Int(exposed)) & 0o777, radix: 8)
        throw APIError(
            .internalServerError, exposedCode,
            "\(path) (\(what)) has mode 0\(mode): group or others may read it; run chmod 600 \(path)"
                + " (and rotate the secret if another user could have copied it)",
            field: path)
    }

    /// The secret files (not public keys) `profile` reads, as resolved paths, each with its credential name.
    public static func secretFiles(of profile: AcquirerProfile) -> [(name: String, path: String)] {
        let credentials = profile.credentials
        let references: [(String, SecretReference?)] = [
            ("credentials.clientSecret", credentials.clientSecret),
            ("credentials.notifySecret", credentials.notifySecret),
            ("credentials.partnerPrivateKey", credentials.partnerPrivateKey),
            ("credentials.acquirerPrivateKey", credentials.acquirerPrivateKey),
        ]
        return references.compactMap { name, reference in
            guard case .file(let path) = reference else { return nil }
            let resolved = path.hasPrefix("/") || profile.directory == nil ? path : profile.directory! + "/" + path
            return (name, resolved)
        }
    }

    /// Checks every secret file of `profile` (files under `demo-keys/` are exempt in demo mode).
    /// - Throws: ``APIError`` `config.secretFileExposed` naming the profile, the credential and the file.
    public static func check(profile: AcquirerProfile, demo: Bool) throws {
        for (name, path) in secretFiles(of: profile) {
            if demo, path.split(separator: "/").contains("demo-keys") { continue }
            try requirePrivate(path, what: "\(name) of acquirer profile '\(profile.id)'")
        }
    }
}
