import Ledger

/// An amount as a bank statement writes it: a decimal with its own number of fraction digits.
public struct StatementAmount: Sendable, Hashable, CustomStringConvertible {
    /// The value times 10^``scale`` (`18.150` is 18150 with scale 3). Never negative; the sign is the
    /// credit/debit indicator.
    public var units: Int64
    /// Digits after the decimal mark.
    public var scale: Int

    public init(units: Int64, scale: Int) {
        self.units = units
        self.scale = scale
    }

    /// The value in minor units with `exponent` fraction digits (2 for EUR), or nil if that loses
    /// non-zero digits.
    public func minorUnits(exponent: Int) -> Int64? {
        var value = units
        var s = scale
        while s > exponent {
            guard value % 10 == 0 else { return nil }
            value /= 10
            s -= 1
        }
        while s < exponent {
            let (product, overflow) = value.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            value = product
            s += 1
        }
        return value
    }

    public var description: String {
        guard scale > 0 else { return String(units) }
        let digits = CivilDate.pad(Int(units), scale + 1)
        return String(digits.dropLast(scale)) + "." + String(digits.suffix(scale))
    }

    /// Parses `123.45` (or with a comma when `comma`): at most 15 integer, 6 fraction and 18 digits in all.
    static func parse(_ text: Substring, comma: Bool) -> StatementAmount? {
        let mark: Character = comma ? "," : "."
        var units: Int64 = 0
        var scale = 0
        var seenMark = false
        var digits = 0
        for c in text {
            if c == mark, !seenMark {
                seenMark = true
                continue
            }
            guard let d = c.wholeNumberValue, c.isASCII, digits < 18 else { return nil }
            units = units * 10 + Int64(d)
            digits += 1
            if seenMark { scale += 1 }
            if digits - scale > 15 || scale > 6 { return nil }
        }
        guard digits > 0, !(seenMark && text.first == mark) || comma else { return nil }
        return StatementAmount(units: units, scale: scale)
    }
}

/// A bank statement or notification (camt.053, camt.054, MT940): the credits the bank booked.
public struct BankStatement: Sendable, Hashable {
    /// The message kind.
    public enum Kind: String, Sendable, Hashable {
        case camt053 = "camt.053"
        case camt054 = "camt.054"
        case mt940
    }

    /// A balance line (camt `Bal`, MT940 `:60F:`/`:62F:`...).
    public struct Balance: Sendable, Hashable {
        /// camt `Tp/CdOrPrtry/Cd` (`OPBD`, `CLBD`, ...) or the MT940 tag (`60F`, `62F`, `64`, `65`).
        public var type: String
        public var amount: StatementAmount
        public var currency: String
        public var isCredit: Bool
        public var date: CivilDate?
    }

    /// One booked entry (camt `Ntry`, MT940 `:61:` with its `:86:`).
    public struct Entry: Sendable, Hashable {
        /// Line in the file where the entry starts.
        public var line: Int
        public var amount: StatementAmount
        public var currency: String
        /// CRDT (C, RC) or DBIT (D, RD).
        public var isCredit: Bool
        /// camt `RvslInd` true, or MT940 `RC`/`RD`.
        public var isReversal: Bool
        /// camt `Sts` (`BOOK`, `PDNG`, `INFO`).
        public var status: String?
        public var bookingDate: CivilDate?
        public var valueDate: CivilDate?
        /// camt `AcctSvcrRef`, or MT940 bank reference (after `//`).
        public var accountServicerReference: String?
        /// camt `NtryRef`, or MT940 reference for the account owner.
        public var reference: String?
        /// camt `TxDtls/Refs/EndToEndId` of the first transaction.
        public var endToEndID: String?
        /// camt `RmtInf/Ustrd` lines.
        public var remittance: [String] = []
        /// camt `RmtInf/Strd/CdtrRefInf/Ref`.
        public var creditorReference: String?
        /// camt `AddtlNtryInf`, or the MT940 `:86:` narrative (lines joined).
        public var additionalInfo: String?
        /// camt bank transaction code (`Domn/Cd/Fmly/SubFmlyCd` joined with `/`, or `Prtry/Cd`), MT940 `N`+3.
        public var transactionCode: String?
        /// camt `Btch/NbOfTxs` / MT940: number of transactions in a batched credit, if stated.
        public var batchTransactionCount: Int?
    }

    /// One statement (camt `Stmt`/`Ntfctn`, or one MT940 message).
    public struct Statement: Sendable, Hashable {
        public var id: String
        /// IBAN or other account id (`:25:`).
        public var account: String?
        public var currency: String?
        /// `ElctrncSeqNb`, or MT940 `:28C:` (gap detection).
        public var sequenceNumber: String?
        public var balances: [Balance] = []
        public var entries: [Entry] = []
    }

    public var kind: Kind
    /// camt `GrpHdr/MsgId`; MT940 `:20:` of the first message.
    public var messageID: String?
    /// camt message version (`053.001.02` → 2); nil for MT940.
    public var version: Int?
    public var statements: [Statement]

    /// The date the statement closes on: the latest date of a closing booked balance (camt `CLBD`,
    /// MT940 `:62F:`), which is the settlement (booking) date of a daily settlement statement; nil when
    /// the message has none (camt.054 notifications carry no balances).
    public var closingDate: CivilDate? {
        statements.flatMap(\.balances).filter { $0.type == "CLBD" || $0.type == "62F" }.compactMap(\.date).max()
    }
}
