extension LedgerReplay {
    /// Settlement files are applied and exceptions worked by finance or admin devices (or the
    /// server operator).
    func requireFinance(_ actor: LedgerActor?, _ what: String) throws {
        guard let device = try actingDevice(actor, what) else { return }
        guard device.role.canWorkExceptions else {
            throw broken("\(what) by device \(device.id), which has role \(device.role.rawValue)")
        }
    }

    /// Devices are enrolled and revoked by an admin device (or the server operator).
    func requireAdmin(_ actor: LedgerActor?, _ what: String) throws {
        guard let device = try actingDevice(actor, what) else { return }
        guard device.role == .admin else {
            throw broken("\(what) by device \(device.id), which has role \(device.role.rawValue), not admin")
        }
    }
}
