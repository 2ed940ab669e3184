import Foundation
import HTTPTypes
import NIOCore
import NIOPosix

/// How `lunas serve` runs its Swift tasks.
public enum ServerRuntime {
    /// Makes the event loops of NIO's singleton group the executor of every Swift task, with
    /// `NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()`.
    ///
    /// A request's handler then runs on the event-loop thread that read it, instead of hopping to
    /// Swift's cooperative pool and back: fewer thread switches per request. Nothing in Lunas
    /// blocks a task for long, which this requires: SQLite work runs on GRDB's own queues, except
    /// the authenticator's device lookup (``Ledger/ImmediateDeviceLookup``), one indexed read of a
    /// table of a few rows that stays in the page cache. Call it first in `main`, before any task
    /// runs.
    ///
    /// The group gets one thread per core the process may run on (its CPU affinity, as `taskset`
    /// or systemd's `CPUAffinity=` set it), not per core of the machine: two loop threads on one
    /// allowed core only take turns and switch. `NIO_SINGLETON_GROUP_LOOP_COUNT` still overrides it.
    /// - Returns: whether it took effect.
    public static func runTasksOnEventLoops() -> Bool {
        if let allowed = allowedCoreCount(),
            ProcessInfo.processInfo.environment["NIO_SINGLETON_GROUP_LOOP_COUNT"] == nil
        {
            NIOSingletons.groupLoopCountSuggestion = allowed
        }
        return NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    /// How many cores this process may run on: the bits of `Cpus_allowed` in `/proc/self/status`
    /// (its `sched_getaffinity` mask), or nil where that file is missing or unreadable.
    public static func allowedCoreCount() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") })
        else { return nil }
        var count = 0
        for character in line.dropFirst("Cpus_allowed:".count)
        where character != "," && character != " "
            && character != "\t"
        {
            guard let nibble = character.hexDigitValue else { return nil }
            count += nibble.nonzeroBitCount
        }
        return count > 0 ? count : nil
    }
}

extension ServerRuntime {
    /// Checks that `host:port` can be bound, by binding it and closing it again, so a port in use
    /// is reported before anything is created under the data directory. Port 0 always can.
    /// - Throws: ``APIError`` `server.cannotListen` naming the host, the port and the reason.
    public static func checkCanListen(host: String, port: Int) async throws(APIError) {
        guard port != 0 else { return }
        do {
            let channel = try await ServerBootstrap(group: NIOSingletons.posixEventLoopGroup)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: host, port: port).get()
            try await channel.close()
        } catch {
            let reason: String =
                if let io = error as? IOError, io.errnoCode == EADDRINUSE { "the address is already in use" } else {
                    "\(error)"
                }
            throw APIError(
                .internalServerError, "server.cannotListen", "cannot listen on \(host):\(port): \(reason)",
                field: "http.port")
        }
    }
}
