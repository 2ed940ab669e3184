import Foundation
import LunasTestSupport
import Testing

#if canImport(Glibc)
    import Glibc  // ECONNREFUSED
#endif

/// A stopped server's port stays the test's (`E2EWorld.stopServer`): connections are refused and no
/// other socket gets it until it is released.
@Suite("LoopbackPort: a stopped server's port is held")
struct LoopbackPortTests {
    @Test("a held port refuses connections and cannot be bound again until released")
    func held() throws {
        let port = try LoopbackPort.free()
        let holder = try #require(LoopbackPort.hold(port))
        guard case .failure(let refused) = LoopbackPort.connect(port) else {
            Issue.record("a held port accepted a connection")
            return
        }
        #expect(refused.errno == ECONNREFUSED)
        #expect(LoopbackPort.hold(port) == nil)
        LoopbackPort.release(holder)
        let again = try #require(LoopbackPort.hold(port), "released, the port binds again")
        LoopbackPort.release(again)
    }
}
