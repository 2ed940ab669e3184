extension OpenAPIDocument {
    /// Offline issuance (issue 16, docs/offline.md): the device's key, its bundle, its sync.
    static let offlinePaths = """
          /api/v1/devices/me/key:
            post:
              summary: 'Register this device''s Ed25519 public key for offline records, once (attendant, kiosk); a device.keyRegistered event names the device and gives it a device code if it has none'
              \(strictJSONRequestBody)
                      required: [publicKey]
                      properties:
                        publicKey: {type: string, minLength: 44, maxLength: 44, description: 'standard base64 of the 32 raw bytes of an Ed25519 public key'}
              responses: {'201': {description: 'registered', content: {application/json: {schema: {type: object, properties: {device: {$ref: '#/components/schemas/Device'}}}}}}, '200': {description: 'the same key again: nothing written', content: {application/json: {schema: {type: object, properties: {device: {$ref: '#/components/schemas/Device'}}}}}}, '400': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}, '409': {$ref: '#/components/responses/Error'}, '413': {$ref: '#/components/responses/Error'}, '415': {$ref: '#/components/responses/Error'}}
          /api/v1/devices/me/attendant:
            put:
              summary: 'Record the person now working with this device (attendant, kiosk: a shift starting); a device.attendantChanged event names the device itself'
              \(strictJSONRequestBody)
                      required: [attendant]
                      properties:
                        attendant: {type: [string, 'null'], maxLength: 60, pattern: '^[^\\u0000-\\u001F\\u007F]*$', description: 'the name printed on tickets; null or empty: none'}
              responses: {'200': {description: 'the device (the same name again writes nothing)', content: {application/json: {schema: {type: object, properties: {device: {$ref: '#/components/schemas/Device'}}}}}}, '400': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}, '413': {$ref: '#/components/responses/Error'}, '415': {$ref: '#/components/responses/Error'}}
          /api/v1/devices/me/bundle:
            get:
              summary: 'The signed offline bundle of this device (attendant, kiosk): tariffs, zones, the static QRIS, limits and validity, canonical JSON signed with the receipt key ring; an offline.bundleIssued event names the device'
              responses: {'200': {description: 'the bundle (docs/offline.md; verify it against /public/receipt-keys)', content: {application/json: {schema: {type: object, required: [bundleVersion, bundleId, city, deviceId, deviceCode, staticQRIS, acceptsStaticBills, validFrom, validUntil, maxHours, maxTickets, lastSequence, keyId, signature]}}}}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}, '409': {$ref: '#/components/responses/Error'}}
          /api/v1/devices/me/offline-tickets:
            post:
              summary: 'Sync offline records of this device (attendant, kiosk): each is checked and recorded with its own times and source offline, answered duplicate when its idempotency key was used, or refused; exceptions for what the checks flag'
              \(offlineSync(clock: "the handheld''s clock when it sent the batch", errors: [400, 401, 403, 409, 413, 415]))
          /api/v1/devices/{id}/offline-tickets:
            post:
              summary: 'Bring the offline records an administrator collected from a handheld (lunas handheld export), active or revoked (admin): the same body, checks and answer as the device''s own sync, against that device''s key; a record dated after its revocation is refused offline.tooLate with an offline_refused exception; the offline.recorded events name the admin'
              parameters: [{$ref: '#/components/parameters/id'}]
              \(offlineSync(clock: "the handheld''s clock when the queue was exported (not compared with the server''s)", errors: [400, 401, 403, 404, 409, 413, 415]))
        """

    /// The body and answers of a sync of offline records (the device's own, an admin's upload);
    /// `clock` describes `deviceClock`, `errors` are the error statuses the route answers.
    private static func offlineSync(clock: String, errors: [Int]) -> String {
        [
            strictJSONRequestBody,
            "        required: [deviceClock, records]",
            "        properties:",
            "          deviceClock: {type: string, pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$', description: '" + clock + "'}",
            "          records: {type: array, maxItems: 5000, items: {type: object, description: 'an offline record (docs/offline.md), signed by the device'}, description: 'at most offline.maxTickets records, in the order they were made'}",
            "responses: {'200': {description: 'one result per record, in order', content: {application/json: {schema: {type: object, required: [results], properties: {results: {type: array, items: {$ref: '#/components/schemas/OfflineResult'}}}}}}}, "
                + errors.map { "'\($0)': {$ref: '#/components/responses/Error'}" }.joined(separator: ", ") + "}",
        ].joined(separator: "\n      ")
    }

    /// The schema of one sync result.
    static let offlineSchemas = """
            OfflineResult:
              type: object
              required: [index, status]
              properties:
                index: {type: integer}
                idempotencyKey: {type: string}
                status: {type: string, enum: [recorded, duplicate, refused, exception]}
                ticketId: {type: string}
                invoiceId: {type: string}
                sequence: {type: integer}
                exception: {type: object, required: [id, category], properties: {id: {type: string}, category: {type: string}}}
                error: {type: object, required: [code, message], properties: {code: {type: string}, message: {type: string}, field: {type: string}}}
        """
}
