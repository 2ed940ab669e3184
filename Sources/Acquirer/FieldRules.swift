/// Length and character checks for SNAP fields, each failing with an error that names the field.
package enum FieldRules {
    /// Checks that `value` is 1...`maxLength` characters of ASCII letters and digits.
    package static func alphanumeric(_ value: String, field: String, maxLength: Int) throws(AcquirerError) {
        try length(value, field: field, maxLength: maxLength)
        guard
            value.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) })
        else {
            throw AcquirerError(.invalidField, "\(field) must be letters and digits only, got '\(value)'", field: field)
        }
    }

    /// Checks that `value` is 1...`maxLength` ASCII digits.
    package static func numeric(_ value: String, field: String, maxLength: Int) throws(AcquirerError) {
        try length(value, field: field, maxLength: maxLength)
        guard value.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else {
            throw AcquirerError(.invalidField, "\(field) must be digits only, got '\(value)'", field: field)
        }
    }

    /// Checks that `value` is non-empty and at most `maxLength` characters.
    package static func length(_ value: String, field: String, maxLength: Int) throws(AcquirerError) {
        guard !value.isEmpty else {
            throw AcquirerError(.missingField, "\(field) is empty", field: field)
        }
        guard value.count <= maxLength else {
            throw AcquirerError(
                .invalidField, "\(field) is \(value.count) characters, at most \(maxLength) allowed", field: field)
        }
    }
}
