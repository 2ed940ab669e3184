import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How ``ChildProcess`` starts a program: `posix_spawn(3)` with pipes for its output (and input).
///
/// Foundation's `Process.run()` lists `/proc/self/fd` in the parent to close every other descriptor,
/// and full test runs with about 1,400 descriptors open crashed inside it (a bad read in `memmove`,
/// 2026-12-06). Here every descriptor the runner makes is close-on-exec from birth (`pipe2`), the
/// child's standard streams are `dup2`ed into place by the spawn itself, and glibc closes every other
/// descriptor in the child (`posix_spawn_file_actions_addclosefrom_np`, glibc 2.34), so nothing in the
/// parent walks a descriptor table while other threads open and close theirs.
///
/// The child starts with no signal blocked and every signal at its default action: the tests' threads
/// block or ignore signals (SIGPIPE), and a `sleep` started from one would otherwise ignore SIGTERM.
struct ChildLaunch {
    let program: String
    let arguments: [String]
    let environment: [String: String]
    let directory: String?
    /// Whether the child's standard input is a pipe (else `/dev/null`).
    let feedsStandardInput: Bool

    /// A started child: its pid and the parent's ends of its pipes (the caller closes them).
    struct Launched {
        let pid: pid_t
        let standardOutput: Int32
        let standardError: Int32
        let standardInput: Int32?
    }

    /// The reason a spawn failed, from `errno`.
    struct SpawnError: Error, CustomStringConvertible {
        let step: String
        let code: Int32
        var description: String { "\(step): \(String(cString: strerror(code)))" }
    }

    func spawn() throws -> Launched {
        let output = try Self.pipe()
        let errors = try Self.pipe()
        let input = feedsStandardInput ? try Self.pipe() : nil
        var parentEnds = [output.read, errors.read] + (input.map { [$0.write] } ?? [])
        let childEnds = [output.write, errors.write] + (input.map { [$0.read] } ?? [])
        defer { childEnds.forEach { close($0) } }
        do {
            let pid = try start(standardInput: input?.read, standardOutput: output.write, standardError: errors.write)
            let launched = Launched(
                pid: pid, standardOutput: output.read, standardError: errors.read, standardInput: input?.write)
            parentEnds = []
            return launched
        } catch {
            parentEnds.forEach { close($0) }
            throw error
        }
    }

    private func start(standardInput: Int32?, standardOutput: Int32, standardError: Int32) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let standardInput {
            posix_spawn_file_actions_adddup2(&actions, standardInput, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, standardOutput, 1)
        posix_spawn_file_actions_adddup2(&actions, standardError, 2)
        if let closeFrom = Self.addCloseFrom {
            _ = closeFrom(&actions, 3)
        }
        if let directory {
            guard let addChangeDirectory = Self.addChangeDirectory else {
                throw SpawnError(step: "chdir to \(directory)", code: ENOSYS)
            }
            let code = addChangeDirectory(&actions, directory)
            if code != 0 { throw SpawnError(step: "chdir to \(directory)", code: code) }
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([program] + arguments).map { strdup($0) }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") }
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let code = (argv + [nil]).withUnsafeBufferPointer { arguments in
            (envp + [nil]).withUnsafeBufferPointer { variables in
                posix_spawn(&pid, program, &actions, &attributes, arguments.baseAddress!, variables.baseAddress!)
            }
        }
        if code != 0 { throw SpawnError(step: "posix_spawn \(program)", code: code) }
        return pid
    }

    private static func pipe() throws -> (read: Int32, write: Int32) {
        var ends: [Int32] = [0, 0]
        guard Glibc.pipe(&ends) == 0 else { throw SpawnError(step: "pipe", code: errno) }
        // Close-on-exec at once; a child spawned by another thread in between still loses the
        // descriptor through closefrom.
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return (ends[0], ends[1])
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34), which Swift's Glibc module does not
    /// import (a GNU extension); `nil` on a C library without it (the runner's own descriptors are
    /// close-on-exec regardless).
    private static let addCloseFrom = glibc(
        "posix_spawn_file_actions_addclosefrom_np",
        as: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)

    /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29), likewise not imported.
    private static let addChangeDirectory = glibc(
        "posix_spawn_file_actions_addchdir_np",
        as: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32).self)

    private static func glibc<Function>(_ name: String, as type: Function.Type) -> Function? {
        guard let symbol = dlsym(nil, name) else { return nil }
        return unsafeBitCast(symbol, to: type)
    }
}
