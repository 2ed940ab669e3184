import Foundation

/// The one check of a URL that a person gives (an acquirer profile, a flag, a setting): an absolute
/// `http` or `https` URL with a host.
public enum HTTPURL {
    /// `text` as a URL when it is absolute `http` or `https` with a non-empty host; nil otherwise.
    public static func parse(_ text: String) -> URL? {
        guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https",
            let host = url.host, !host.isEmpty
        else { return nil }
        return url
    }
}
