import Foundation

// The complaint parts of the OpenAPI document (`OpenAPIDocument.template` places them): citizens
// file and follow complaints (public); supervisors and admins work them.
extension OpenAPIDocument {
    /// The schemas `ComplaintFiling`, `FiledComplaint`, `PublicComplaint` and `Complaint`.
    static let complaintSchemas = """
            ComplaintFiling:
              type: object
              description: 'A citizen''s complaint. Without receiptCode or billNumber, zone is required.'
              additionalProperties: false
              required: [category, description]
              properties:
                category: {type: string, enum: [overcharged, cash_requested, no_ticket, qr_failed, paid_shown_unpaid, attendant_behaviour, other]}
                receiptCode: {type: string, maxLength: 300, description: 'the receipt code on the ticket; links the complaint to its invoice'}
                billNumber: {type: string, maxLength: 25}
                plate: {type: string, maxLength: 16}
                zone: {type: string, maxLength: 32}
                occurredAt: {type: string, description: 'YYYY-MM-DDTHH:MM in the city''s time, or RFC 3339; not in the future'}
                description: {type: string, minLength: 1, maxLength: 2000}
                contact: {type: string, maxLength: 120, description: 'phone or e-mail; never shown publicly'}
                photo: {type: string, contentEncoding: base64, description: 'JPEG or PNG, at most 2 MB; metadata removed'}
            FiledComplaint:
              type: object
              required: [complaint]
              properties:
                complaint:
                  type: object
                  required: [number, accessCode, status, category, filedAt, acknowledgeBy, deadline, statusPath]
                  properties:
                    number: {type: string, pattern: '^ADU-[0-9]{6}-[0-9A-HJKMNP-TV-Z]{5}$'}
                    accessCode: {type: string, description: 'with the number, opens the status page; shown only here'}
                    status: {type: string, enum: [open, answered, resolved]}
                    category: {type: string}
                    filedAt: {type: string, format: date-time}
                    acknowledgeBy: {type: string, format: date-time}
                    deadline: {type: string, format: date-time, description: 'the end of the last working day the service standard allows'}
                    statusPath: {type: string}
            PublicComplaint:
              type: object
              required: [complaint]
              properties:
                complaint:
                  type: object
                  description: 'What the citizen sees: never the contact, the device or who answered'
                  required: [number, category, status, filedAt, deadline, answers]
                  properties:
                    number: {type: string}
                    category: {type: string}
                    status: {type: string, enum: [open, answered, resolved]}
                    filedAt: {type: string, format: date-time}
                    deadline: {type: string, format: date-time}
                    deadlineMet: {type: boolean, description: 'resolved by the deadline; absent while open and not yet late'}
                    zone: {type: string}
                    amount: {type: integer, description: 'the linked ticket''s amount'}
                    ticketIssuedAt: {type: string, format: date-time}
                    answers: {type: array, items: {type: object, required: [message, at], properties: {message: {type: string}, at: {type: string, format: date-time}}}}
                    outcome: {type: string, enum: [substantiated, not_substantiated, restitution, referred]}
                    outcomeNote: {type: string}
                    laporNumber: {type: string}
                    resolvedAt: {type: string, format: date-time}
            Complaint:
              type: object
              required: [number, category, tier, state, filedAt, acknowledgeBy, deadline, answers]
              properties:
                number: {type: string}
                category: {type: string}
                tier: {type: string, description: 'the service-standard tier whose handling time applies'}
                state: {type: string, enum: [open, answered, resolved]}
                filedAt: {type: string, format: date-time}
                acknowledgeBy: {type: string, format: date-time}
                deadline: {type: string, format: date-time}
                answeredAt: {type: string, format: date-time, description: 'the city''s first word to the citizen (an answer or the resolution); due by acknowledgeBy'}
                deadlineMet: {type: boolean, description: 'resolved by the deadline; absent while open and not yet late'}
                invoiceId: {type: string}
                deviceId: {type: string, description: 'the device that issued the linked invoice (the attendant''s handheld)'}
                zone: {type: string}
                plate: {type: string}
                occurredAt: {type: string, format: date-time}
                assignee: {type: string}
                answers: {type: array, items: {type: object, required: [message, at], properties: {message: {type: string}, at: {type: string, format: date-time}, byDevice: {type: string}, byStaff: {type: string}}}}
                resolution: {type: object, required: [outcome, note, at], properties: {outcome: {type: string, enum: [substantiated, not_substantiated, restitution, referred]}, note: {type: string}, laporNumber: {type: string}, refundId: {type: string}, at: {type: string, format: date-time}, byDevice: {type: string}, byStaff: {type: string}}}
                description: {type: string, description: 'single complaint only; the citizen''s words'}
                contact: {type: string, description: 'single complaint only, supervisors and admins'}
                hasPhoto: {type: boolean}
        """

