/// Reads an ESC/POS print job command by command, as a printer would, and refuses any byte that is
/// not part of a command the ticket printer sends: `ESC @`, `ESC a n`, `ESC E n`, `ESC d n`,
/// `GS ! n`, `GS V 66 n`, `GS v 0` rasters (with their length), LF and printable ASCII.
enum ESCPOSJobReader {
    struct Job {
        /// The text lines the job prints.
        var lines: [String]
        /// How many raster images (QR codes) it prints.
        var rasters: Int
        /// Whether it ends with a cut.
        var cuts: Bool
    }

    struct Invalid: Error, CustomStringConvertible {
        var offset: Int
        var byte: UInt8
        var description: String { "byte 0x\(String(byte, radix: 16)) at offset \(offset) is no ticket command" }
    }

    /// Splits a printer file into jobs (each starts with `ESC @` and ends with a cut) and reads each.
    static func jobs(_ bytes: [UInt8]) throws -> [Job] {
        var jobs: [Job] = []
        var index = 0
        while index < bytes.count {
            let (job, end) = try read(bytes, from: index)
            jobs.append(job)
            index = end
        }
        return jobs
    }

    /// Reads one job starting at `start`; returns it and the offset after its cut.
    static func read(_ bytes: [UInt8], from start: Int) throws -> (Job, Int) {
        guard start + 2 <= bytes.count, bytes[start] == 0x1B, bytes[start + 1] == 0x40 else {
            throw Invalid(offset: start, byte: start < bytes.count ? bytes[start] : 0)
        }
        var job = Job(lines: [], rasters: 0, cuts: false)
        var line: [UInt8] = []
        var index = start + 2
        func need(_ count: Int) throws {
            guard index + count <= bytes.count else { throw Invalid(offset: index, byte: bytes[index]) }
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x1B:
                try need(3)
                guard [0x61, 0x45, 0x64].contains(bytes[index + 1]) else { throw Invalid(offset: index, byte: byte) }
                index += 3
            case 0x1D:
                try need(3)
                switch bytes[index + 1] {
                case 0x21: index += 3
                case 0x56:
                    try need(4)
                    index += 4
                    job.cuts = true
                    if !line.isEmpty { job.lines.append(String(decoding: line, as: UTF8.self)) }
                    return (job, index)
                case 0x76:
                    try need(8)
                    guard bytes[index + 2] == 0x30 else { throw Invalid(offset: index, byte: byte) }
                    let x = Int(bytes[index + 4]) | Int(bytes[index + 5]) << 8
                    let y = Int(bytes[index + 6]) | Int(bytes[index + 7]) << 8
                    try need(8 + x * y)
                    index += 8 + x * y
                    job.rasters += 1
                default: throw Invalid(offset: index, byte: byte)
                }
            case 0x0A:
                job.lines.append(String(decoding: line, as: UTF8.self))
                line = []
                index += 1
            case 0x20...0x7E:
                line.append(byte)
                index += 1
            default: throw Invalid(offset: index, byte: byte)
            }
        }
        throw Invalid(offset: index, byte: 0)
    }
}
