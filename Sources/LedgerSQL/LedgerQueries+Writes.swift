import Foundation
import Ledger

/// Checks a free-text reason (or reference) and the acting party of a change the way drafts check
/// their fields.
package enum LedgerValidationBridge {
    package static func text(_ value: String, field: String, actor: LedgerActor, maximum: Int = 500) throws {
        // Characters (Unicode scalars), as JSON Schema's maxLength counts them in /openapi.yaml.
        guard !value.isEmpty, value.unicodeScalars.count <= maximum, !value.utf8.contains(where: { $0 < 0x20 }) else {
            throw LedgerError(
                .invalidField, "\(field) must be 1–\(maximum) characters without control characters", field: field)
        }
        try actor.validate()
    }
}
