import Crypto
import Foundation

/// What a citizen wrote and attached to a complaint, kept beside it but outside the event chain
/// (personal data: a contact, a photo, perhaps a name in the description). The chain holds its
/// ``digest``, so `ledger verify` still proves the stored words are the filed ones.
public struct ComplaintContent: Sendable, Hashable {
    /// The citizen's description (1–2,000 characters).
    public var description: String
    /// A phone number or e-mail address, if given (staff only; never on a public page).
    public var contact: String?
    /// The photo as stored: JPEG or PNG with its metadata segments removed.
    public var photo: Data?
    /// `image/jpeg` or `image/png` when there is a photo.
    public var photoType: String?

    /// Creates a value from its parts.
    public init(description: String, contact: String? = nil, photo: Data? = nil, photoType: String? = nil) {
        self.description = description
        self.contact = contact
        self.photo = photo
        self.photoType = photoType
    }

    /// Lower-case hex SHA-256 over the parts, each with its length first, so no two different
    /// contents share the bytes hashed.
    public var digest: String {
        var hasher = SHA256()
        for part in [Data(description.utf8), Data((contact ?? "").utf8), photo ?? Data(), Data((photoType ?? "").utf8)]
        {
            withUnsafeBytes(of: UInt64(part.count).bigEndian) { hasher.update(bufferPointer: $0) }
            hasher.update(data: part)
        }
        return hasher.finalize().ledgerHex
    }
}
