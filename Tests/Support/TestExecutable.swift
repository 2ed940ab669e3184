import Foundation

/// Where the programs the tests run live: the built `lunas` binary and tools on `PATH`. A missing
/// program is a test failure naming how to get it, never a skip.
public enum TestExecutable {
    /// `lunas` was not built, or a tool is not installed.
    public struct Missing: Error, CustomStringConvertible {
        /// What is missing and how to get it.
        public var description: String
    }

    /// The repository's root folder (this file is `Tests/Support/TestExecutable.swift`).
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// The built `lunas` executable: `LUNAS_BINARY` when set, else next to the test bundle
    /// (`.build/<triple>/debug/lunas`), else `.build/debug/lunas` under the repository.
    /// - Throws: ``Missing`` naming the places looked at.
    public static func lunas() throws -> URL {
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["LUNAS_BINARY"] {
            candidates.append(URL(fileURLWithPath: override))
        }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(runner.deletingLastPathComponent().appendingPathComponent("lunas"))
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("lunas"))
            candidates.append(
                executable.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lunas"))
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("lunas"))
        candidates.append(repositoryRoot.appendingPathComponent(".build/debug/lunas"))
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        throw Missing(
            description: "the lunas binary was not found (looked at \(candidates.map(\.path))); "
                + "build it with `swift build --build-tests` first")
    }

    /// `program` found on `PATH`.
    /// - Throws: ``Missing`` saying that `scripts/setup.sh --test` installs the test tools.
    public static func onPath(_ program: String) throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(program)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw Missing(description: "\(program) is not installed (a real test oracle); run scripts/setup.sh --test")
    }
}
