import Foundation

extension PrivateFile {
    /// Removes the temporary files an atomic write leaves when its process dies between creating
    /// one and renaming it (`kill -9`, a power cut): `.NAME.UUID.tmp` files in `directory` and the
    /// folders below it, last changed more than `age` before `now` (a write in progress in another
    /// process is never that old). They are 0600 in a 0700 folder, but one may hold a key that was
    /// never used (a receipt key rotation cut short). Answers the paths removed.
    @discardableResult
    public static func removeLeftovers(
        under directory: String, olderThan age: TimeInterval = 600, now: Date = Date()
    ) -> [String] {
        guard let names = FileManager.default.enumerator(atPath: directory) else { return [] }
        var removed: [String] = []
        for case let relative as String in names where isLeftoverName((relative as NSString).lastPathComponent) {
            let path = (directory as NSString).appendingPathComponent(relative)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                attributes[.type] as? FileAttributeType == .typeRegular,
                let changed = attributes[.modificationDate] as? Date, now.timeIntervalSince(changed) > age,
                unlink(path) == 0
            else { continue }
            removed.append(path)
        }
        return removed
    }

    /// Whether `name` is one ``writeAtomically(_:to:mode:)`` gives its temporary file: `.NAME.UUID.tmp`.
    static func isLeftoverName(_ name: String) -> Bool {
        guard name.hasPrefix("."), name.hasSuffix(".tmp") else { return false }
        let stem = name.dropLast(4)
        guard let dot = stem.lastIndex(of: "."), dot > stem.index(after: stem.startIndex) else { return false }
        return UUID(uuidString: String(stem[stem.index(after: dot)...])) != nil
    }
}
