import Foundation

/// Copies test images to `$LUNAS_TEST_ARTIFACTS` when it is set, so a person can look at them.
enum Artifacts {
    static func keep(_ file: URL) {
        guard let directory = ProcessInfo.processInfo.environment["LUNAS_TEST_ARTIFACTS"] else { return }
        let target = URL(fileURLWithPath: directory).appendingPathComponent(file.lastPathComponent)
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: target)
        try? FileManager.default.copyItem(at: file, to: target)
    }
}
