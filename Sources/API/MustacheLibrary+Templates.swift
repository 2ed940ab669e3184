import Mustache

extension MustacheLibrary {
    /// A library of the given (name, template) pairs; a template that does not parse is a
    /// programming error (every page is rendered by the tests).
    static func parsing(_ templates: [(String, String)]) -> MustacheLibrary {
        var library = MustacheLibrary()
        for (name, text) in templates {
            do { try library.register(text, named: name) } catch { preconditionFailure("template \(name): \(error)") }
        }
        return library
    }
}
