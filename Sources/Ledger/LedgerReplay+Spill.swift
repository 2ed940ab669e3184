extension LedgerReplay {
    /// A replay that keeps at most about `2 × generation` entries of each kind in memory and the
    /// rest in `spill` (``ReplayMap``).
    ///
    /// - Throws: the spill's error when a table cannot be made.
    public init(spill: any ReplaySpill, generation: Int) throws {
        let fault = ReplayFault()
        self.fault = fault
        func map<Key: Hashable & CustomStringConvertible, Value>(
            _ table: any ReplaySpillTable<Value>
        ) -> ReplayMap<Key, Value> {
            ReplayMap(spill: table, fault: fault, generation: generation)
        }
        func set<Key: Hashable & CustomStringConvertible>(_ name: String) throws -> ReplayMap<Key, Bool> {
            map(ConvertedSpillTable(try spill.integers(name), encode: { _ in 1 }, decode: { _ in true }))
        }
        offlineRecords = map(
            ConvertedSpillTable(
                try spill.texts("offline_records"), encode: { $0.canonical.text },
                decode: { try OfflineRecording(canonical: try CanonicalJSON.parse($0)) }))
        invoices = map(try spill.invoices())
        tickets = map(try spill.tickets())
        payments = map(try spill.payments())
        exceptions = map(try spill.paymentExceptions())
        exceptionCases = map(try spill.exceptionCases())
        invoiceSettlements = map(try spill.invoiceSettlements())
        complaints = map(
            ConvertedSpillTable(
                try spill.texts("complaints"), encode: { $0.canonicalRecord.text },
                decode: { try Complaint(canonicalRecord: $0) }))
        complaintRefunds = try set("complaint_refunds")
        refunds = map(try spill.refunds())
        refundedTotals = map(
            ConvertedSpillTable(try spill.integers("refunded_totals"), encode: { $0.value }, decode: { Rupiah($0) }))
        ownGivenBack = map(
            ConvertedSpillTable(try spill.integers("own_given_back"), encode: { $0.value }, decode: { Rupiah($0) }))
        idempotency = map(try spill.idempotencyRecords())
        // Read only to name the event of a missing row: no Bloom filter, a read each time.
        createdBy = ReplayMap(
            spill: try spill.integers("created_by"), fault: fault, generation: generation, filtered: false)
        billNumbers = try set("bill_numbers")
        receiptCodes = try set("receipt_codes")
        paymentKeys = try set("payment_keys")
        exceptionKeys = try set("exception_keys")
        exceptionCaseKeys = try set("exception_case_keys")
    }
}
