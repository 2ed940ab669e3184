import LedgerSQL
import PostgresNIO

/// One column of many rows bound as one PostgreSQL array parameter (issue #18), in the binary
/// array format (`array_recv`): dimensions, whether any element is NULL, the element type, the
/// length and lower bound, then each element as its length and bytes (-1 for NULL). A batch of
/// rows sent this way is one statement text whatever its size (`unnest($1::text[], …)`), parsed
/// and planned once, where a `VALUES` list would be a new text for every count of rows.
///
/// postgres-nio's own arrays carry no NULL elements, so the store writes its own.
struct PostgresArray: PostgresDynamicTypeEncodable {
    /// The elements' type, from their ``LedgerSQL/SQLValue`` class.
    enum Element {
        case text, integer, real, blob

        var type: PostgresDataType {
            switch self {
            case .text: .text
            case .integer: .int8
            case .real: .float8
            case .blob: .bytea
            }
        }

        /// The class of `value` (nil for NULL).
        init?(_ value: SQLValue) {
            switch value {
            case .null: return nil
            case .text: self = .text
            case .integer: self = .integer
            case .real: self = .real
            case .blob: self = .blob
            }
        }

        /// The element type's SQL name.
        var sqlType: String {
            switch self {
            case .text: "text"
            case .integer: "bigint"
            case .real: "double precision"
            case .blob: "bytea"
            }
        }

        var arrayType: PostgresDataType {
            switch self {
            case .text: .textArray
            case .integer: .int8Array
            case .real: .float8Array
            case .blob: .byteaArray
            }
        }
    }

    let element: Element
    let values: [SQLValue]

    init(element: Element, values: [SQLValue]) {
        self.element = element
        self.values = values
    }

    init(_ texts: [String]) {
        element = .text
        values = texts.map(SQLValue.text)
    }

    init(_ integers: [Int64]) {
        element = .integer
        values = integers.map(SQLValue.integer)
    }

    var psqlType: PostgresDataType { element.arrayType }
    var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        guard !values.isEmpty else {
            buffer.writeInteger(Int32(0))  // no dimensions
            buffer.writeInteger(Int32(0))
            buffer.writeInteger(element.type.rawValue)
            return
        }
        buffer.writeInteger(Int32(1))
        buffer.writeInteger(Int32(values.contains(.null) ? 1 : 0))
        buffer.writeInteger(element.type.rawValue)
        buffer.writeInteger(Int32(values.count))
        buffer.writeInteger(Int32(1))  // lower bound
        for value in values {
            switch value {
            case .null:
                buffer.writeInteger(Int32(-1))
            case .integer(let number):
                buffer.writeInteger(Int32(8))
                buffer.writeInteger(number)
            case .real(let number):
                buffer.writeInteger(Int32(8))
                buffer.writeInteger(number.bitPattern)
            case .text(let text):
                let start = buffer.writerIndex
                buffer.writeInteger(Int32(0))
                let count = buffer.writeString(text)
                buffer.setInteger(Int32(count), at: start)
            case .blob(let bytes):
                buffer.writeInteger(Int32(bytes.count))
                buffer.writeBytes(bytes)
            }
        }
    }
}

extension PostgresBindings {
    /// Appends one ledger value (NULL, `int8`, `float8`, `text` or `bytea`).
    mutating func append(_ value: SQLValue) {
        switch value {
        case .null: appendNull()
        case .integer(let number): append(number)
        case .real(let number): append(number)
        case .text(let text): append(text)
        case .blob(let bytes): append(ByteBuffer(bytes: bytes))
        }
    }
}
