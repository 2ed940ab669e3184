import NIOCore
import NIOPosix

/// How `lunas serve` runs its Swift tasks.
public enum ServerRuntime {
    /// Makes the event loops of NIO's singleton group (one thread per core the process may use)
    /// the executor of every Swift task, with
    /// `NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()`.
    ///
    /// A request's handler then runs on the event-loop thread that read it, instead of hopping to
    /// Swift's cooperative pool and back: fewer thread switches per request. Nothing in Lunas
    /// blocks a task (SQLite work runs on GRDB's own queues), which this requires. Call it first in
    /// `main`, before any task runs.
    /// - Returns: whether it took effect.
    public static func runTasksOnEventLoops() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
