import Foundation

// The closed-day parts of the OpenAPI document (`OpenAPIDocument.template` places them): what
// still blocks a city day, closing it, its signed statement (public) and its journal.
extension OpenAPIDocument {
    /// The schemas `DayBlocker`, `DayStatus`, `DayRefusal`, `DayTally`, `DayFigures`, `LateAdjustment`,
    /// `DailyStatement`, `DayJournal`, `LateEventView`, `DailyReport` and `ClosedDayReport` (under
    /// `components.schemas`).
    static let daySchemas = """
            DayBlocker:
              type: object
              description: 'One reason a city day cannot close yet, counted'
              required: [kind, count, examples, label, todo]
              properties:
                kind: {type: string, enum: [day_not_over, invoice_not_final, paid_not_settled, exception_open, settlement_incomplete, settlement_file_missing], description: 'day_not_over: the day has not ended in the city''s zone; invoice_not_final: invoices still issued; paid_not_settled: paid invoices neither settled nor explained by a resolved exception; exception_open: open exceptions about the day; settlement_incomplete: a settlement file applied only in part; settlement_file_missing: settlement dates on which the day''s payments fall due (T+N working days of the acquirer''s settlement profile, with the holiday calendar) that no applied settlement file covers'}
                count: {type: integer, minimum: 1, description: 'invoices, exceptions, settlement files or settlement dates'}
                examples: {type: array, maxItems: 5, items: {type: string}, description: 'up to five of their ids (the date for day_not_over, the settlement dates YYYY-MM-DD for settlement_file_missing)'}
                label: {type: object, required: [id, en], properties: {id: {type: string}, en: {type: string}}, description: 'what blocks, in Indonesian (id) and English (en)'}
                todo: {type: object, required: [id, en], properties: {id: {type: string}, en: {type: string}}, description: 'what to do about it, in Indonesian (id) and English (en)'}
            DayStatus:
              type: object
              required: [date, closed, blockers]
              properties:
                date: {type: string, format: date}
                closed: {type: boolean}
                blockers: {type: array, items: {$ref: '#/components/schemas/DayBlocker'}, description: 'empty when the day is closed or may close now'}
                statement: {type: string, description: 'once closed: the path of the public statement, /public/days/{date}'}
            DayRefusal:
              type: object
              description: 'The day cannot close yet (day.notClosable); nothing was written'
              required: [error, blockers]
              properties:
                error:
                  type: object
                  required: [code, message, field]
                  properties:
                    code: {type: string, const: day.notClosable}
                    message: {type: string}
                    field: {type: string, const: date}
                blockers: {type: array, minItems: 1, items: {$ref: '#/components/schemas/DayBlocker'}}
            DayTally:
              type: object
              description: 'Counts and sums (whole rupiah) of a group of the day''s invoices'
              required: [issued, issuedAmount, received, receivedAmount, settled, settledAmount, mdr, net, outstanding, refunded]
              properties:
                issued: {type: integer, minimum: 0}
                issuedAmount: {type: integer, minimum: 0}
                received: {type: integer, minimum: 0, description: 'paid, paid late, settled or refunded'}
                receivedAmount: {type: integer, minimum: 0}
                settled: {type: integer, minimum: 0}
                settledAmount: {type: integer, minimum: 0}
                mdr: {type: integer, minimum: 0, description: 'as the settlement rows stated, also on invoices given back in full since (the bank keeps its fee)'}
                refundedMDR: {type: integer, minimum: 0, description: 'of mdr, the part on invoices settled and then given back in full (status refunded); absent in statements signed before it was counted'}
                net: {type: integer, minimum: 0, description: 'as the settlement rows stated, for the invoices that stay settled (before refundedMDR was counted: also those given back)'}
                outstanding: {type: integer, minimum: 0, description: 'paid or paid late, not settled'}
                refunded: {type: integer, minimum: 0, description: 'amounts of invoices refunded in full (status refunded)'}
                partiallyRefunded: {type: integer, minimum: 0, description: 'invoices whose own payment was refunded in part (status kept); absent in statements signed before partial refunds were counted'}
                partiallyRefundedAmount: {type: integer, minimum: 0, description: 'the sum of those partial refunds'}
                zone: {type: string, description: 'in byZone: the ticket''s zone, - for fee invoices'}
                revenueLine: {type: string, description: 'in byRevenueLine: fee:CODE or parking:VEHICLE_CLASS'}
                device: {type: string, description: 'in byDevice: the issuing device'}
            DayFigures:
              type: object
              required: [invoices, byStatus, revenue, byZone, byRevenueLine, byDevice, exceptions]
              properties:
                invoices: {$ref: '#/components/schemas/DayTally'}
                byStatus: {type: object, description: 'by invoice status', additionalProperties: {type: object, required: [count, amount], properties: {count: {type: integer, minimum: 0}, amount: {type: integer, minimum: 0}}}}
                revenue:
                  type: object
                  required: [gross, mdr, net, outstanding, refunded]
                  properties:
                    gross: {type: integer, minimum: 0, description: 'received, before MDR'}
                    mdr: {type: integer, minimum: 0}
                    refundedMDR: {type: integer, minimum: 0, description: 'of mdr, on invoices settled and then given back in full; absent in older statements'}
                    net: {type: integer, minimum: 0, description: 'the bank''s net for the invoices that stay settled'}
                    outstanding: {type: integer, minimum: 0}
                    refunded: {type: integer, minimum: 0}
                    partiallyRefunded: {type: integer, minimum: 0, description: 'refunded in part, the invoices keeping their status; absent in older statements'}
                byZone: {type: array, items: {allOf: [{$ref: '#/components/schemas/DayTally'}, {required: [zone]}]}}
                byRevenueLine: {type: array, items: {allOf: [{$ref: '#/components/schemas/DayTally'}, {required: [revenueLine]}]}}
                byDevice: {type: array, items: {allOf: [{$ref: '#/components/schemas/DayTally'}, {required: [device]}]}}
                exceptions: {type: object, description: 'the day''s exceptions: open, and one count per resolution code', additionalProperties: {type: integer, minimum: 0}}
                lateAdjustments:
                  type: object
                  description: 'late events of earlier, closed days booked against this day; absent when there are none (and in every statement signed before they existed)'
                  required: [lines, byKind]
                  properties:
                    lines: {type: array, minItems: 1, items: {$ref: '#/components/schemas/LateAdjustment'}}
                    byKind: {type: object, additionalProperties: {type: object, required: [count, amount], properties: {count: {type: integer, minimum: 1}, amount: {type: integer, minimum: 1}}}}
            LateAdjustment:
              type: object
              description: 'A money fact about a closed day''s invoice recorded after its close, booked against the next open day (canonical JSON: times as UTC epoch milliseconds)'
              required: [event, kind, closedDate, bookedDate, invoice, payment, revenueLine, extra, amount, mdr, net, recordedAt]
              properties:
                event: {type: integer, minimum: 1, description: 'the sequence of the event that recorded it'}
                kind: {type: string, enum: [payment, settlement, refund, reversal]}
                closedDate: {type: string, format: date, description: 'the closed day the invoice belongs to'}
                bookedDate: {type: string, format: date, description: 'the day it is booked against'}
                invoice: {type: string}
                payment: {type: [string, 'null'], description: 'null for a settlement'}
                revenueLine: {type: string}
                extra: {type: boolean, description: 'an extra payment''s money (paid twice, to give back): suspense, not revenue'}
                amount: {type: integer, minimum: 1}
                mdr: {type: integer, minimum: 0}
                net: {type: integer, minimum: 0}
                recordedAt: {type: integer}
            LateEventView:
              type: object
              required: [event, kind, closedDate, bookedDate, invoiceId, revenueLine, extra, amount, mdr, net, recordedAt]
              properties:
                event: {type: integer, minimum: 1}
                kind: {type: string, enum: [payment, settlement, refund, reversal]}
                closedDate: {type: string, format: date}
                bookedDate: {type: string, format: date}
                invoiceId: {type: string}
                paymentId: {type: string, description: 'absent for a settlement'}
                revenueLine: {type: string}
                extra: {type: boolean}
                amount: {type: integer, minimum: 1}
                mdr: {type: integer, minimum: 0}
                net: {type: integer, minimum: 0}
                recordedAt: {type: string, format: date-time}
            LateEventList:
              type: object
              required: [count, byKind, lines]
              properties:
                count: {type: integer, minimum: 0}
                byKind: {type: object, additionalProperties: {type: object, required: [count, amount], properties: {count: {type: integer}, amount: {type: integer}}}}
                lines: {type: array, items: {$ref: '#/components/schemas/LateEventView'}}
            DailyReport:
              type: object
              description: 'An open city day, live: its invoices, payments, devices, the refunds of its invoices'' payments and the late events booked against it'
              required: [date, timeZone, from, to, closed, issued, paid, paidLate, outstanding, expired, cancelled, extraPayments, paymentExceptions, byStatus, byFee, byZone, byDevice, sequenceGaps, ticketsVoided, refunds, partialRefunds, refundLines, lateAdjustments]
              properties:
                closed: {type: boolean, const: false}
                refunds: {type: object, required: [count, amount], properties: {count: {type: integer}, amount: {type: integer}}}
                partialRefunds: {type: object, required: [count, amount], properties: {count: {type: integer}, amount: {type: integer}}, description: 'refunds leaving their payment refunded in part (the invoice keeps its status)'}
                refundLines:
                  type: array
                  items:
                    type: object
                    required: [refundId, paymentId, invoiceId, amount, refundedAt, partial]
                    properties:
                      refundId: {type: string}
                      paymentId: {type: string}
                      invoiceId: {type: string}
                      amount: {type: integer, minimum: 1}
                      refundedAt: {type: string, format: date-time}
                      partial: {type: boolean}
                lateAdjustments: {$ref: '#/components/schemas/LateEventList'}
            ClosedDayReport:
              type: object
              description: 'A closed city day: its signed statement''s figures as signed, and apart the late events about it recorded since (each names the day it was booked against)'
              required: [date, timeZone, from, to, closed, statement, lateEvents, byDevice, sequenceGaps, ticketsVoided]
              properties:
                date: {type: string, format: date}
                timeZone: {type: string}
                from: {type: string, format: date-time}
                to: {type: string, format: date-time}
                closed: {type: boolean, const: true}
                statement:
                  type: object
                  required: [url, keyId, closedAt, chainHead, figures]
                  properties:
                    url: {type: string}
                    keyId: {type: string}
                    closedAt: {type: string, format: date-time}
                    chainHead: {type: integer}
                    figures: {$ref: '#/components/schemas/DayFigures'}
                lateEvents: {$ref: '#/components/schemas/LateEventList'}
                byDevice: {type: array, description: 'each device''s invoices, tickets, voids and sequence gaps (not money; fixed once closed)', items: {type: object}}
                sequenceGaps: {type: integer, minimum: 0}
                ticketsVoided: {type: integer, minimum: 0}
            DailyStatement:
              type: object
              description: >-
                A closed day's figures in the ledger's canonical JSON (keys sorted, integers only, times as UTC epoch
                milliseconds), signed with the city's Ed25519 key ring: signature is the base64 Ed25519 signature
                over the canonical bytes of the statement without its signature member, by the key keyId names in
                /public/receipt-keys. `lunas day verify FILE --keys RING` checks it offline.
              required: [statementVersion, date, city, timeZone, from, to, closedAt, closedBy, figures, chainHead, keyId, signature]
              properties:
                statementVersion: {type: integer, const: 1}
                date: {type: string, format: date}
                city: {type: string}
                timeZone: {type: string, description: 'the city''s zone label (WIT)'}
                from: {type: integer, description: 'the day''s first instant, UTC epoch milliseconds'}
                to: {type: integer, description: 'the next day''s first instant, UTC epoch milliseconds'}
                closedAt: {type: integer, description: 'UTC epoch milliseconds'}
                closedBy:
                  type: object
                  required: [device, staff]
                  properties:
                    device: {type: [string, 'null']}
                    staff: {type: [string, 'null']}
                figures: {$ref: '#/components/schemas/DayFigures'}
                chainHead:
                  type: object
                  description: 'the last event before day.closed'
                  required: [sequence, hash]
                  properties:
                    sequence: {type: integer, minimum: 0}
                    hash: {type: string, pattern: '^[0-9a-f]{64}$'}
                keyId: {type: string, pattern: '^[0-9a-f]{8}$'}
                signature: {type: string, description: 'base64'}
            DayJournal:
              type: object
              description: 'Double-entry lines derived from the signed statement, booked gross: debits equal credits'
              required: [date, statementKeyId, chainHead, lines, totalDebit, totalCredit]
              properties:
                date: {type: string, format: date}
                statementKeyId: {type: string}
                chainHead: {type: integer, description: 'the statement''s chain head sequence'}
                lines:
                  type: array
                  items:
                    type: object
                    required: [account, name, debit, credit, memo]
                    properties:
                      account: {type: string, description: 'the code in Config/accounts.json'}
                      name: {type: string}
                      debit: {type: integer, minimum: 0}
                      credit: {type: integer, minimum: 0}
                      memo: {type: string}
                totalDebit: {type: integer, minimum: 0}
                totalCredit: {type: integer, minimum: 0}
        """

