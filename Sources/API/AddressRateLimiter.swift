import Foundation
import Synchronization

/// Counts requests per client address in a sliding hour and says when one address has had its
/// share (the public complaint form: `complaints.perAddressPerHour`).
///
/// Memory is bounded: at most ``maximumAddresses`` addresses are tracked; when full, addresses
/// whose hour has passed are dropped first, and a flood of new addresses beyond that is refused
/// rather than letting the table grow.
final class AddressRateLimiter: Sendable {
    static let maximumAddresses = 50_000
    private let state = Mutex<[String: [Date]]>([:])

    /// Records one request from `address` at `now` and returns nil, or, when the address already made
    /// `limit` requests in the past hour, records nothing and returns the seconds until it may again.
    func admit(_ address: String, limit: Int, now: Date) -> Int? {
        state.withLock { table in
            let hourAgo = now.addingTimeInterval(-3600)
            var times = (table[address] ?? []).filter { $0 > hourAgo }
            if times.count >= limit {
                table[address] = times
                return max(1, Int((times[0].timeIntervalSince(hourAgo)).rounded(.up)))
            }
            if table[address] == nil, table.count >= Self.maximumAddresses {
                table = table.filter { $0.value.contains { $0 > hourAgo } }
                if table.count >= Self.maximumAddresses { return 60 }
            }
            times.append(now)
            table[address] = times
            return nil
        }
    }
}
