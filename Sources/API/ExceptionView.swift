import Foundation
import Ledger

/// `exception` in API responses: one exception as work (``ExceptionCase``).
struct ExceptionView: Codable, Sendable, Equatable {
    struct Actor: Codable, Sendable, Equatable {
        var device: String?
        var staff: String?

        init(_ actor: LedgerActor) {
            device = actor.device?.rawValue
            staff = actor.staff
        }
    }

    struct Settlement: Codable, Sendable, Equatable {
        var id: String
        var row: Int64
        var location: String
    }

    struct Resolution: Codable, Sendable, Equatable {
        var resolution: String
        var note: String
        var invoiceId: String?
        var duplicateOf: String?
        var by: Actor
        var at: String
    }

    var id: String
    var category: String
    var origin: String
    var state: String
    var amount: Int64?
    var invoiceId: String?
    var paymentId: String?
    var deviceId: String?
    var billNumber: String?
    var rrn: String?
    var issuer: String?
    var paidAt: String?
    var settlement: Settlement?
    var detail: String
    var openedAt: String
    var openedBy: Actor?
    var assignee: String?
    var assignedAt: String?
    var resolution: Resolution?

    init(_ exception: ExceptionCase) {
        id = exception.id.rawValue
        category = exception.category.rawValue
        origin = exception.origin.rawValue
        state = exception.state.rawValue
        amount = exception.amount?.value
        invoiceId = exception.invoiceID?.rawValue
        paymentId = exception.paymentID?.rawValue
        deviceId = exception.deviceID?.rawValue
        billNumber = exception.billNumber
        rrn = exception.rrn
        issuer = exception.issuer
        paidAt = exception.paidAt.map(APITime.text)
        settlement = exception.settlement.map {
            Settlement(id: $0.settlementID, row: $0.row, location: $0.location)
        }
        detail = exception.detail
        openedAt = APITime.text(exception.openedAt)
        openedBy = exception.openedBy.map(Actor.init)
        assignee = exception.assignee
        assignedAt = exception.assignedAt.map(APITime.text)
        resolution = exception.resolution.map {
            Resolution(
                resolution: $0.code.rawValue, note: $0.note, invoiceId: $0.invoiceID?.rawValue,
                duplicateOf: $0.duplicateOf?.rawValue, by: Actor($0.actor), at: APITime.text($0.at))
        }
    }
}

/// `settlement` application state in API responses (``SettlementApplication``).
struct SettlementApplicationView: Codable, Sendable, Equatable {
    var id: String
    var appliedRows: Int64
    var rowCount: Int64
    var settled: Int64
    var paymentsRecorded: Int64
    var exceptionsOpened: Int64
    /// Bank reversals the file recorded against their payments (`payment.reversed`).
    var reversalsRecorded: Int64
    var complete: Bool
    var completedAt: String?
    /// True when the file had been applied completely before this request: nothing changed.
    var alreadyApplied: Bool
    /// The older files of the re-send chain whose applications this request withdrew first.
    var withdrew: [String]

    init(_ application: SettlementApplication, alreadyApplied: Bool, withdrew: [String] = []) {
        self.withdrew = withdrew
        id = application.settlementID
        appliedRows = application.appliedRows
        rowCount = application.rowCount
        settled = application.settled
        paymentsRecorded = application.paymentsRecorded
        exceptionsOpened = application.exceptionsOpened
        reversalsRecorded = application.reversalsRecorded
        complete = application.isComplete
        completedAt = application.completedAt.map(APITime.text)
        self.alreadyApplied = alreadyApplied
    }
}
