import Foundation
import HTTPTypes
import NIOCore

/// The proxies whose forwarding headers Lunas believes (`http.trustedProxies`), and the client
/// address of a request that follows from them.
///
/// TLS ends at nginx, so every request reaches Lunas from nginx's address. The login lockout and
/// the citizens' rate limits need the citizen's address: it is the last `X-Forwarded-For` entry
/// that is not itself a trusted proxy, and only when the connection comes from a trusted proxy
/// (anyone else could write the header).
public struct TrustedProxies: Sendable, Hashable {
    /// One CIDR block: an address and a prefix length, IPv4 or IPv6.
    public struct Block: Sendable, Hashable {
        /// The network's bytes (4 or 16).
        var network: [UInt8]
        /// The prefix length in bits.
        var prefix: Int

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == network.count else { return false }
            var bits = prefix
            for (index, byte) in network.enumerated() where bits > 0 {
                let mask: UInt8 = bits >= 8 ? 0xFF : ~(0xFF >> UInt8(bits))
                if address[index] & mask != byte & mask { return false }
                bits -= 8
            }
            return true
        }
    }

    /// The blocks, in the order given.
    public private(set) var blocks: [Block]

    /// No trusted proxy: forwarding headers are ignored.
    public static let none = TrustedProxies(blocks: [])

    init(blocks: [Block]) { self.blocks = blocks }

    /// Parses comma-separated CIDRs (`10.0.0.0/8, 127.0.0.1/32, ::1/128`; an address without `/n`
    /// is one host).
    /// - Throws: ``APIError`` `settings.invalid` naming the entry.
    public init(parsing text: String) throws {
        var blocks: [Block] = []
        for (index, entry) in text.split(separator: ",").enumerated() {
            let item = entry.trimmingCharacters(in: .whitespaces)
            if item.isEmpty { continue }
            let parts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2, let bytes = Self.addressBytes(String(parts[0])) else {
                throw APIError.badRequest(
                    "settings.invalid", "http.trustedProxies entry \(index + 1) \"\(item)\" is not an address or CIDR",
                    field: "http.trustedProxies")
            }
            let maximum = bytes.count * 8
            let prefix = parts.count == 2 ? Int(parts[1]) : maximum
            guard let prefix, (0...maximum).contains(prefix) else {
                throw APIError.badRequest(
                    "settings.invalid",
                    "http.trustedProxies entry \(index + 1) \"\(item)\" has a prefix outside 0–\(maximum)",
                    field: "http.trustedProxies")
            }
            blocks.append(Block(network: bytes, prefix: prefix))
        }
        self.blocks = blocks
    }

    /// Whether `address` (text) is in one of the blocks.
    public func contains(_ address: String) -> Bool {
        guard let bytes = Self.addressBytes(address) else { return false }
        return blocks.contains { $0.contains(bytes) }
    }

    /// The client address of a request that came on a connection from `peer` (its IP address text).
    public func clientAddress(peer: String?, headers: HTTPFields) -> String {
        guard let peer else { return "unknown" }
        guard contains(peer) else { return peer }
        let hops = headers[values: .xForwardedFor].joined(separator: ",").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() where !hop.isEmpty {
            guard Self.addressBytes(hop) != nil else { return peer }
            if !contains(hop) { return hop }
        }
        return peer
    }

    /// Whether a request from `peer` came over HTTPS at the proxy (`X-Forwarded-Proto: https`).
    public func forwardedHTTPS(peer: String?, headers: HTTPFields) -> Bool {
        guard let peer, contains(peer) else { return false }
        return headers[.xForwardedProto]?.lowercased() == "https"
    }

    /// The bytes of an IPv4 or IPv6 address in text, or nil.
    static func addressBytes(_ text: String) -> [UInt8]? {
        var text = text
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if let v4 = try? SocketAddress(ipAddress: text, port: 0) {
            switch v4 {
            case .v4(let address):
                return withUnsafeBytes(of: address.address.sin_addr.s_addr) { Array($0) }
            case .v6(let address):
                return withUnsafeBytes(of: address.address.sin6_addr) { Array($0) }
            default:
                return nil
            }
        }
        return nil
    }
}

extension HTTPField.Name {
    /// `X-Forwarded-For`.
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
    /// `X-Forwarded-Proto`.
    static let xForwardedProto = HTTPField.Name("X-Forwarded-Proto")!
}
