import Foundation

extension LedgerStore {
    /// The person who worked with a device at `date` (as its `device.enrolled` and
    /// `device.attendantChanged` events say), so that a ticket reprinted after the handheld changed
    /// hands still names who issued it; nil when none was recorded then.
    public func attendant(of id: Device.ID, at date: Date) async throws -> String? {
        var attendant: String?
        for event in try await events(entityID: id.rawValue) where event.at <= date {
            switch event.kind {
            case .deviceEnrolled, .deviceAttendantChanged:
                let fact = try LedgerFact.decode(
                    kind: event.kind, entityID: event.entityID, payload: try CanonicalJSON.parse(event.payload))
                if case .deviceEnrolled(let device, _, _) = fact { attendant = device.attendant }
                if case .deviceAttendantChanged(_, let name, _) = fact { attendant = name }
            default:
                continue
            }
        }
        return attendant
    }
}
