import Dispatch
import Foundation
import LunasTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A blocking TCP client on 127.0.0.1; its waits run on a Dispatch thread, never the task pool.
final class RawConnection: Sendable {
    let descriptor: Int32

    init(port: Int) throws {
        descriptor = try LoopbackPort.connect(port).get()
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        try #require(sent == bytes.count, "send failed: errno \(errno)")
    }

    func close() { _ = Glibc.close(descriptor) }

    /// Reads until the peer closes or `guardSeconds` pass; true when it closed.
    func waitForClose(guardSeconds: Int) async -> Bool {
        await waitForCloseInstant(guardSeconds: guardSeconds) != nil
    }

    /// The instant the peer closed the connection, or nil when it did not within `guardSeconds`.
    func waitForCloseInstant(guardSeconds: Int) async -> ContinuousClock.Instant? {
        await blocking { [descriptor] in
            let deadline = ContinuousClock.now + .seconds(guardSeconds)
            var buffer = [UInt8](repeating: 0, count: 4096)
            while ContinuousClock.now < deadline {
                var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                guard poll(&poller, 1, 200) > 0 else { continue }
                let count = recv(descriptor, &buffer, buffer.count, 0)
                if count <= 0 { return ContinuousClock.now }
            }
            return nil
        }
    }

    /// The first bytes received (up to the end of a short response), or "" after `guardSeconds`.
    func receive(guardSeconds: Int) async -> String {
        await receiveInstant(guardSeconds: guardSeconds).text
    }

    /// Everything received until `complete` holds for it, the peer closes, or `guardSeconds` pass
    /// (a guard, not a measure): for a response that arrives in parts, such as an event stream.
    func receive(until complete: @escaping @Sendable (String) -> Bool, guardSeconds: Int) async -> String {
        await blocking { [descriptor] in
            let deadline = ContinuousClock.now + .seconds(guardSeconds)
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            while ContinuousClock.now < deadline, !complete(String(decoding: received, as: UTF8.self)) {
                guard poll(&poller, 1, 200) > 0 else { continue }
                let count = recv(descriptor, &buffer, buffer.count, 0)
                guard count > 0 else { break }
                received += buffer[0..<count]
            }
            return String(decoding: received, as: UTF8.self)
        }
    }

    /// The response head and the instant its first bytes arrived.
    func receiveInstant(guardSeconds: Int) async -> (text: String, at: ContinuousClock.Instant?) {
        await blocking { [descriptor] in
            let deadline = ContinuousClock.now + .seconds(guardSeconds)
            var buffer = [UInt8](repeating: 0, count: 4096)
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            while ContinuousClock.now < deadline {
                guard poll(&poller, 1, 200) > 0 else { continue }
                let at = ContinuousClock.now
                let count = recv(descriptor, &buffer, buffer.count, 0)
                guard count > 0 else { return ("", nil) }
                return (String(decoding: buffer[0..<count], as: UTF8.self), at)
            }
            return ("", nil)
        }
    }

    private func blocking<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
    }
}
