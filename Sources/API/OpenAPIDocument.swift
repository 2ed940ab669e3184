import Foundation
import Ledger

/// The OpenAPI 3.1 description of the Lunas HTTP API, served at `GET /openapi.yaml`.
///
/// It states every constraint the server enforces (plate and receipt-code patterns, the city's
/// vehicle classes, zones and fees, the notify's fields), so that a schema-valid request is never
/// refused as bad input: `scripts/checks/api-schemathesis.sh` fuzzes the live server from it with
/// every schemathesis check. `Tests/APITests/OpenAPIDocumentTests.swift` checks that its paths and
/// methods are exactly the router's routes, so the document cannot drift from the code.
public enum OpenAPIDocument {
    /// The document for a city: the template with the city's vehicle classes, zones and fees.
    public static func yaml(for configuration: CityConfiguration) -> String {
        let fees = configuration.fees.fees.map { fee -> String in
            let amount: String
            switch fee.amount {
            case .fixed(let value):
                amount = "amount: {type: integer, const: \(value.value)}}"
            case .bounded(let minimum, let maximum):
                amount = "amount: {type: integer, minimum: \(minimum.value), maximum: \(maximum.value)}}, required: [fee, payerReference, amount]"
            }
            return "                - {properties: {fee: {const: '\(fee.code)'}, \(amount)}"
        }
        return template
            .replacingOccurrences(of: "VEHICLE_CLASSES", with: flowList(configuration.vehicleClasses.map(\.id.rawValue)))
            .replacingOccurrences(
                of: "ZONES_OR_NULL", with: flowList(configuration.zones.map(\.id.rawValue)).dropLast() + ", null]"
            )
            .replacingOccurrences(
                of: "ZONES_DASH_OR_NULL",
                with: flowList(configuration.zones.map(\.id.rawValue) + ["-"]).dropLast() + ", null]")
            .replacingOccurrences(of: "ZONES", with: flowList(configuration.zones.map(\.id.rawValue)))
            .replacingOccurrences(of: "                - FEES\n", with: fees.joined(separator: "\n") + "\n")
    }

    /// The head of an operation's `requestBody:` that takes one JSON object. Interpolated at an
    /// operation's indentation; the object's other keywords follow it at the schema's.
    static let jsonRequestBody = [
        "requestBody:",
        "  required: true",
        "  content:",
        "    application/json:",
        "      schema:",
        "        type: object",
    ].joined(separator: "\n      ")

    /// ``jsonRequestBody`` for an object that refuses members it does not name
    /// (`additionalProperties: false`); its `required:` and `properties:` follow.
    static let strictJSONRequestBody = jsonRequestBody + "\n              additionalProperties: false"

    /// `[a, 'b-c']`: a YAML flow list of quoted strings.
    private static func flowList(_ items: [String]) -> String {
        "[" + items.map { "'\($0)'" }.joined(separator: ", ") + "]"
    }

