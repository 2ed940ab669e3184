import Foundation
import LunasTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A stopped server's port stays the test's (`E2EWorld.stopServer`): connections are refused and no
/// other socket gets it until it is released.
@Suite("LoopbackPort: a stopped server's port is held")
struct LoopbackPortTests {
    /// `connect` to 127.0.0.1:`port`: 0, or the errno.
    static func connectResult(_ port: Int) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == 0 ? 0 : errno
    }

    @Test("a held port refuses connections and cannot be bound again until released")
    func held() throws {
        let port = try LoopbackPort.free()
        let holder = try #require(LoopbackPort.hold(port))
        #expect(Self.connectResult(port) == ECONNREFUSED)
        #expect(LoopbackPort.hold(port) == nil)
        LoopbackPort.release(holder)
        let again = try #require(LoopbackPort.hold(port), "released, the port binds again")
        LoopbackPort.release(again)
    }
}