    static let complaintPaths = """
          /public/complaints:
            post:
              operationId: fileComplaint
              summary: 'File a complaint (public; JSON, or the /aduan form as multipart/form-data or urlencoded, answered with a page)'
              description: >-
                At most complaints.perAddressPerHour per client address (429 complaint.rateLimited with Retry-After). The
                Idempotency-Key header (16–128 characters; the form's hidden formToken) makes a double submit return the
                first complaint with 200. 400 complaint.receiptUnknown when the receipt code or bill number names no ticket.
              security: []
              parameters: [{name: Idempotency-Key, in: header, schema: {type: string, minLength: 16, maxLength: 128}}]
              requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/ComplaintFiling'}}, multipart/form-data: {}, application/x-www-form-urlencoded: {}}}
              responses: {'201': {description: 'filed', content: {application/json: {schema: {$ref: '#/components/schemas/FiledComplaint'}}, text/html: {}}}, '200': {description: 'a double submit: the first complaint', content: {application/json: {schema: {$ref: '#/components/schemas/FiledComplaint'}}, text/html: {}}}, '400': {description: 'refused, naming the field (JSON; the Indonesian form again for a form)', content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}, text/html: {}}}, '409': {description: 'idempotency.keyReused: the token filed another complaint (JSON; the form again for a form)', content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}, text/html: {}}}, '413': {$ref: '#/components/responses/Error'}, '415': {$ref: '#/components/responses/Error'}, '429': {description: 'complaint.rateLimited, with Retry-After (JSON; an Indonesian page for a form)', content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}, text/html: {}}}}
          /public/complaints/{number}:
            get:
              operationId: getPublicComplaint
              summary: 'A complaint''s status and the city''s answers (public, with its access code; JSON or an Indonesian page)'
              security: []
              parameters: [{name: number, in: path, required: true, schema: {type: string, maxLength: 16}}, {name: code, in: query, required: true, schema: {type: string, maxLength: 64}}]
              responses: {'200': {description: 'the status', content: {application/json: {schema: {$ref: '#/components/schemas/PublicComplaint'}}, text/html: {}}}, '404': {description: 'complaint.notFound: no complaint with this number and code', content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}, text/html: {}}}}
          /api/v1/complaints:
            get:
              operationId: listComplaints
              summary: 'Complaints, newest first (supervisor, auditor, admin)'
              parameters: [{name: state, in: query, schema: {type: string, enum: [open, answered, resolved]}}, {name: from, in: query, schema: {type: string, format: date}}, {name: to, in: query, schema: {type: string, format: date}}, {name: zone, in: query, schema: {type: string, maxLength: 32}}, {name: deviceId, in: query, schema: {type: string, maxLength: 64}}, {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 1000, default: 200}}]
              responses: {'200': {description: 'the complaints', content: {application/json: {schema: {type: object, required: [complaints], properties: {complaints: {type: array, items: {$ref: '#/components/schemas/Complaint'}}}}}}}, '400': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}}
          /api/v1/complaints/{number}:
            get:
              operationId: getComplaint
              summary: 'One complaint with the citizen''s words (supervisor, auditor, admin; auditors without the contact)'
              parameters: [{name: number, in: path, required: true, schema: {type: string, maxLength: 16}}]
              responses: {'200': {description: 'the complaint', content: {application/json: {schema: {$ref: '#/components/schemas/Complaint'}}}}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}, '404': {$ref: '#/components/responses/Error'}}
          /api/v1/complaints/{number}/assign:
            post:
              operationId: assignComplaint
              summary: 'Give a complaint to a person (supervisor, admin); complaint.assigned'
              parameters: [{name: number, in: path, required: true, schema: {type: string, maxLength: 16}}]
              requestBody: {required: true, content: {application/json: {schema: {type: object, additionalProperties: false, required: [to], properties: {to: {type: string, minLength: 1, maxLength: 100}}}}}}
              responses: {'200': {description: 'assigned', content: {application/json: {schema: {$ref: '#/components/schemas/Complaint'}}}}, '400': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}, '404': {$ref: '#/components/responses/Error'}, '409': {$ref: '#/components/responses/Error'}, '413': {$ref: '#/components/responses/Error'}, '415': {$ref: '#/components/responses/Error'}}
          /api/v1/complaints/{number}/answer:
            post:
              operationId: answerComplaint
              summary: 'Send the citizen a message, shown on the public status page (supervisor, admin); complaint.answered'
              parameters: [{name: number, in: path, required: true, schema: {type: string, maxLength: 16}}]
              requestBody: {required: true, content: {application/json: {schema: {type: object, additionalProperties: false, required: [message], properties: {message: {type: string, minLength: 1, maxLength: 2000}}}}}}
              responses: {'200': {description: 'answered', content: {application/json: {schema: {$ref: '#/components/schemas/Complaint'}}}}, '400': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}, '404': {$ref: '#/components/responses/Error'}, '409': {$ref: '#/components/responses/Error'}, '413': {$ref: '#/components/responses/Error'}, '415': {$ref: '#/components/responses/Error'}}
          /api/v1/complaints/{number}/resolve:
            post:
              operationId: resolveComplaint
              summary: 'End a complaint with an outcome (supervisor, admin); complaint.resolved'
              description: 'referred needs laporNumber (the SP4N-LAPOR! tracking number); restitution may name refundId.'
              parameters: [{name: number, in: path, required: true, schema: {type: string, maxLength: 16}}]
              requestBody: {required: true, content: {application/json: {schema: {type: object, additionalProperties: false, required: [outcome, note], properties: {outcome: {type: string, enum: [substantiated, not_substantiated, restitution, referred]}, note: {type: string, minLength: 1, maxLength: 2000}, laporNumber: {type: string, maxLength: 40}, refundId: {type: string, maxLength: 64}}}}}}
              responses: {'200': {description: 'resolved', content: {application/json: {schema: {$ref: '#/components/schemas/Complaint'}}}}, '400': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}, '404': {$ref: '#/components/responses/Error'}, '409': {$ref: '#/components/responses/Error'}, '413': {$ref: '#/components/responses/Error'}, '415': {$ref: '#/components/responses/Error'}}
        """
}