    /// The YAML text with the city's lists as placeholders.
    static let template = """
        openapi: 3.1.0
        info:
          title: Lunas
          version: 0.1.0
          description: >-
            Cashless city revenue: parking tickets and public-fee invoices paid by QRIS. Every /api route
            needs `Authorization: Bearer TOKEN` (a device token from `lunas device enroll`). Errors are
            `{"error":{"code","message","field"}}`.
        servers:
          - url: http://127.0.0.1:8080
        components:
          securitySchemes:
            device: {type: http, scheme: bearer}
          parameters:
            id: {name: id, in: path, required: true, schema: {type: string, maxLength: 64}}
            date: {name: date, in: path, required: true, description: 'a city day, YYYY-MM-DD (years 0001-9999)', schema: {type: string, format: date, pattern: '^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-[0-9]{2}-[0-9]{2}$'}}
        \(transparencyMonthParameter)
            idempotencyKey:
              name: Idempotency-Key
              in: header
              required: true
              schema: {type: string, minLength: 1, maxLength: 96, pattern: '^[!-~]+$'}
          schemas:
            Plate:
              type: string
              description: 'A vehicle plate (TNKB): 1-12 ASCII letters and digits once spaces, dots and dashes are removed; compared in upper case'
              maxLength: 40
              pattern: '^[ .-]*([A-Za-z0-9][ .-]*){1,12}$'
            Error:
              type: object
              required: [error]
              properties:
                error:
                  type: object
                  required: [code, message, field]
                  properties:
                    code: {type: string}
                    message: {type: string}
                    field: {type: [string, 'null']}
            Invoice:
              type: object
              required: [id, billNumber, amount, status, expiresAt, qris, receiptCode, shortCode, kind, issuedAt, deviceID, deviceSequence]
              properties:
                id: {type: string}
                billNumber: {type: string, maxLength: 25}
                amount: {type: integer, minimum: 1, description: whole rupiah}
                status: {type: string, enum: [issued, paid, paid_late, settled, expired, cancelled, refunded]}
                expiresAt: {type: string, format: date-time}
                qris: {type: string}
                receiptCode: {type: string}
                shortCode: {type: string, pattern: '^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$', description: 'the short code a citizen types at /cek (Crockford base32, the last character a check character)'}
                kind: {type: string, enum: [fee, parking]}
                issuedAt: {type: string, format: date-time}
                paidAt: {type: string, format: date-time}
                deviceID: {type: string}
                deviceSequence: {type: integer}
                fee: {type: string}
                ticketID: {type: string}
            Ticket:
              type: object
              required: [id, plate, vehicleClass, zone, entryTime, deviceSequence]
              properties:
                id: {type: string}
                plate: {type: string}
                vehicleClass: {type: string}
                zone: {type: string}
                entryTime: {type: string, format: date-time}
                exitTime: {type: string, format: date-time}
                deviceSequence: {type: integer}
                invoiceID: {type: string}
                closure: {type: string, enum: [free, void], description: 'how the ticket ended without an invoice'}
                voidReason: {type: string}
                reprints: {type: integer, minimum: 1, description: 'how many times the ticket was printed again; absent when never'}
            Links:
              type: object
              description: 'an invoice''s links; a parking ticket without an invoice (hourly entry) has only ticketEscpos and ticketPng'
              required: [ticketEscpos, ticketPng]
              properties:
                png: {type: string}
                svg: {type: string}
                escpos: {type: string}
                text: {type: string}
                ticketEscpos: {type: string}
                ticketPng: {type: string}
                status: {type: string}
                events: {type: string}
                cancel: {type: string}
                receipt: {type: string}
            Issued:
              type: object
              required: [ticket, invoice, links]
              properties:
                ticket: {oneOf: [{$ref: '#/components/schemas/Ticket'}, {type: 'null'}]}
                invoice: {oneOf: [{$ref: '#/components/schemas/Invoice'}, {type: 'null'}]}
                links: {oneOf: [{$ref: '#/components/schemas/Links'}, {type: 'null'}]}
                exit: {type: string}
            InvoiceBody:
              type: object
              required: [invoice]
              properties:
                invoice: {$ref: '#/components/schemas/Invoice'}
            SNAPResult:
              type: object
              required: [responseCode, responseMessage]
              properties:
                responseCode: {type: string, pattern: '^[0-9]{7}$', description: 'HTTP status + service code 52 + case code'}
                responseMessage: {type: string, maxLength: 150}
            Device:
              type: object
              required: [id, name, role, zone, zones, enrolledAt, lastSequence, offlineKey]
              properties:
                id: {type: string}
                name: {type: string}
                role: {type: string, enum: [attendant, kiosk, supervisor, finance, admin, auditor]}
                zone: {type: string, description: 'the first zone, or - for none (older clients)'}
                zones: {type: array, items: {type: string}, description: 'empty: none (a supervisor without zones covers the whole city)'}
                enrolledAt: {type: string, format: date-time}
                revokedAt: {type: string, format: date-time}
                lastSequence: {type: integer}
                attendant: {type: string, description: 'the person working with the device, printed on its tickets'}
                code: {type: string, pattern: '^[0-9A-HJKMNP-TV-Z]{4}$', description: 'the device code in its offline bill numbers'}
                offlineKey: {type: boolean, description: 'whether the device registered its Ed25519 key for offline records'}
        \(settlementSchemas)
        \(daySchemas)
        \(complaintSchemas)
        \(transparencySchemas)
        \(offlineSchemas)
          links:
            GetInvoice: {operationId: getInvoice, parameters: {id: '$response.body#/invoice/id'}, description: 'the issued invoice'}
            CancelInvoice: {operationId: cancelInvoice, parameters: {id: '$response.body#/invoice/id'}, description: 'cancel the issued invoice'}
            GetTicket: {operationId: getTicket, parameters: {id: '$response.body#/ticket/id'}, description: 'the opened ticket'}
            ApplySettlement: {operationId: applySettlement, parameters: {id: '$response.body#/id'}, description: 'apply the uploaded file to the ledger'}
          responses:
            Error: {description: 'Bad input (400), no or revoked token (401), wrong role (403), unknown (404), conflict (409), too large (413), wrong content type (415); in snap issuing mode the acquirer refused or sent a wrong QR (502) or is unreachable (503)', content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
        security:
          - device: []
        paths:
          /healthz:
            get: {summary: Liveness, security: [], responses: {'200': {description: ok}}}
          /readyz:
            get: {summary: 'Readiness (the ledger answers)', security: [], responses: {'200': {description: ready}, '500': {$ref: '#/components/responses/Error'}}}
          /openapi.yaml:
            get: {summary: This document, security: [], responses: {'200': {description: OpenAPI 3.1, content: {application/yaml: {}}}}}
          /v1.0/qr/qr-mpm-notify:
            post:
              summary: 'SNAP QRIS MPM payment notify from the acquirer (under the acquirer profile''s pathPrefix; mounted only when lunas.json names an acquirer)'
              description: >-
                No device token: the acquirer's signature (X-SIGNATURE over the profile's notify scheme, with
                X-TIMESTAMP within the allowed skew) is the credential. A bad signature answers 401 4015200 and
                writes nothing, as does a header pair or X-EXTERNAL-ID already used by another body within the
                skew window (401 4015200, 409 4095200); a bad or missing signature header 400. Every notify whose
                signature verifies is recorded and answers 200 2005200: a payment, a replay of the same (bill
                number, RRN), or a payment exception when it does not fit (unknown or over-long bill number,
                wrong amount, an amount above the QRIS maximum kept as text, a field the ledger cannot hold, a
                body that cannot be read as sent). 500 5005201 only when the ledger cannot record it (the
                acquirer retries with the same body).
              security: []
              parameters:
                - {name: X-TIMESTAMP, in: header, required: true, description: 'SNAP timestamp with its UTC offset, within the profile''s clock skew', schema: {type: string, pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9][+-](0[0-9]|1[0-3]):[0-5][0-9]$'}}
                - {name: X-SIGNATURE, in: header, required: true, description: 'the acquirer''s signature (base64) under the profile''s notify scheme', schema: {type: string, minLength: 4, maxLength: 1024, pattern: '^[A-Za-z0-9+/]+={0,2}$'}}
                - {name: X-PARTNER-ID, in: header, required: false, schema: {type: string, maxLength: 36}}
                - {name: X-EXTERNAL-ID, in: header, required: false, description: 'unique per delivery; a repeat within the skew window is refused', schema: {type: string, maxLength: 36}}
                - {name: CHANNEL-ID, in: header, required: false, schema: {type: string, maxLength: 5}}
              \(jsonRequestBody)
                      required: [originalReferenceNo, originalPartnerReferenceNo, latestTransactionStatus]
                      properties:
                        originalReferenceNo: {type: string, minLength: 1, maxLength: 64, description: 'the acquirer''s reference'}
                        originalPartnerReferenceNo: {type: string, minLength: 1, maxLength: 64, description: 'the bill number (QRIS tag 62-01)'}
                        latestTransactionStatus: {type: string, enum: ['00', '01', '02', '03', '04', '05', '06', '07'], description: '00 success; a success needs amount'}
                        transactionStatusDesc: {type: string}
                        amount:
                          type: object
                          required: [value, currency]
                          properties:
                            value: {type: string, pattern: '^[0-9]{1,19}\\.[0-9]{2}$', description: 'rupiah with two decimals; above 9999999999999.00 (the QRIS maximum) it is recorded as an exception, never as money'}
                            currency: {type: string, enum: [IDR]}
                        paidTime: {type: string, description: 'ISO-8601 with offset'}
                        additionalInfo:
                          type: object
                          properties:
                            retrievalReferenceNo: {type: string, maxLength: 32}
                            issuer: {type: string}
              responses:
                '200': {description: 'accepted (2005200): recorded, replayed or recorded as an exception', content: {application/json: {schema: {$ref: '#/components/schemas/SNAPResult'}}}}
                '400': {description: 'a missing or malformed header or field (40052xx)', content: {application/json: {schema: {$ref: '#/components/schemas/SNAPResult'}}}}
                '401': {description: 'the signature does not verify, or its header pair was used by another body (4015200); nothing written', content: {application/json: {schema: {$ref: '#/components/schemas/SNAPResult'}}}}
                '409': {description: 'the X-EXTERNAL-ID was used by another body within the skew window (4095200); nothing written', content: {application/json: {schema: {$ref: '#/components/schemas/SNAPResult'}}}}
                '500': {description: 'the ledger could not record it (5005201); the acquirer retries', content: {application/json: {schema: {$ref: '#/components/schemas/SNAPResult'}}}}
          /public/tariffs:
            get: {summary: 'Tariffs, fees and zones with their legal basis (JSON, or Indonesian HTML for Accept: text/html)', security: [], responses: {'200': {description: the tariff publication, content: {application/json: {}, text/html: {}}}}}
          /public/receipt-keys:
            get: {summary: The receipt public keys (Ed25519), security: [], responses: {'200': {description: the key ring, content: {application/json: {}}}}}
          /public/receipts/{code}:
            get:
              summary: 'Whether a receipt code is genuine and paid (JSON, or Indonesian HTML)'
              security: []
              parameters: [{name: code, in: path, required: true, description: 'the code from the ticket; one that does not decode or verify is 404', schema: {type: string, minLength: 5, maxLength: 300, pattern: '^[Ll][Rr]1-[0-9A-TV-Za-tv-z-]{1,296}$'}}]
              responses: {'200': {description: 'genuine; refunds lists the money given back (amount, refundedAt, and kind: refund when the city refunded through the acquirer, reversal when the payer''s bank took it back)', content: {application/json: {}, text/html: {}}}, '400': {$ref: '#/components/responses/Error'}, '404': {$ref: '#/components/responses/Error'}}
          /api/v1/parking/tickets:
            get:
              summary: 'The open hourly tickets of a plate, for the exit (attendant, admin, finance)'
              parameters: [{name: plate, in: query, required: true, schema: {$ref: '#/components/schemas/Plate'}}]
              responses: {'200': {description: open tickets, content: {application/json: {schema: {type: object, properties: {tickets: {type: array, items: {$ref: '#/components/schemas/Ticket'}}}}}}}, '400': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}}
            post:
              operationId: openTicket
              summary: 'Issue a parking ticket (attendant): flat tariffs are invoiced now, hourly ones at exit'
              parameters: [{$ref: '#/components/parameters/idempotencyKey'}]
              \(strictJSONRequestBody)
                      required: [plate, vehicleClass]
                      properties:
                        plate: {$ref: '#/components/schemas/Plate'}
                        vehicleClass: {type: string, enum: VEHICLE_CLASSES}
                        zone: {type: [string, 'null'], enum: ZONES_OR_NULL, description: 'default (absent or null): the device''s zone when it has exactly one'}
              responses: {'201': {description: issued, content: {application/json: {schema: {$ref: '#/components/schemas/Issued'}}}, links: {GetTicket: {$ref: '#/components/links/GetTicket'}, GetInvoice: {$ref: '#/components/links/GetInvoice'}, CancelInvoice: {$ref: '#/components/links/CancelInvoice'}}}, '400': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}, '409': {$ref: '#/components/responses/Error'}, '413': {$ref: '#/components/responses/Error'}, '415': {$ref: '#/components/responses/Error'}, '422': {$ref: '#/components/responses/Error'}, '502': {$ref: '#/components/responses/Error'}, '503': {$ref: '#/components/responses/Error'}}
          /api/v1/parking/tickets/{id}:
            get: {operationId: getTicket, summary: 'A ticket and its invoice (attendant, admin, finance)', parameters: [{$ref: '#/components/parameters/id'}], responses: {'200': {description: the ticket, content: {application/json: {schema: {$ref: '#/components/schemas/Issued'}}}}, '404': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}}}
          /api/v1/parking/tickets/{id}/exit:
            post:
              summary: 'Close an hourly ticket and issue its invoice (attendant); a closed ticket returns its invoice (200)'
              parameters: [{$ref: '#/components/parameters/id'}]
              responses: {'200': {description: already closed, content: {application/json: {schema: {$ref: '#/components/schemas/Issued'}}}}, '201': {description: 'closed and invoiced; a stay that costs nothing (grace period, free window) is closed without an invoice (invoice null, closure free, links print the Rp0 ticket)', content: {application/json: {schema: {$ref: '#/components/schemas/Issued'}}}}, '404': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}, '409': {$ref: '#/components/responses/Error'}, '422': {$ref: '#/components/responses/Error'}, '502': {$ref: '#/components/responses/Error'}, '503': {$ref: '#/components/responses/Error'}}
          /api/v1/invoices:
            post:
              operationId: issueFeeInvoice
              summary: Issue a public-fee invoice (kiosk, admin)
              parameters: [{$ref: '#/components/parameters/idempotencyKey'}]
              \(jsonRequestBody)
                      description: 'A fixed fee takes no amount (or exactly its amount); a bounded fee needs one within its bounds'
                      additionalProperties: false
                      required: [fee, payerReference]
                      properties:
                        fee: {type: string}
                        payerReference: {type: string, minLength: 1, maxLength: 25, pattern: '^[ -~]+$', description: 'QRIS tag 62-05: printable ASCII'}
                        amount: {type: integer}
                      oneOf:
                        - FEES
              responses: {'201': {description: issued, content: {application/json: {schema: {$ref: '#/components/schemas/Issued'}}}, links: {GetInvoice: {$ref: '#/components/links/GetInvoice'}, CancelInvoice: {$ref: '#/components/links/CancelInvoice'}}}, '400': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}, '409': {$ref: '#/components/responses/Error'}, '413': {$ref: '#/components/responses/Error'}, '415': {$ref: '#/components/responses/Error'}, '502': {$ref: '#/components/responses/Error'}, '503': {$ref: '#/components/responses/Error'}}
          /api/v1/invoices/{id}:
            get:
              operationId: getInvoice
              summary: 'An invoice; ?wait=N (0-60) long-polls until it leaves issued'
              parameters: [{$ref: '#/components/parameters/id'}, {name: wait, in: query, schema: {type: integer, minimum: 0, maximum: 60}}]
              responses: {'200': {description: the invoice, content: {application/json: {schema: {$ref: '#/components/schemas/InvoiceBody'}}}}, '404': {$ref: '#/components/responses/Error'}, '400': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}}
          /api/v1/invoices/{id}/events:
            get: {summary: 'Server-Sent Events: status, then paid the moment it happens', parameters: [{$ref: '#/components/parameters/id'}], responses: {'200': {description: event stream, content: {text/event-stream: {}}}, '404': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}}}
          /api/v1/invoices/{id}/cancel:
            post:
              operationId: cancelInvoice
              summary: 'Cancel an issued invoice (the issuing attendant, kiosk or admin; a supervisor covering its zone)'
              parameters: [{$ref: '#/components/parameters/id'}]
              requestBody: {required: false, content: {application/json: {schema: {type: object, additionalProperties: false, properties: {reason: {type: [string, 'null'], pattern: '^[^\\u0000-\\u001F]*$', description: 'why, without control characters; its first 200 characters are kept; empty or null: none given'}}}}}}
              responses: {'200': {description: 'cancelled; in snap mode acquirerCancel says whether the acquirer cancelled the QR too (status unavailable: repeat the cancel to try again)', content: {application/json: {schema: {type: object, required: [invoice], properties: {invoice: {$ref: '#/components/schemas/Invoice'}, acquirerCancel: {type: object, required: [status], properties: {status: {type: string, enum: [cancelled, unavailable, refused]}, message: {type: string}}}}}}}}, '404': {$ref: '#/components/responses/Error'}, '409': {$ref: '#/components/responses/Error'}, '400': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}, '413': {$ref: '#/components/responses/Error'}, '415': {$ref: '#/components/responses/Error'}}
          /api/v1/invoices/{id}/qr.png:
            get: {summary: QR code as PNG, parameters: [{$ref: '#/components/parameters/id'}], responses: {'200': {description: image, content: {image/png: {}}}, '404': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}}}
          /api/v1/invoices/{id}/qr.svg:
            get: {summary: QR code as SVG, parameters: [{$ref: '#/components/parameters/id'}], responses: {'200': {description: image, content: {image/svg+xml: {}}}, '404': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}}}
          /api/v1/invoices/{id}/qr.escpos:
            get: {summary: QR code as an ESC/POS job for 58 mm printers, parameters: [{$ref: '#/components/parameters/id'}], responses: {'200': {description: printer job, content: {application/octet-stream: {}}}, '404': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}}}
          /api/v1/invoices/{id}/qr.txt:
            get: {summary: QR code as terminal text, parameters: [{$ref: '#/components/parameters/id'}], responses: {'200': {description: text, content: {text/plain: {}}}, '404': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}}}
          /api/v1/invoices/{id}/ticket.escpos:
            get: {summary: The printable ticket as an ESC/POS job, parameters: [{$ref: '#/components/parameters/id'}], responses: {'200': {description: printer job, content: {application/octet-stream: {}}}, '404': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}}}
          /api/v1/invoices/{id}/ticket.png:
            get: {summary: The printable ticket as a 384-pixel PNG, parameters: [{$ref: '#/components/parameters/id'}], responses: {'200': {description: image, content: {image/png: {}}}, '404': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}}}
          /api/v1/reports/daily:
            get: {summary: 'The city day''s totals by fee, zone, device and status, sequence gaps, refunds and late adjustments; a closed day answers its statement''s figures and the late events about it (finance, auditor, admin)', parameters: [{name: date, in: query, required: true, schema: {type: string, format: date}}], responses: {'200': {description: the report, content: {application/json: {schema: {oneOf: [{$ref: '#/components/schemas/DailyReport'}, {$ref: '#/components/schemas/ClosedDayReport'}]}}}}, '400': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}}}
        \(settlementPaths)
        \(dayPaths)
        \(complaintPaths)
        \(shiftPaths)
        \(offlinePaths)
        \(transparencyPaths)
          /api/v1/devices:
            get: {summary: Every device (admin), responses: {'200': {description: devices, content: {application/json: {}}}, '403': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}}}
            post:
              summary: Enrol a device (admin); the token is in this response only
              parameters: [{name: Idempotency-Key, in: header, required: false, description: 'a repeat with the same body answers 200 with the first device and token null', schema: {type: string, minLength: 1, maxLength: 96, pattern: '^[!-~]+$'}}]
              \(strictJSONRequestBody)
                      required: [name, role]
                      not: {required: [zone, zones], properties: {zone: {type: string}, zones: {type: array}}}
                      properties:
                        name: {type: string, minLength: 1, maxLength: 120, pattern: '^[^\\u0000-\\u001F\\u007F]+$'}
                        role: {type: string, enum: [attendant, kiosk, supervisor, finance, admin, auditor]}
                        zones: {type: [array, 'null'], maxItems: 64, items: {type: string, enum: ZONES}, description: 'none or null: no zone (a supervisor then covers the whole city)'}
                        zone: {type: [string, 'null'], enum: ZONES_DASH_OR_NULL, description: 'older single-zone form; - or null for none; not together with zones'}
                        attendant: {type: [string, 'null'], minLength: 1, maxLength: 60, pattern: '^[^\\u0000-\\u001F\\u007F]+$', description: 'the person working with the device, printed on its tickets'}
              responses: {'200': {description: 'a repeat of the same Idempotency-Key and body: the first device, token null', content: {application/json: {schema: {type: object, properties: {device: {$ref: '#/components/schemas/Device'}, token: {type: 'null'}}}}}}, '201': {description: enrolled, content: {application/json: {schema: {type: object, properties: {device: {$ref: '#/components/schemas/Device'}, token: {type: string}}}}}}, '400': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}, '409': {$ref: '#/components/responses/Error'}, '413': {$ref: '#/components/responses/Error'}, '415': {$ref: '#/components/responses/Error'}}
          /api/v1/devices/{id}:
            get: {summary: One device (admin), parameters: [{$ref: '#/components/parameters/id'}], responses: {'200': {description: the device, content: {application/json: {}}}, '404': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}}}
            delete: {summary: 'Revoke a device (admin), effective on its next request', parameters: [{$ref: '#/components/parameters/id'}], responses: {'200': {description: revoked, content: {application/json: {}}}, '404': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}}}

        """
}
