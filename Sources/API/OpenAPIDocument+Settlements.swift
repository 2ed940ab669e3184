import Foundation

// The settlement and exception parts of the OpenAPI document (`OpenAPIDocument.template` places
// them): uploading and applying a bank's settlement file, and working the exceptions it opens.
extension OpenAPIDocument {
    /// The schemas `SettlementPage`, `SettlementSummary`, `Settlement`, `Actor`, `Exception` and `SettlementApplication` (under `components.schemas`).
    static let settlementSchemas = """
            SettlementPage:
              type: object
              required: [settlements]
              properties:
                settlements: {type: array, items: {$ref: '#/components/schemas/SettlementSummary'}}
                next: {type: string, description: 'the after of the next page; absent on the last page'}
            SettlementSummary:
              type: object
              required: [id, profile, sha256, uploadedAt, uploadedBy, rows, gross, firstSettlementDate, lastSettlementDate, importStatus, resendOf, status]
              properties:
                id: {type: string, pattern: '^stl-[0-9a-f]{32}$'}
                profile: {type: string}
                fileName: {type: string, description: 'the file name the uploader gave (a form''s filename)'}
                sha256: {type: string, pattern: '^[0-9a-f]{64}$'}
                byteCount: {type: integer}
                uploadedAt: {type: string, format: date-time, description: UTC}
                uploadedBy: {type: string, description: "the uploading device, or the staff member (an id starting stf_) for an upload from the console"}
                rows: {type: integer}
                gross: {type: integer, description: whole rupiah}
                firstSettlementDate: {type: string}
                lastSettlementDate: {type: string}
                settlementDate: {type: [string, 'null'], format: date, description: 'the settlement date the file is for (stated by the file, given with the upload, or its rows'' last); null for a file stored before it was kept'}
                counts: {type: object, additionalProperties: {type: integer}, description: 'the reconciliation''s rows by category'}
                importStatus: {type: string, enum: [new, corrected_resend, already_imported]}
                resendOf: {type: array, items: {type: string}}
                supersededBy: {type: string}
                status: {type: string, enum: [imported, applied, superseded]}
                appliedRows: {type: integer}
                appliedAt: {type: string, format: date-time}
                withdrawnAt: {type: string, format: date-time, description: 'when the application of a corrected re-send withdrew this file''s application (status superseded)'}
            Settlement:
              type: object
              description: 'The output of `lunas reconcile --format json` with the settlement''s id, report links and the ids it is a corrected re-send of in front'
              required: [id, links, resendOf, file, import, invoices, invoiceAmount, settlementDays, counts, totals, exceptions, warnings]
              properties:
                id: {type: string, pattern: '^stl-[0-9a-f]{32}$'}
                links:
                  type: object
                  required: [json, csv, html]
                  properties: {json: {type: string}, csv: {type: string}, html: {type: string}}
                resendOf: {type: array, items: {type: string}, description: 'earlier settlements of the same profile and settlement period (import.status corrected_resend)'}
                file:
                  type: object
                  required: [sha256, profile, acquirer, bytes, rows]
                  properties:
                    sha256: {type: string}
                    profile: {type: string}
                    acquirer: {type: string}
                    bytes: {type: integer}
                    rows: {type: integer}
                    firstSettlementDate: {type: [string, 'null']}
                    lastSettlementDate: {type: [string, 'null']}
                import:
                  type: object
                  required: [status, previous]
                  properties:
                    status: {type: string, enum: [new, corrected_resend, already_imported]}
                    previous: {type: array, items: {type: object}}
                invoices: {type: integer}
                invoiceAmount: {type: integer}
                settlementDays: {type: integer}
                counts:
                  type: object
                  required: [matched, amount_mismatch, duplicate_payment, fee_mismatch, unknown_bill, reversal, late_settlement, unpaid_invoice, paid_not_settled]
                  additionalProperties: {type: integer}
                totals: {type: object}
                exceptions: {type: array, items: {type: object, required: [category, reason]}}
                warnings: {type: array, items: {type: string}}
            Actor:
              type: object
              description: 'who acted: the device, and the staff member once the console brings staff logins'
              properties:
                device: {type: string}
                staff: {type: string}
            Exception:
              type: object
              description: 'A break in the money trail kept as work: open until a finance officer resolves it'
              required: [id, category, origin, state, detail, openedAt]
              properties:
                id: {type: string, description: 'exc_… (a notify''s payment exception keeps its pex_… id)'}
                category: {type: string, enum: [unknown_bill, amount_mismatch, amount_out_of_range, invalid_field, duplicate_rrn, duplicate_payment, reversal, paid_not_settled, already_settled, paid_late, sequence_gap, pending_offline, offline_forged, offline_refused, offline_tariff_mismatch, offline_clock_skew]}
                origin: {type: string, enum: [notify, settlement_file, ledger]}
                state: {type: string, enum: [open, resolved]}
                amount: {type: integer, minimum: 0, description: 'whole rupiah, when known'}
                invoiceId: {type: string}
                paymentId: {type: string}
                deviceId: {type: string}
                billNumber: {type: string}
                rrn: {type: string}
                issuer: {type: string}
                paidAt: {type: string, format: date-time}
                settlement:
                  type: object
                  description: 'the settlement file row it came from'
                  required: [id, row, location]
                  properties:
                    id: {type: string, pattern: '^stl-[0-9a-f]{32}$'}
                    row: {type: integer, minimum: 0, description: 'the row''s index among the file''s rows, from 0'}
                    location: {type: string, description: 'line 17, or the XML path of a camt entry'}
                detail: {type: string}
                openedAt: {type: string, format: date-time}
                openedBy: {$ref: '#/components/schemas/Actor'}
                assignee: {type: string}
                assignedAt: {type: string, format: date-time}
                resolution:
                  type: object
                  required: [resolution, note, by, at]
                  properties:
                    resolution: {type: string, enum: [refunded, written_off, matched_manually, bank_corrected, duplicate_of, explained]}
                    note: {type: string}
                    invoiceId: {type: string}
                    duplicateOf: {type: string}
                    by: {$ref: '#/components/schemas/Actor'}
                    at: {type: string, format: date-time}
            SettlementApplication:
              type: object
              description: 'How far a settlement file has been applied to the ledger'
              required: [id, appliedRows, rowCount, settled, paymentsRecorded, exceptionsOpened, reversalsRecorded, complete, alreadyApplied, withdrew]
              properties:
                id: {type: string, pattern: '^stl-[0-9a-f]{32}$'}
                appliedRows: {type: integer, minimum: 0}
                rowCount: {type: integer, minimum: 0}
                settled: {type: integer, minimum: 0, description: 'invoices the file settled so far'}
                paymentsRecorded: {type: integer, minimum: 0, description: 'payments the file recorded (never notified, or extra)'}
                exceptionsOpened: {type: integer, minimum: 0}
                reversalsRecorded: {type: integer, minimum: 0, description: 'reversal rows recorded against the payment they take back'}
                complete: {type: boolean}
                completedAt: {type: string, format: date-time}
                alreadyApplied: {type: boolean, description: 'true: the file had been applied completely before this request; nothing changed'}
                withdrew: {type: array, items: {type: string}, description: 'the older files of the re-send chain whose applications this request withdrew before applying (settlement.withdrawn, invoice.unsettled, exceptions resolved bank_corrected)'}
            Refund:
              type: object
              description: 'Money given back for a payment through the acquirer (SNAP refund)'
              required: [id, paymentId, invoiceId, amount, reason, partnerRefundNo, acquirerReference, refundedAt, by, paymentAmount, refundedTotal]
              properties:
                id: {type: string, description: 'rfd_…'}
                paymentId: {type: string}
                invoiceId: {type: string}
                amount: {type: integer, minimum: 1}
                reason: {type: string}
                partnerRefundNo: {type: string, description: 'Lunas''s refund number at the acquirer (from the Idempotency-Key)'}
                acquirerReference: {type: string, description: 'the acquirer''s refund number'}
                refundedAt: {type: string, format: date-time}
                by: {$ref: '#/components/schemas/Actor'}
                paymentAmount: {type: integer}
                refundedTotal: {type: integer, description: 'refunded of the payment in all, this refund included'}
        """

