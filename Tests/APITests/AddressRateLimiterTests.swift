import Foundation
import Testing

@testable import API

/// The complaint form's per-address limit: an address's share per hour, IPv6 by /64, and a table
/// that a flood of new addresses cannot fill against citizens who have filed nothing.
@Suite("Per-address rate limit")
struct AddressRateLimiterTests {
    let start = Date(timeIntervalSince1970: 1_795_482_000)

    @Test("an address gets `limit` a sliding hour; an IPv6 /64 is one address")
    func limitAndIPv6() {
        let limiter = AddressRateLimiter()
        #expect(limiter.admit("10.0.0.1", limit: 2, now: start) == nil)
        #expect(limiter.admit("10.0.0.1", limit: 2, now: start.addingTimeInterval(60)) == nil)
        #expect(limiter.admit("10.0.0.1", limit: 2, now: start.addingTimeInterval(120)) == 3480)
        #expect(limiter.admit("10.0.0.2", limit: 2, now: start.addingTimeInterval(120)) == nil)
        #expect(limiter.admit("10.0.0.1", limit: 2, now: start.addingTimeInterval(3601)) == nil)
        #expect(limiter.admit("2001:db8:1:2::1", limit: 1, now: start) == nil)
        #expect(limiter.admit("2001:db8:1:2:ffff::9", limit: 1, now: start) != nil)
        #expect(limiter.admit("2001:db8:1:3::1", limit: 1, now: start) == nil)
    }

    @Test("a flood of new addresses past the table's size never refuses a newcomer")
    func floodDoesNotLockOut() {
        let limiter = AddressRateLimiter(capacity: 1000)
        for index in 0..<5000 {
            #expect(limiter.admit("10.1.\(index / 256).\(index % 256)", limit: 20, now: start) == nil)
        }
        #expect(limiter.admit("192.0.2.7", limit: 20, now: start) == nil)
    }
}
