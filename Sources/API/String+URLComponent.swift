import Foundation

extension String {
    /// The text percent-encoded for one URL component (a path segment or a query value): only RFC
    /// 3986's unreserved characters (letters, digits, `-._~`) stay as they are.
    var urlComponentEncoded: String {
        var unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        unreserved.insert(charactersIn: "-._~")
        return addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }
}
