import Foundation
import QRIS
import Testing

@Suite struct QRISCLITests {
    @Test func validPayloadExitsZero() async throws {
        let output = try await LunasBinary.run(["qris", "validate", CLISamples.staticPayload])
        #expect(output.status == 0)
        #expect(output.stdout == "valid\n")
    }

    @Test func invalidPayloadExitsOneWithOneLinePerIssue() async throws {
        let output = try await LunasBinary.run(["qris", "validate", CLISamples.badCRC])
        #expect(output.status == 1)
        #expect(output.stdoutLines.count == 1)
        #expect(output.stdout.hasPrefix("error crc.mismatch 63 CRC is 0000, expected 7C97"))
    }

    @Test func warningsAloneKeepExitZeroUnlessStrict() async throws {
        let lower = String(CLISamples.staticPayload.dropLast(4)) + "7c97"
        let lenient = try await LunasBinary.run(["qris", "validate", lower])
        #expect(lenient.status == 0)
        #expect(lenient.stdout.hasPrefix("warning crc.lowercase 63"))
        let strict = try await LunasBinary.run(["qris", "validate", "--strict", lower])
        #expect(strict.status == 1)
        #expect(strict.stdout.hasPrefix("error crc.lowercase 63"))
    }

    @Test func emvcoProfileSkipsQRISRules() async throws {
        let withoutPostalCode = try QRISDataObject.encode(
            QRISPayload(parsing: CLISamples.staticPayload).dataObjects.filter { $0.tag != 61 })
        #expect(try await LunasBinary.run(["qris", "validate", withoutPostalCode]).status == 1)
        #expect(try await LunasBinary.run(["qris", "validate", "--profile", "emvco", withoutPostalCode]).status == 0)
    }

    @Test(arguments: [
        ["qris", "validate", "--profile", "bogus", "x"], ["qris", "validate", "--nope"],
        ["qris", "validate", "a", "b"],
        ["qris", "dynamic", "--amount", "5"], ["qris", "dynamic", "--from", "x", "--amount", "25.000"],
        ["qris", "dynamic", "--from", "x", "--amount", "-5"], ["qris", "bogus"],
    ])
    func usageErrorsExitTwo(_ arguments: [String]) async throws {
        let output = try await LunasBinary.run(arguments)
        #expect(output.status == 2)
        #expect(!output.stderr.isEmpty)
    }

    @Test func standardInputIsOnePayloadPerLine() async throws {
        var input = Data((CLISamples.staticPayload + "\n" + CLISamples.badCRC + "\r\n" + "hello\n").utf8)
        input.append(contentsOf: [0xFF, 0xFE, 0x30, 0x0A])
        let output = try await LunasBinary.run(["qris", "validate", "-"], stdin: input)
        #expect(output.status == 1)
        let lines = output.stdoutLines
        #expect(lines.count == 4)
        #expect(lines[0] == "line 1: valid")
        #expect(lines[1].hasPrefix("line 2: error crc.mismatch 63"))
        #expect(lines[2].hasPrefix("line 3: error tag.nonDigit"))
        #expect(lines[3].hasPrefix("line 4: error utf8.invalid - the input is not valid UTF-8: byte 0xFF at byte 0"))
    }

    @Test func noArgumentReadsStandardInput() async throws {
        let output = try await LunasBinary.run(
            ["qris", "validate"], stdin: Data((CLISamples.staticPayload + "\n").utf8))
        #expect(output.status == 0)
        #expect(output.stdout == "line 1: valid\n")
        #expect(try await LunasBinary.run(["qris", "validate"]).status == 2)
    }

    @Test func aTenMegabyteLineGetsAClearError() async throws {
        var input = Data(repeating: 0x30, count: 10 * 1024 * 1024)
        input.append(0x0A)
        input.append(contentsOf: Array((CLISamples.staticPayload + "\n").utf8))
        let output = try await LunasBinary.run(["qris", "validate"], stdin: input)
        #expect(output.status == 1)
        #expect(output.stdoutLines.first?.hasPrefix("line 1: error payload.tooLong") == true)
        #expect(output.stdoutLines.last == "line 2: valid")
    }

    @Test func aTenMegabyteInputWithoutNewlineReportsItsRealSize() async throws {
        let input = Data(repeating: 0x41, count: 10 * 1024 * 1024 + 3)
        let output = try await LunasBinary.run(["qris", "decode", "-"], stdin: input)
        #expect(output.status == 1)
        #expect(output.stdout.hasPrefix("line 1: error payload.tooLong - the input has 10485763 bytes"))
    }

    @Test func controlCharactersAreShownEscaped() async throws {
        let payload = try QRISDataObject.encode([
            QRISDataObject(tag: 0, value: "01"), QRISDataObject(tag: 59, value: "A\u{1B}[31mB"),
        ])
        let output = try await LunasBinary.run(["qris", "validate", payload])
        #expect(output.status == 1)
        #expect(output.stdout.contains("charset.control 59"))
        #expect(!output.stdout.contains("\u{1B}"))
        let decoded = try await LunasBinary.run(["qris", "decode", payload])
        #expect(!decoded.stdout.contains("\u{1B}"))
        #expect(decoded.stdout.contains("A\\u{1B}[31mB"))
    }

