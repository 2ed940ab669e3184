import Synchronization

/// Rendered QR images by invoice and format, bounded in bytes, oldest evicted first.
///
/// An invoice's QRIS payload never changes once issued (a correction is a new invoice), so its
/// rendered image never changes either: serving the bytes rendered earlier is exact, not stale.
/// Only images of invoices that exist are stored (the route reads the invoice before rendering).
public final class RenderedImageCache: Sendable {
    /// An invoice id and an image format (`png`, `svg`, …).
    public struct Key: Hashable, Sendable {
        /// The invoice id.
        public var invoiceID: String
        /// The image format (`png`, `svg`, `escpos`, `text`).
        public var format: String

        /// Creates a key.
        public init(invoiceID: String, format: String) {
            self.invoiceID = invoiceID
            self.format = format
        }
    }

    private struct State {
        var images: [Key: [UInt8]] = [:]
        /// Keys in insertion order; `head` is the oldest still present.
        var order: [Key] = []
        var head = 0
        var bytes = 0
    }

    /// The most bytes held.
    public let capacity: Int
    private let state = Mutex(State())

    /// Creates an empty cache holding at most `capacity` bytes of images.
    public init(capacity: Int = 16 << 20) {
        self.capacity = capacity
    }

    /// The image rendered earlier, if it is still held.
    public func image(_ key: Key) -> [UInt8]? {
        state.withLock { $0.images[key] }
    }

    /// Keeps `image`, evicting the oldest images until it fits.
    public func store(_ image: [UInt8], for key: Key) {
        guard image.count <= capacity else { return }
        state.withLock { state in
            guard state.images[key] == nil else { return }
            while state.bytes + image.count > capacity, state.head < state.order.count {
                let oldest = state.order[state.head]
                state.head += 1
                state.bytes -= state.images.removeValue(forKey: oldest)?.count ?? 0
            }
            if state.head > 1024, state.head * 2 > state.order.count {
                state.order.removeFirst(state.head)
                state.head = 0
            }
            state.images[key] = image
            state.order.append(key)
            state.bytes += image.count
        }
    }

    /// How many images and bytes are held.
    public var usage: (images: Int, bytes: Int) {
        state.withLock { ($0.images.count, $0.bytes) }
    }
}
