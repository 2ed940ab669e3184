import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Loopback ports for the servers a test starts as child processes.
public enum LoopbackPort {
    /// The kernel would not give a port.
    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    /// A free loopback port: bound to port 0, read back, released.
    public static func free() throws -> Int {
        let (fd, address) = try bound(0)
        defer { close(fd) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Keeps `port` from every other socket while a test's server is down, so that its clients are
    /// refused (as they would be by a machine whose server stopped) and not answered by another
    /// test's server that the kernel gave the freed port to. The socket is bound without
    /// `SO_REUSEADDR` and never listens: connections get a reset, and the kernel picks the port for
    /// no one else. Release it (``release(_:)``) just before the server starts on the port again.
    /// - Returns: the holding descriptor, or nil when the port could not be bound (a connection of
    ///   the stopped server still in `TIME_WAIT`): then the port is unguarded, as without this.
    public static func hold(_ port: Int) -> Int32? {
        guard let port = UInt16(exactly: port), let (fd, _) = try? bound(port) else { return nil }
        return fd
    }

    /// Gives back a port held by ``hold(_:)``.
    public static func release(_ descriptor: Int32?) {
        if let descriptor { close(descriptor) }
    }

    /// A TCP connection to 127.0.0.1:`port`: its descriptor, or the `errno` of the refusal
    /// (`ECONNREFUSED`: nothing listens there).
    public static func connect(_ port: Int) -> Result<Int32, Refused> {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return .failure(Refused(port: port, errno: errno)) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(truncatingIfNeeded: port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            close(fd)
            return .failure(Refused(port: port, errno: code))
        }
        return .success(fd)
    }

    /// A connection that could not be made.
    public struct Refused: Error, CustomStringConvertible {
        public var port: Int
        public var errno: Int32
        public var description: String { "cannot connect to 127.0.0.1:\(port): errno \(errno)" }
    }

    /// A socket bound to 127.0.0.1:`port` (0: any free port), and its address as bound.
    private static func bound(_ port: UInt16) throws -> (Int32, sockaddr_in) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Unavailable(description: "socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else {
            let code = errno
            close(fd)
            throw Unavailable(description: "bind(127.0.0.1:\(port)) failed: errno \(code)")
        }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            let code = errno
            close(fd)
            throw Unavailable(description: "getsockname failed: errno \(code)")
        }
        return (fd, address)
    }
}
