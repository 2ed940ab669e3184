/// Lets one task at a time through a section of async code, in arrival order.
///
/// Settlement uploads go through one at a time: a day's file can hold a million rows (about half a
/// gigabyte while it is matched), and the corrected re-send check must see every earlier import.
actor SerialGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Runs `body` once every earlier caller has finished.
    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            busy = true
        }
        defer {
            if waiting.isEmpty {
                busy = false
            } else {
                waiting.removeFirst().resume()  // the section passes straight to the next caller
            }
        }
        return try await body()
    }
}
