import Foundation
import Ledger

/// Enrolment: the credential, the device's signing key and the first bundle.
extension Handheld {
    /// `enroll --server URL --token TOKEN`: stores the credential (0600), generates the device's
    /// Ed25519 key pair (private key 0600 here, never sent), registers the public key once
    /// (`POST /api/v1/devices/me/key`), fetches the city's receipt key ring and downloads the
    /// signed offline bundle. Enrolling again with the same server and token repeats the steps
    /// that did not finish (the same key is registered again: 200).
    ///
    /// - Throws: ``HandheldError/Code/invalidArgument`` for plain http to another machine
    ///   (``isTrustedServer(_:)``), ``HandheldError/Code/alreadyEnrolled`` for another server or token,
    ///   ``HandheldError/Code/unreachable``, ``HandheldError/Code/refused`` (a bad token: 401).
    public func enroll(server: String, token: String) async throws -> HandheldOutput {
        let base = server.hasSuffix("/") ? String(server.dropLast()) : server
        guard Self.isTrustedServer(base) else {
            throw HandheldError(
                .invalidArgument,
                "\(base) is plain http to another machine: anyone on the way could read the device's token and "
                    + "hand this handheld a forged offline bundle; enrol with the server's https address",
                indonesian: "\(base) memakai http biasa ke mesin lain: token perangkat dapat dibaca orang lain; "
                    + "daftarkan dengan alamat https server",
                field: "--server")
        }
        if let known = try await queue.meta(.server), let knownToken = try state.readSecret(state.tokenPath),
            known != base || knownToken != token
        {
            throw HandheldError(
                .alreadyEnrolled, "this state directory is already enrolled with \(known); use another --state-dir",
                indonesian: "Folder data ini sudah terdaftar di \(known); gunakan --state-dir lain")
        }
        let client = ServerClient(baseURL: base, token: token)
        let key = try signingKey()
        do {
            let answer = try await client.send(
                .POST, "/api/v1/devices/me/key", json: ["publicKey": key.publicKey.base64])
            // A server without offline issuance (404) enrols the handheld online only.
            guard answer.isSuccess || answer.status == 404 else {
                throw refusal(answer, doing: "the enrolment", "pendaftaran perangkat")
            }
            // Only a token the server accepted is kept.
            try state.writeSecret(token, to: state.tokenPath)
            var meta: [MetaKey: String?] = [.server: base, .publicKey: key.publicKey.base64]
            if answer.isSuccess { meta[.keyRegistered] = "1" }
            if let device = answer.json?["device"] as? [String: Any] {
                if let id = device["id"] as? String { meta[.deviceID] = id }
                if let code = device["code"] as? String { meta[.deviceCode] = code }
            }
            try await queue.setMeta(meta)
            // The bundle's download fetches the city's key ring with it (``refreshBundle(_:)``).
            if answer.isSuccess { _ = try await refreshBundle(client) }
            try await markOnline()
        } catch let unreachable as ServerClient.Unreachable {
            throw HandheldError(
                .unreachable, "cannot enrol: \(unreachable)",
                indonesian: "Tidak dapat mendaftar: server tidak menjawab dalam 2 detik", cause: unreachable)
        }
        let device = try await queue.meta(.deviceID) ?? "-"
        let code = try await queue.meta(.deviceCode) ?? "-"
        let attendant = try await queue.meta(.attendant)
        let offline = try await queue.meta(.bundle) != nil
        return HandheldOutput(
            lines: [
                say("Perangkat terdaftar: ", "Handheld enrolled: ") + "\(device) (\(code))",
                say("Server: ", "Server: ") + base,
                offline
                    ? say(
                        "Paket luring tersimpan; kunci perangkat terdaftar.",
                        "Offline bundle stored; device key registered.")
                    : say(
                        "Server tanpa penerbitan luring: perangkat hanya bekerja daring.",
                        "The server offers no offline issuance: this handheld works online only."),
            ],
            json: [
                "deviceId": .string(device), "deviceCode": .string(code), "server": .string(base),
                "publicKey": .string(key.publicKey.base64), "attendant": attendant.map(CanonicalJSON.string) ?? .null,
                "offline": .bool(offline),
            ])
    }

    /// The device's signing key, generated (and stored 0600) the first time.
    func signingKey() throws -> DeviceSigningKey {
        if let stored = try state.readSecret(state.keyPath) {
            do {
                return try DeviceSigningKey(base64: stored)
            } catch {
                throw HandheldError(
                    .state, "the device key file \(state.keyPath) is damaged",
                    indonesian: "Berkas kunci perangkat \(state.keyPath) rusak")
            }
        }
        let key = DeviceSigningKey.generate()
        try state.writeSecret(key.base64, to: state.keyPath)
        return key
    }

    /// The city's receipt key ring as JSON (`/.well-known/lunas-receipt-keys.json`, else
    /// `/public/receipt-keys`), checked to parse.
    func keyRing(_ client: ServerClient) async throws -> String {
        for path in ["/.well-known/lunas-receipt-keys.json", "/public/receipt-keys"] {
            let answer = try await client.send(.GET, path)
            guard answer.isSuccess, (try? JSONDecoder().decode(ReceiptKeyRing.self, from: Data(answer.body))) != nil
            else { continue }
            return String(decoding: answer.body, as: UTF8.self)
        }
        throw HandheldError(
            .badAnswer, "the server publishes no receipt key ring",
            indonesian: "Server tidak menerbitkan kunci kuitansi")
    }
}
