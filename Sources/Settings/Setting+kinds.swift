import Configuration
import Foundation

extension Setting {
    /// A text setting; an empty value is refused, and `check` may refuse others (it returns the
    /// problem, `"must be …, got …"`).
    /// - Parameter secret: a value never logged whole (a URL with a password).
    public static func text(
        _ key: String, environment: String, flag: String? = nil,
        _ path: any WritableKeyPath<Values, String> & Sendable, inConfigFile: Bool = true, secret: Bool = false,
        help: String = "", check: @escaping @Sendable (String) -> String? = { _ in nil }
    ) -> Setting {
        Setting(
            key: key, environmentVariable: environment, flag: flag, inConfigFile: inConfigFile, help: help,
            kind: .text,
            defaultValue: { ConfigValue(.string($0[keyPath: path]), isSecret: secret) },
            apply: { reader, values in
                let value = try reader.requiredString(forKey: ConfigKey(key), isSecret: secret)
                guard !value.trimmingCharacters(in: .whitespaces).isEmpty else { return "must not be empty" }
                if let problem = check(value) { return problem }
                values[keyPath: path] = value
                return nil
            })
    }

    /// An optional text setting, unset by default; an empty value (`ACQUIRER_URL=` in an environment
    /// file) leaves it unset. `read` checks the value and stores what it makes of it, returning
    /// the problem when it refuses it.
    public static func optionalText(
        _ key: String, environment: String, flag: String? = nil, inConfigFile: Bool = true, help: String = "",
        read: @escaping @Sendable (String, inout Values) -> String?
    ) -> Setting {
        Setting(
            key: key, environmentVariable: environment, flag: flag, inConfigFile: inConfigFile, help: help,
            kind: .text,
            defaultValue: { _ in nil },
            apply: { reader, values in
                guard let value = reader.string(forKey: ConfigKey(key)), !value.isEmpty else { return nil }
                return read(value, &values)
            })
    }

    /// An optional text setting stored as it is, after `check`.
    public static func optionalText(
        _ key: String, environment: String, flag: String? = nil,
        _ path: any WritableKeyPath<Values, String?> & Sendable, inConfigFile: Bool = true, help: String = "",
        check: @escaping @Sendable (String) -> String? = { _ in nil }
    ) -> Setting {
        optionalText(key, environment: environment, flag: flag, inConfigFile: inConfigFile, help: help) {
            value, values in
            if let problem = check(value) { return problem }
            values[keyPath: path] = value
            return nil
        }
    }

    /// A yes/no setting (`true` or `false`; a bare flag on the command line is `true`).
    public static func boolean(
        _ key: String, environment: String, flag: String? = nil,
        _ path: any WritableKeyPath<Values, Bool> & Sendable, inConfigFile: Bool = true, help: String = ""
    ) -> Setting {
        Setting(
            key: key, environmentVariable: environment, flag: flag, inConfigFile: inConfigFile, help: help,
            kind: .boolean,
            defaultValue: { ConfigValue(.bool($0[keyPath: path]), isSecret: false) },
            apply: { reader, values in
                values[keyPath: path] = try reader.requiredBool(forKey: ConfigKey(key))
                return nil
            })
    }

    /// A whole-number setting within `range` (stored as `Number`, which must hold every value of
    /// the range).
    public static func integer<Number: BinaryInteger & Sendable>(
        _ key: String, environment: String, flag: String? = nil,
        _ path: any WritableKeyPath<Values, Number> & Sendable, in range: ClosedRange<Int>, help: String = ""
    ) -> Setting {
        Setting(
            key: key, environmentVariable: environment, flag: flag, inConfigFile: true, help: help, kind: .integer,
            defaultValue: { values in
                Int(exactly: values[keyPath: path]).map { ConfigValue(.int($0), isSecret: false) }
            },
            apply: { reader, values in
                let value = try reader.requiredInt(forKey: ConfigKey(key))
                guard range.contains(value), let number = Number(exactly: value) else {
                    return "must be \(range.lowerBound)–\(range.upperBound), got \(value)"
                }
                values[keyPath: path] = number
                return nil
            })
    }

    /// A setting that takes one of the raw values of `Choice` (`log.level`: `trace` … `critical`).
    public static func choice<Choice: RawRepresentable & CaseIterable & Sendable>(
        _ key: String, environment: String, flag: String? = nil,
        _ path: any WritableKeyPath<Values, Choice> & Sendable, help: String = ""
    ) -> Setting where Choice.RawValue == String {
        Setting(
            key: key, environmentVariable: environment, flag: flag, inConfigFile: true, help: help, kind: .text,
            defaultValue: { ConfigValue(.string($0[keyPath: path].rawValue), isSecret: false) },
            apply: { reader, values in
                let text = try reader.requiredString(forKey: ConfigKey(key))
                guard let value = Choice(rawValue: text) else {
                    let names = Choice.allCases.map(\.rawValue).joined(separator: ", ")
                    return "must be one of \(names), got \"\(text)\""
                }
                values[keyPath: path] = value
                return nil
            })
    }
}