    @Test func validateJSONHasTheIssueFields() async throws {
        let output = try await LunasBinary.run(["qris", "validate", "--json", CLISamples.badCRC])
        #expect(output.status == 1)
        let object = try #require(JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(object["valid"] as? Bool == false)
        let issue = try #require((object["issues"] as? [[String: Any]])?.first)
        #expect(issue["code"] as? String == "crc.mismatch")
        #expect(issue["severity"] as? String == "error")
        #expect(issue["path"] as? String == "63")
        #expect(issue["characterOffset"] as? Int == 202)
        #expect(issue["byteOffset"] as? Int == 202)
        #expect(issue["specSection"] as? String == "EMVCo MPM 4.7.3")
    }

    @Test func decodePrintsTheTreeAndTheSummary() async throws {
        let output = try await LunasBinary.run(["qris", "decode", CLISamples.staticPayload])
        #expect(output.status == 0)
        #expect(output.stdout.contains("  02 [15] NMID: ID1026000000001\n"))
        #expect(output.stdout.contains("Summary:\n  Merchant: PARKIR DEMO KOTA, AMBON\n"))
        let json = try await LunasBinary.run(["qris", "decode", "--json", CLISamples.staticPayload])
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let objects = try #require(object["objects"] as? [[String: Any]])
        #expect(
            objects.map { $0["tag"] as? String } == [
                "00", "01", "26", "51", "52", "53", "58", "59", "60", "61", "62", "63",
            ])
        #expect((object["summary"] as? [String: Any])?["nmid"] as? String == "ID1026000000001")
        #expect(try await LunasBinary.run(["qris", "decode", "0102"]).status == 1)
    }

    @Test func decodeHandlesDuplicateTemplatesInJSONAndText() async throws {
        let payload = try QRISDataObject.encode([
            QRISDataObject(tag: 0, value: "01"),
            QRISDataObject(tag: 26, children: [.init(tag: 0, value: "A.WWW"), .init(tag: 1, value: "9360")]),
            QRISDataObject(tag: 26, children: [.init(tag: 0, value: "B.WWW"), .init(tag: 1, value: "9361")]),
        ])
        for arguments in [["qris", "decode", "--json", payload], ["qris", "decode", payload]] {
            let output = try await LunasBinary.run(arguments)
            #expect(output.status == 0)
            #expect(output.stdout.contains("B.WWW"))
        }
    }

    @Test func dynamicPrintsThePayloadOnTheLastLine() async throws {
        let output = try await LunasBinary.run([
            "qris", "dynamic", "--from", CLISamples.staticPayload, "--amount", "25000", "--bill-number", "INV-1",
            "--reference-label", "R1", "--terminal-label", "HH-07",
        ])
        #expect(output.status == 0)
        let last = try #require(output.stdoutLines.last)
        let payload = try QRISPayload(parsing: last)
        #expect(payload.amount?.wholeRupiah == 25000)
        #expect(payload.billNumber == "INV-1" && payload.referenceLabel == "R1" && payload.terminalLabel == "HH-07")
        #expect(QRISPayload.validate(last, options: .init(strict: true)).isEmpty)
        #expect(output.stdout.contains("Amount: Rp25.000"))
    }

    @Test func dynamicRefusesACorruptedSource() async throws {
        let output = try await LunasBinary.run(["qris", "dynamic", "--from", CLISamples.badCRC, "--amount", "1000"])
        #expect(output.status == 1)
        #expect(output.stderr.hasPrefix("error crc.mismatch 63"))
        #expect(output.stdout.isEmpty)
    }

    @Test func thousandsOfMutatedLinesNeverCrashTheCommands() async throws {
        // Deterministic mutations of the sample (byte flips, cuts, insertions; newlines excluded
        // so each mutant stays one line), piped through decode --json and validate.
        var state: UInt64 = 2026
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var input = Data()
        let seed = Array(CLISamples.staticPayload.utf8)
        for _ in 0..<2000 {
            var bytes = seed
            for _ in 0...next(3) {
                let index = next(bytes.count)
                switch next(4) {
                case 0: bytes[index] = UInt8(next(256))
                case 1: bytes.removeSubrange(index...)
                case 2: bytes.insert(UInt8(0x30 + next(10)), at: index)
                default: bytes.remove(at: index)
                }
                if bytes.isEmpty { bytes = [0x30] }
            }
            input.append(contentsOf: bytes.map { $0 == 0x0A ? 0x20 : $0 })
            input.append(0x0A)
        }
        let decoded = try await LunasBinary.run(["qris", "decode", "--json", "-"], stdin: input)
        #expect(decoded.status == 0 || decoded.status == 1)
        let array = try #require(JSONSerialization.jsonObject(with: Data(decoded.stdout.utf8)) as? [[String: Any]])
        #expect(array.count == 2000)
        let validated = try await LunasBinary.run(["qris", "validate", "-"], stdin: input)
        #expect(validated.status == 1)
        #expect(validated.stdoutLines.contains { $0.hasPrefix("line 2000: ") })
    }
}
