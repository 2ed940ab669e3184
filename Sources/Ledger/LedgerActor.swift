/// Who made a state change: the acting device and, once staff sign in to the console, the staff
/// member. Every state-changing event written from this version on names its actor.
///
/// Both parts are optional: neither means the operator at the server itself (a `lunas` command
/// run on the host, or the server's own work such as expiry). Events written before actors were
/// recorded carry none (their facts hold `nil`), and still verify and replay.
public struct LedgerActor: Sendable, Hashable, CustomStringConvertible {
    /// The device whose credential made the request, if any.
    public var device: Device.ID?
    /// The staff member signed in on that device, if any (staff sign-in comes with the console;
    /// until then this stays nil).
    public var staff: String?

    /// Creates a value from its parts.
    public init(device: Device.ID?, staff: String? = nil) {
        self.device = device
        self.staff = staff
    }

    /// A device acting on its own.
    public static func device(_ id: Device.ID) -> LedgerActor { LedgerActor(device: id) }

    /// The operator at the server: a `lunas` command on the host, or the server itself.
    public static let serverOperator = LedgerActor(device: nil)

    /// `device X`, `device X (staff Y)` or `the server operator`.
    public var description: String {
        switch (device, staff) {
        case (let device?, let staff?): "device \(device) (staff \(staff))"
        case (let device?, nil): "device \(device)"
        case (nil, let staff?): "staff \(staff)"
        case (nil, nil): "the server operator"
        }
    }

    /// Checks that a device acting in an issuing request is the issuing device.
    /// - Throws: `input.invalidField` (field `actor.device`).
    func requireIssuer(_ issuer: Device.ID) throws {
        guard let device, device != issuer else { return }
        throw LedgerError(
            .invalidField, "actor.device \(device) is not the issuing device \(issuer)", field: "actor.device")
    }

    /// Checks the parts; throws the first problem with its field name.
    public func validate() throws {
        if let device { try LedgerValidation.deviceID(device, field: "actor.device") }
        if let staff { try LedgerValidation.token(staff, field: "actor.staff", maximum: 64) }
    }
}
