/// What to do after a generate or a recovery query: the SNAP rule "after a timeout or 5xx, query
/// instead of generating again", as pure functions.
///
/// Generating twice could leave two payable QRs for one invoice. So a generate whose fate is unknown
/// (timeout, connection lost, 5xx, 202, or a 409 saying the reference or X-EXTERNAL-ID already
/// arrived) is followed by a query with the same `partnerReferenceNo`; only a query that says the
/// transaction does not exist allows a new generate (SNAP idempotency practice; Midtrans gives the
/// same advice for SNAP 5xx).
public enum GenerateRetryRule {
    /// How a call ended, as the HTTP adapter saw it.
    public enum Outcome: Sendable, Hashable {
        /// No answer within the deadline.
        case timeout
        /// The connection failed before an answer arrived (the request may or may not have landed).
        case connectionLost
        /// An answer with its HTTP status and, when the body had one, its response code.
        case answered(httpStatus: Int, responseCode: SNAPResponseCode?)
    }

    /// The next step after a generate call.
    public enum AfterGenerate: Sendable, Hashable {
        /// Use the response (then verify it with ``GeneratedQR``).
        case accept
        /// Do not generate again: query by `partnerReferenceNo`.
        case queryInstead
        /// The token was refused before anything happened: get a new token, then send the generate again.
        case renewTokenAndRetry
        /// A definite refusal; nothing was created. Show the error.
        case fail
    }

    /// The next step after a recovery query.
    public enum AfterQuery: Sendable, Hashable {
        /// The acquirer never created it: generating again is safe.
        case generateAgain
        /// It was created (status 01–03) but its QR content is lost: cancel it, then issue in `local`
        /// mode or report, never a second generate.
        case cancelThenIssueLocally
        /// It is already paid: mark the invoice paid from the query (status 00).
        case paid
        /// It was refunded, cancelled or failed (04–06): nothing to issue.
        case closed(TransactionStatus)
        /// The query itself did not get through: query again later, still no generate.
        case queryAgainLater
        /// The query was refused for good; report it.
        case fail
    }

    /// Decides what follows a generate call.
    public static func afterGenerate(_ outcome: Outcome) -> AfterGenerate {
        switch outcome {
        case .timeout, .connectionLost:
            return .queryInstead
        case .answered(let status, let code):
            if let code, code.is(.invalidToken) || code.is(.tokenNotFound) { return .renewTokenAndRetry }
            if let code, code.is(.conflict) || code.is(.duplicatePartnerReference) { return .queryInstead }
            if status == 202 || status >= 500 { return .queryInstead }
            if (200...299).contains(status) { return .accept }
            return .fail
        }
    }

    /// Decides what follows a recovery query.
    /// - Parameter status: the `latestTransactionStatus` of a successful query.
    public static func afterQuery(_ outcome: Outcome, status: TransactionStatus?) -> AfterQuery {
        switch outcome {
        case .timeout, .connectionLost:
            return .queryAgainLater
        case .answered(let httpStatus, let code):
            if let code, code.is(.transactionNotFound) { return .generateAgain }
            if httpStatus >= 500 || httpStatus == 429 || httpStatus == 202 { return .queryAgainLater }
            guard (200...299).contains(httpStatus), let status else { return .fail }
            switch status {
            case .notFound: return .generateAgain
            case .initiated, .paying, .pending: return .cancelThenIssueLocally
            case .success: return .paid
            case .refunded, .canceled, .failed: return .closed(status)
            }
        }
    }
}
