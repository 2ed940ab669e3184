import Foundation
import Ledger
import Synchronization

/// Counts requests per client address in a sliding hour and says when one address has had its
/// share (the public complaint form: `complaints.perAddressPerHour`).
///
/// An IPv6 client is counted by its /64 (one subscriber's network: a host picks any address in it),
/// an IPv4 client by its address. Memory is bounded: at most ``maximumAddresses`` are tracked;
/// when the table is full the address seen first is forgotten, so a flood of new addresses can
/// never lock out a citizen who has filed nothing (it can only let the flooder's own addresses start
/// again, which fresh addresses would give it anyway).
final class AddressRateLimiter: Sendable {
    static let maximumAddresses = 50_000

    private struct State {
        var times: [String: [Date]] = [:]
        /// Addresses in the order they entered the table (entries of forgotten addresses are
        /// skipped when reached); `head` is the oldest still to look at.
        var order: [String] = []
        var head = 0
    }

    private let state = Mutex(State())
    private let capacity: Int

    init(capacity: Int = AddressRateLimiter.maximumAddresses) {
        self.capacity = capacity
    }

    /// The key `address` is counted under: an IPv6 address's /64, otherwise the address.
    static func key(_ address: String) -> String {
        guard let bytes = TrustedProxies.addressBytes(address), bytes.count == 16 else { return address }
        return bytes[0..<8].ledgerHex + "/64"
    }

    /// Records one request from `address` at `now` and returns nil, or, when the address already made
    /// `limit` requests in the past hour, records nothing and returns the seconds until it may again.
    func admit(_ address: String, limit: Int, now: Date) -> Int? {
        let key = Self.key(address)
        return state.withLock { state in
            let hourAgo = now.addingTimeInterval(-3600)
            var times = (state.times[key] ?? []).filter { $0 > hourAgo }
            if times.count >= limit {
                state.times[key] = times
                return max(1, Int((times[0].timeIntervalSince(hourAgo)).rounded(.up)))
            }
            if state.times[key] == nil {
                while state.times.count >= capacity, state.head < state.order.count {
                    state.times[state.order[state.head]] = nil
                    state.head += 1
                }
                if state.head > capacity {  // compact the order now and then
                    state.order.removeFirst(state.head)
                    state.head = 0
                }
                state.order.append(key)
            }
            times.append(now)
            state.times[key] = times
            return nil
        }
    }
}
