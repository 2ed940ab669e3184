import Reconciliation
import Acquirer
import Foundation
import Ledger

extension SimulatedSettlementDay {
    /// The day's settlement as an ISO 20022 bank-to-customer statement, camt.053.001.08.
    ///
    /// One `Stmt` per merchant settlement account (`Acct/Id/Othr/Id` = merchant id), with opening
    /// booked balance 0 (`OPBD`, the account is swept daily), one batched entry (`Ntry` with
    /// `NtryDtls/Btch`) of the batch's net amount booked and valued on the settlement date, one
    /// `TxDtls` per row (`Refs/AcctSvcrRef` = RRN, `Refs/EndToEndId` = bill number, `Chrgs` = MDR,
    /// `RmtInf/Ustrd` = bill number), the closing booked balance (`CLBD`, dated the settlement date: the
    /// date the file states about itself) and `TxsSummry` control totals. `FrToDt` spans the first to the
    /// last payment day settled. A merchant without payments to settle gets a statement with balances and
    /// no entry (so a non-working day's file is an empty statement, not an empty message).
    /// - Parameter createdAt: the statement's creation time (`CreDtTm`).
    public func camt053(createdAt: Date) -> String {
        let created = SNAPTimestamp(date: createdAt, offset: .jakarta).text
        let date = settlementDate.description
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
              <BkToCstmrStmt>
                <GrpHdr>
                  <MsgId>LUNASSIM-\(settlementDate.compact)</MsgId>
                  <CreDtTm>\(created)</CreDtTm>
                  <MsgPgntn><PgNb>1</PgNb><LastPgInd>true</LastPgInd></MsgPgntn>
                </GrpHdr>

            """
        let period = transactionDates.first.map { first in
            "<FrToDt><FrDtTm>\(first)T00:00:00+07:00</FrDtTm>"
                + "<ToDtTm>\(transactionDates.last ?? first)T23:59:59+07:00</ToDtTm></FrToDt>"
        }
        for merchant in merchants where !batches.contains(where: { $0.merchantID == merchant.merchantId }) {
            xml += emptyStatement(merchant, created: created, period: period)
        }
        for (index, batch) in batches.enumerated() {
            let merchant = merchants.first { $0.merchantId == batch.merchantID }
            let net = batch.rows.reduce(Rupiah.zero) { $0 + $1.net }
            let credit = net >= .zero
            xml += statementHead(
                id: batch.batchID, merchantID: batch.merchantID, owner: merchant?.name ?? batch.merchantID,
                created: created, period: period, closing: net)
            xml += """
                      <TxsSummry>
                        <TtlNtries><NbOfNtries>1</NbOfNtries><Sum>\(Self.amount(net.value.magnitude))</Sum><TtlNetNtry><Amt>\(Self.amount(net.value.magnitude))</Amt><CdtDbtInd>\(credit ? "CRDT" : "DBIT")</CdtDbtInd></TtlNetNtry></TtlNtries>
                        <TtlCdtNtries><NbOfNtries>\(credit ? 1 : 0)</NbOfNtries><Sum>\(Self.amount(credit ? net.value.magnitude : 0))</Sum></TtlCdtNtries>
                        <TtlDbtNtries><NbOfNtries>\(credit ? 0 : 1)</NbOfNtries><Sum>\(Self.amount(credit ? 0 : net.value.magnitude))</Sum></TtlDbtNtries>
                      </TxsSummry>
                      <Ntry>
                        <NtryRef>\(index + 1)</NtryRef>
                        <Amt Ccy="IDR">\(Self.amount(net.value.magnitude))</Amt>
                        <CdtDbtInd>\(credit ? "CRDT" : "DBIT")</CdtDbtInd>
                        <Sts><Cd>BOOK</Cd></Sts>
                        <BookgDt><Dt>\(date)</Dt></BookgDt>
                        <ValDt><Dt>\(date)</Dt></ValDt>
                        <AcctSvcrRef>\(MarkupEscaping.xml(batch.batchID))</AcctSvcrRef>
                        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>SETT</SubFmlyCd></Fmly></Domn></BkTxCd>
                        <NtryDtls>
                          <Btch><NbOfTxs>\(batch.rows.count)</NbOfTxs><TtlAmt Ccy="IDR">\(Self.amount(net.value.magnitude))</TtlAmt><CdtDbtInd>\(credit ? "CRDT" : "DBIT")</CdtDbtInd></Btch>

                """
            for row in batch.rows {
                xml += Self.transactionDetails(row)
            }
            xml += """
                        </NtryDtls>
                        <AddtlNtryInf>QRIS settlement \(MarkupEscaping.xml(batch.batchID)) gross \(batch.rows.reduce(Rupiah.zero) { $0 + $1.grossAmount }) MDR \(batch.rows.reduce(Rupiah.zero) { $0 + $1.fee })</AddtlNtryInf>
                      </Ntry>
                    </Stmt>

                """
        }
        xml += "  </BkToCstmrStmt>\n</Document>\n"
        return xml
    }

    /// A merchant's statement with nothing to settle: balances 0, no entry.
    private func emptyStatement(_ merchant: SimulatedMerchant, created: String, period: String?) -> String {
        let head = statementHead(
            id: "\(settlementDate.compact)-\(merchant.merchantId)", merchantID: merchant.merchantId,
            owner: merchant.name, created: created, period: period, closing: .zero)
        return head + """
                      <TxsSummry><TtlNtries><NbOfNtries>0</NbOfNtries></TtlNtries></TxsSummry>
                    </Stmt>

            """
    }

    /// A `Stmt` up to its balances: id, sequence, creation time, period, the merchant's account, opening
    /// balance 0 and the closing balance `closing`, both dated the settlement date.
    private func statementHead(
        id: String, merchantID: String, owner: String, created: String, period: String?, closing: Rupiah
    ) -> String {
        let date = settlementDate.description
        return """
                    <Stmt>
                      <Id>\(MarkupEscaping.xml(id))</Id>
                      <ElctrncSeqNb>\(settlementDate.daysSince1970)</ElctrncSeqNb>
                      <CreDtTm>\(created)</CreDtTm>
                      \(period ?? "")
                      <Acct>
                        <Id><Othr><Id>\(MarkupEscaping.xml(merchantID))</Id></Othr></Id>
                        <Ccy>IDR</Ccy>
                        <Ownr><Nm>\(MarkupEscaping.xml(owner))</Nm></Ownr>
                      </Acct>
                      \(Self.balance("OPBD", .zero, date))
                      \(Self.balance("CLBD", closing, date))

            """
    }

    private static func transactionDetails(_ row: SettlementRow) -> String {
        let credit = row.grossAmount >= .zero
        let gross = amount(row.grossAmount.value.magnitude)
        return """
                        <TxDtls>
                          <Refs><AcctSvcrRef>\(MarkupEscaping.xml(row.rrn))</AcctSvcrRef><EndToEndId>\(MarkupEscaping.xml(row.billNumber ?? ""))</EndToEndId><TxId>\(MarkupEscaping.xml(row.acquirerReference ?? ""))</TxId></Refs>
                          <Amt Ccy="IDR">\(amount(row.net.value.magnitude))</Amt>
                          <CdtDbtInd>\(row.net >= .zero ? "CRDT" : "DBIT")</CdtDbtInd>
                          <AmtDtls><TxAmt><Amt Ccy="IDR">\(gross)</Amt></TxAmt></AmtDtls>
                          <Chrgs><TtlChrgsAndTaxAmt Ccy="IDR">\(amount(row.fee.value.magnitude))</TtlChrgsAndTaxAmt><Rcrd><Amt Ccy="IDR">\(amount(row.fee.value.magnitude))</Amt><CdtDbtInd>DBIT</CdtDbtInd><Tp><Prtry><Id>MDR</Id></Prtry></Tp></Rcrd></Chrgs>
                          <RmtInf><Ustrd>\(MarkupEscaping.xml(row.billNumber ?? ""))</Ustrd></RmtInf>
                          <RltdDts><AccptncDtTm>\(SNAPTimestamp(date: row.transactionDate, offset: .jakarta).text)</AccptncDtTm></RltdDts>
                          <AddtlTxInf>\(credit ? "QRIS PAYMENT" : "QRIS REFUND") \(MarkupEscaping.xml(row.issuer ?? "")) \(MarkupEscaping.xml(row.nmid ?? ""))</AddtlTxInf>
                        </TxDtls>

            """
    }

    private static func balance(_ code: String, _ value: Rupiah, _ date: String) -> String {
        "<Bal><Tp><CdOrPrtry><Cd>\(code)</Cd></CdOrPrtry></Tp><Amt Ccy=\"IDR\">\(amount(value.value.magnitude))</Amt>"
            + "<CdtDbtInd>\(value >= .zero ? "CRDT" : "DBIT")</CdtDbtInd><Dt><Dt>\(date)</Dt></Dt></Bal>"
    }

    /// ISO 20022 amount for IDR: two decimals (ISO 4217 minor units).
    static func amount(_ value: UInt64) -> String { "\(value).00" }
}
