extension OpenAPIDocument {
    /// The attendant's shift (issue 16): printable parking tickets, who works with a device.
    static let shiftPaths = """
          /api/v1/parking/tickets/{id}/ticket.escpos:
            get: {summary: 'The printable parking ticket as an ESC/POS job: the entry ticket of an open hourly ticket (no QR, bayar saat keluar), else its invoice''s bill', parameters: [{$ref: '#/components/parameters/id'}], responses: {'200': {description: printer job, content: {application/octet-stream: {}}}, '404': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}}}
          /api/v1/parking/tickets/{id}/ticket.png:
            get: {summary: 'The printable parking ticket as a 384-pixel PNG (as ticket.escpos)', parameters: [{$ref: '#/components/parameters/id'}], responses: {'200': {description: image, content: {image/png: {}}}, '404': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}}}
          /api/v1/parking/tickets/{id}/void:
            post:
              summary: 'Void an open parking ticket (the attendant device that opened it, or a supervisor of its zone); a ticket.voided event names the device'
              parameters: [{$ref: '#/components/parameters/id'}]
              \(strictJSONRequestBody)
                      required: [reason]
                      properties:
                        reason: {type: string, minLength: 1, maxLength: 200}
              responses: {'200': {description: 'voided (again: the same answer, nothing written); links print the void slip', content: {application/json: {schema: {$ref: '#/components/schemas/Issued'}}}}, '400': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}, '404': {$ref: '#/components/responses/Error'}, '409': {$ref: '#/components/responses/Error'}, '413': {$ref: '#/components/responses/Error'}, '415': {$ref: '#/components/responses/Error'}}
          /api/v1/parking/tickets/{id}/reprint:
            post:
              summary: 'Count a reprint of a parking ticket (an attendant of its zone or a supervisor covering it); a ticket.reprinted event names the device; the links then print CETAK ULANG ke-N'
              parameters: [{$ref: '#/components/parameters/id'}, {name: Idempotency-Key, in: header, required: false, description: 'a repeat of a key used for this reprint counts nothing', schema: {type: string, minLength: 1, maxLength: 96, pattern: '^[!-~]+$'}}]
              responses: {'200': {description: 'the ticket with its reprint count, its invoice and links', content: {application/json: {schema: {$ref: '#/components/schemas/Issued'}}}}, '400': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}, '404': {$ref: '#/components/responses/Error'}, '409': {$ref: '#/components/responses/Error'}}
          /api/v1/devices/{id}/attendant:
            put:
              summary: 'Record the person now working with a device (admin); a device.attendantChanged event names the admin'
              parameters: [{$ref: '#/components/parameters/id'}]
              \(strictJSONRequestBody)
                      required: [attendant]
                      properties:
                        attendant: {type: [string, 'null'], maxLength: 60, pattern: '^[^\\u0000-\\u001F\\u007F]*$', description: 'the name printed on tickets; null or empty: none'}
              responses: {'200': {description: 'the device (the same name again writes nothing)', content: {application/json: {schema: {type: object, properties: {device: {$ref: '#/components/schemas/Device'}}}}}}, '400': {$ref: '#/components/responses/Error'}, '401': {$ref: '#/components/responses/Error'}, '403': {$ref: '#/components/responses/Error'}, '404': {$ref: '#/components/responses/Error'}, '409': {$ref: '#/components/responses/Error'}, '413': {$ref: '#/components/responses/Error'}, '415': {$ref: '#/components/responses/Error'}}
        """
}