    /// The paths under `/api/v1/days` and `/public/days`.
    static let dayPaths = """
          /api/v1/days/{date}:
            get:
              operationId: getDay
              summary: 'Whether a city day is closed, and what still blocks closing it (finance, supervisor, auditor, admin)'
              parameters: [{$ref: '#/components/parameters/date'}]
              responses: {'200': {description: 'the day''s state', content: {application/json: {schema: {$ref: '#/components/schemas/DayStatus'}}}}, '400': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}}
          /api/v1/days/{date}/close:
            post:
              operationId: closeDay
              summary: 'Close a city day and sign its statement (admin, or a supervisor enrolled without zones)'
              description: >-
                No body. Closes only once the day has ended in the city's zone and nothing blocks it; the closing
                transaction checks the blockers again, writes the signed statement and appends day.closed. A day
                closed before answers 200 with its statement as signed then. 409 day.notClosable lists the blockers
                (nothing written); 403 device.actorNotAllowed for a supervisor enrolled for zones.
              parameters: [{$ref: '#/components/parameters/date'}]
              responses: {'200': {description: 'closed (now or before): the signed statement', content: {application/json: {schema: {$ref: '#/components/schemas/DailyStatement'}}}}, '400': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}, '409': {description: 'the day cannot close yet', content: {application/json: {schema: {$ref: '#/components/schemas/DayRefusal'}}}}}
          /api/v1/days/{date}/journal:
            get:
              operationId: getDayJournal
              summary: 'A closed day''s double-entry journal, booked gross (finance, auditor, admin)'
              description: '404 day.notClosed while the day is open; 503 journal.notConfigured when the configuration has no accounts.json.'
              parameters: [{$ref: '#/components/parameters/date'}, {name: format, in: query, schema: {type: string, enum: [json, csv], default: json}}]
              responses: {'200': {description: 'the journal; CSV columns date,account,name,debit,credit,memo', content: {application/json: {schema: {$ref: '#/components/schemas/DayJournal'}}, text/csv: {}}}, '400': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}, '404': {$ref: '#/components/responses/Error'}, '503': {$ref: '#/components/responses/Error'}}
          /public/days/{date}:
            get:
              operationId: getPublicDay
              summary: 'A closed day''s signed statement (JSON, or an Indonesian page for Accept: text/html)'
              security: []
              parameters: [{$ref: '#/components/parameters/date'}]
              responses: {'200': {description: 'the signed statement', content: {application/json: {schema: {$ref: '#/components/schemas/DailyStatement'}}, text/html: {}}}, '400': {$ref: '#/components/responses/Error'}, '404': {description: 'day.notClosed: the day is open (an Indonesian page for text/html)', content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}, text/html: {}}}}
        """
}