    /// The paths under `/api/v1/settlements`, `/api/v1/exceptions` and `/api/v1/payments`.
    static let settlementPaths = """
          /api/v1/payments/{id}/refund:
            post:
              operationId: refundPayment
              summary: 'Refund (part of) a payment through the acquirer and record it (finance, admin)'
              description: >-
                Calls the acquirer's SNAP refund, then records the refund (payment.refunded) in one transaction
                with its effects: the invoice's own payment refunded in full moves the invoice to refunded; an
                extra payment leaves the invoice as it was; a payment refunded in full resolves its open
                duplicate_payment and paid_late exceptions as refunded. A partial refund leaves the status.
                503 acquirer.unavailable and 502 acquirer.refused write nothing. 409 refund.exceedsPayment (the
                refunds would exceed the payment), refund.inProgress, idempotency.keyReused. A repeat with the
                same Idempotency-Key answers the first refund without calling the acquirer again.
              parameters: [{$ref: '#/components/parameters/id'}, {$ref: '#/components/parameters/idempotencyKey'}]
              \(strictJSONRequestBody)
                      required: [amount, reason]
                      properties:
                        amount: {type: integer, minimum: 1, maximum: 9999999999999, description: 'whole rupiah'}
                        reason: {type: string, minLength: 1, maxLength: 256, pattern: '^[^\\u0000-\\u001F\\u007F]+$', description: 'why (1-256 characters, no control characters)'}
              responses: {'201': {description: 'refunded and recorded (or the first answer of a repeated key)', content: {application/json: {schema: {type: object, required: [refund, invoice, resolvedExceptions], properties: {refund: {$ref: '#/components/schemas/Refund'}, invoice: {$ref: '#/components/schemas/Invoice'}, resolvedExceptions: {type: array, items: {$ref: '#/components/schemas/Exception'}}}}}}}, '400': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}, '404': {$ref: '#/components/responses/Error'}, '409': {$ref: '#/components/responses/Error'}, '413': {$ref: '#/components/responses/Error'}, '415': {$ref: '#/components/responses/Error'}, '502': {$ref: '#/components/responses/Error'}, '503': {$ref: '#/components/responses/Error'}}
          /api/v1/settlements:
            get:
              operationId: listSettlements
              summary: 'The settlement files uploaded so far, newest first, with their status (finance, auditor, admin)'
              description: >-
                status is superseded when the application of a corrected re-send withdrew this file's application
                (withdrawnAt), else applied when the ledger holds a completed application of the file, else
                superseded when a corrected re-send of the same statement replaced it (apply refuses such a file),
                else imported. Fields not known for a file stored before they were recorded (fileName, byteCount,
                counts) and those that do not apply (supersededBy, appliedRows, appliedAt, withdrawnAt) are absent. Pages: next is the
                after of the following page; absent on the last.
              parameters: [{name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 200, default: 50}}, {name: after, in: query, description: 'the id of the last settlement of the previous page (400 when not stored)', schema: {type: string, pattern: '^stl-[0-9a-f]{32}$'}}]
              responses: {'200': {description: a page of settlements, content: {application/json: {schema: {$ref: '#/components/schemas/SettlementPage'}}}}, '400': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}}
            post:
              summary: 'Upload a settlement file and reconcile it against the ledger (finance, admin). 201 for a new file; 200 with the stored earlier result for the same bytes (SHA-256). At most 256 MiB.'
              description: >-
                The file is the body (with ?profile=NAME) or the field file of a multipart/form-data form whose
                field profile names the profile (RFC 7578; the query is then not needed and must not differ).
                A form's file part is held to the same limit and streamed to disk as it arrives; a part without a
                Content-Type is text/plain (RFC 7578 4.4). 400 multipart.missingField names file or profile;
                every malformed form is a 400 multipart.* error naming the byte offset. The file's settlement date
                is the one it states (a bank statement's closing balance date), else date (query or form field),
                else its rows' last; 422 settlement.dateRequired (field date) for a file with none of them (an
                acquirer CSV with its header alone), 422 settlement.dateMismatch when date differs from the one
                the file states or lies outside its rows' settlement dates, 409 settlement.sameFileOtherDate for bytes imported before for another date;
                nothing is stored then. 400 request.invalidValue for a date that is not a real day.
              parameters: [{name: profile, in: query, required: false, description: 'a profile in settlement-profiles/ of the configuration (required with a raw body)', schema: {type: string, pattern: '^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$'}, example: example-acquirer}, {name: date, in: query, required: false, description: 'the settlement date the file is for; needed only for a file that states none and has no rows', schema: {type: string, format: date}, example: '2026-11-30'}]
              requestBody:
                required: true
                description: 'The file itself: CSV or TSV as the profile describes, camt.053/054 XML, or MT940; or a form with the fields file and profile'
                content:
                  multipart/form-data:
                    schema:
                      type: object
                      required: [file, profile]
                      properties:
                        file: {type: string, format: binary, description: 'the bank''s file, with the media type a raw body would have'}
                        profile: {type: string, pattern: '^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$', description: 'a profile in settlement-profiles/'}
                        date: {type: string, format: date, description: 'the settlement date the file is for (as the query date; empty means absent)'}
                    encoding: {file: {contentType: 'text/csv, text/tab-separated-values, text/plain, application/xml, text/xml, application/vnd.ms-excel, application/octet-stream'}}
                  text/csv: {schema: {type: string}}
                  text/tab-separated-values: {schema: {type: string}}
                  text/plain: {schema: {type: string}}
                  application/xml: {schema: {type: string}}
                  text/xml: {schema: {type: string}}
                  application/octet-stream: {schema: {type: string, format: binary}}
              responses: {'200': {description: the same file was imported before; its stored result, content: {application/json: {schema: {$ref: '#/components/schemas/Settlement'}}}, links: {ApplySettlement: {$ref: '#/components/links/ApplySettlement'}}}, '201': {description: reconciled and stored, content: {application/json: {schema: {$ref: '#/components/schemas/Settlement'}}}, links: {ApplySettlement: {$ref: '#/components/links/ApplySettlement'}}}, '400': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}, '409': {$ref: '#/components/responses/Error'}, '413': {$ref: '#/components/responses/Error'}, '415': {$ref: '#/components/responses/Error'}, '422': {$ref: '#/components/responses/Error'}, '507': {description: 'not enough free disk space to receive the file (storage.insufficient); nothing was written', content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}}
          /api/v1/settlements/{id}/report:
            get:
              summary: 'A stored reconciliation (finance, auditor, admin): the JSON summary, the exception list as CSV, or one self-contained HTML page'
              parameters: [{name: id, in: path, required: true, schema: {type: string, maxLength: 64}}, {name: format, in: query, schema: {type: string, enum: [json, csv, html], default: json}}]
              responses: {'200': {description: the report, content: {application/json: {schema: {$ref: '#/components/schemas/Settlement'}}, text/csv: {}, text/html: {}}}, '400': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}, '404': {$ref: '#/components/responses/Error'}}
          /api/v1/settlements/{id}/apply:
            post:
              operationId: applySettlement
              summary: 'Apply an uploaded settlement file to the ledger (finance, admin): matched, late and fee-mismatch rows settle their invoices, extra payments are recorded, every other case opens an exception'
              description: >-
                No body. A corrected re-send first withdraws what the older files of its chain applied (their
                settled invoices back to paid by invoice.unsettled events, the open exceptions about their rows
                resolved bank_corrected, one settlement.withdrawn event a chunk; listed in withdrew).
                Applied in chunks of 5,000 rows, each one transaction with a settlement.applied event;
                an apply cut off resumes at the next row, and applying a complete file again changes nothing
                (alreadyApplied true). 404 for an unknown settlement; 409 settlement.superseded (a corrected
                re-send replaced it: apply that one), settlement.noOriginal (stored before originals were
                archived: upload it again), settlement.notImported (no settlement.imported event: upload it
                again) or settlement.outOfOrder (another apply of the same file ran at the same time); 500
                settlement.archiveAltered when the archived original no longer has the SHA-256 the ledger recorded.
              parameters: [{$ref: '#/components/parameters/id'}]
              responses: {'200': {description: 'the file''s application state', content: {application/json: {schema: {$ref: '#/components/schemas/SettlementApplication'}}}}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}, '404': {$ref: '#/components/responses/Error'}, '409': {$ref: '#/components/responses/Error'}, '500': {$ref: '#/components/responses/Error'}}
          /api/v1/exceptions:
            get:
              operationId: listExceptions
              summary: 'Exceptions as work, in id order (finance, supervisor, auditor, admin)'
              description: 'Filters combine with AND; another query parameter is 400 request.unknownParameter. A page holds at most limit exceptions; next, when present, is the after value of the next page.'
              parameters:
                - {name: state, in: query, schema: {type: string, enum: [open, resolved]}}
                - {name: category, in: query, schema: {type: string, enum: [unknown_bill, amount_mismatch, amount_out_of_range, invalid_field, duplicate_rrn, duplicate_payment, reversal, paid_not_settled, already_settled, paid_late, sequence_gap, pending_offline, offline_forged, offline_refused, offline_tariff_mismatch, offline_clock_skew]}}
                - {name: from, in: query, description: 'opened on or after this city day', schema: {type: string, format: date}}
                - {name: to, in: query, description: 'opened on or before this city day', schema: {type: string, format: date}}
                - {name: zone, in: query, description: 'the parking ticket''s zone or a zone of the issuing device', schema: {type: string, minLength: 1, maxLength: 32}}
                - {name: invoiceId, in: query, schema: {type: string}}
                - {name: after, in: query, description: 'the previous page''s next value', schema: {type: string}}
                - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 1000, default: 100}}
              responses: {'200': {description: 'one page', content: {application/json: {schema: {type: object, required: [exceptions], properties: {exceptions: {type: array, items: {$ref: '#/components/schemas/Exception'}}, next: {type: string}}}}}}, '400': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}}
          /api/v1/exceptions/{id}:
            get: {operationId: getException, summary: 'One exception (finance, supervisor, auditor, admin)', parameters: [{$ref: '#/components/parameters/id'}], responses: {'200': {description: the exception, content: {application/json: {schema: {$ref: '#/components/schemas/Exception'}}}}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}, '404': {$ref: '#/components/responses/Error'}}}
          /api/v1/exceptions/{id}/assign:
            post:
              operationId: assignException
              summary: 'Give an open exception to a person (finance, admin); the same assignee again changes nothing'
              parameters: [{$ref: '#/components/parameters/id'}]
              \(strictJSONRequestBody)
                      required: [to]
                      properties:
                        to: {type: string, minLength: 1, maxLength: 100, pattern: '^[^\\u0000-\\u001F]+$', description: 'a name or staff e-mail (1-100 characters, no control characters)'}
              responses: {'200': {description: the exception, content: {application/json: {schema: {$ref: '#/components/schemas/Exception'}}}}, '400': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}, '404': {$ref: '#/components/responses/Error'}, '409': {$ref: '#/components/responses/Error'}, '413': {$ref: '#/components/responses/Error'}, '415': {$ref: '#/components/responses/Error'}}
          /api/v1/exceptions/{id}/resolve:
            post:
              operationId: resolveException
              summary: 'End an open exception with a resolution code and a note (finance, admin)'
              description: >-
                matched_manually records the exception's payment against invoiceId (an unknown invoice is 404;
                an exception that holds no unapplied payment is 400); duplicate_of names another existing
                exception (404 otherwise). The same resolution again answers the resolved exception unchanged;
                a different one is 409 exception.alreadyResolved.
              parameters: [{$ref: '#/components/parameters/id'}]
              \(strictJSONRequestBody)
                      required: [resolution, note]
                      properties:
                        resolution: {type: string, enum: [refunded, written_off, matched_manually, bank_corrected, duplicate_of, explained]}
                        note: {type: string, minLength: 1, maxLength: 500, pattern: '^[^\\u0000-\\u001F\\u007F]+$', description: 'why (1-500 characters, no control characters)'}
                        invoiceId: {type: [string, 'null'], description: 'matched_manually: the invoice the payment belongs to (required then)'}
                        duplicateOf: {type: [string, 'null'], description: 'duplicate_of: the other exception (required then)'}
                      allOf:
                        - {if: {required: [resolution], properties: {resolution: {const: matched_manually}}}, then: {required: [invoiceId], properties: {invoiceId: {type: string}}}}
                        - {if: {required: [resolution], properties: {resolution: {const: duplicate_of}}}, then: {required: [duplicateOf], properties: {duplicateOf: {type: string}}}}
              responses: {'200': {description: the resolved exception, content: {application/json: {schema: {$ref: '#/components/schemas/Exception'}}}}, '400': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}, '404': {$ref: '#/components/responses/Error'}, '409': {$ref: '#/components/responses/Error'}, '413': {$ref: '#/components/responses/Error'}, '415': {$ref: '#/components/responses/Error'}}
        """
}
