import Ledger
import Foundation
import Reconciliation

/// The validated options of `lunas reconcile` and the run itself.
struct ReconcilePlan: Sendable {
    var settlementPath: String
    var profile: SettlementProfile
    /// Where the invoices come from: an export file or the ledger.
    var invoiceSource: InvoiceSource
    /// The MDR schedule and the merchant category the expected fees come from.
    var mdr: MerchantRateChoice
    var calendar: HolidayCalendar
    var format: ReconciliationReport.Format
    var out: String?
    var exceptionsCSV: String?
    var registry: String?
    var showProgress: Bool

    init(command c: ReconcileRunCommand) throws {
        guard let file = c.settlementFile else { throw UsageError(message: "missing SETTLEMENT_FILE") }
        guard FileManager.default.fileExists(atPath: file) else {
            throw UsageError(message: "settlement file \(file) does not exist")
        }
        settlementPath = file
        guard let profileArgument = c.profile else { throw UsageError(message: "missing --profile PROFILE.json") }
        guard let format = ReconciliationReport.Format(rawValue: c.format) else {
            throw UsageError(message: "--format must be json, csv or html, not \"\(c.format)\"")
        }
        self.format = format
        switch (c.invoices, c.dataDir) {
        case (nil, nil): throw UsageError(message: "give --invoices INVOICES.csv or --data-dir DIR")
        case (.some, .some): throw UsageError(message: "give either --invoices or --data-dir, not both")
        case (nil, .some(let dir)): invoiceSource = .ledger(dataDirectory: dir)
        case (.some(let path), nil):
            guard FileManager.default.fileExists(atPath: path) else {
                throw UsageError(message: "invoice file \(path) does not exist")
            }
            invoiceSource = .export(path: path)
        }
        var profilePath = profileArgument
        if !FileManager.default.fileExists(atPath: profilePath), !profilePath.contains("/") {
            profilePath = "Config/settlement-profiles/\(profileArgument).json"
        }
        guard FileManager.default.fileExists(atPath: profilePath) else {
            throw UsageError(message: "profile \(profileArgument) does not exist")
        }
        let configDir = URL(fileURLWithPath: profilePath).deletingLastPathComponent().deletingLastPathComponent().path
        profile = try Self.load { try SettlementProfile.load(contentsOf: URL(fileURLWithPath: profilePath)) }
        // The city's configuration: the one the profile sits in, else ./Config.
        let cityConfig = FileManager.default.fileExists(atPath: configDir + "/mdr.json") ? configDir : "Config"
        mdr = try c.rate.choice(configDirectory: cityConfig, schedulePath: c.mdr)
        if let path = c.holidays ?? Self.firstExisting(["\(configDir)/holidays", "Config/holidays"]) {
            calendar = try Self.load { try HolidayCalendar.load(path: path) }
        } else {
            calendar = HolidayCalendar()
        }
        out = c.out
        exceptionsCSV = c.exceptionsCsv
        registry = c.registry ?? invoiceSource.defaultRegistry
        showProgress = !c.noProgress && isatty(2) != 0
    }

    /// Configuration files given on the command line that do not load are usage errors (exit 2).
    private static func load<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ReconciliationError {
            throw UsageError(message: error.message)
        } catch let error as LedgerError {
            throw UsageError(message: error.message)
        }
    }

    private static func firstExisting(_ paths: [String]) -> String? {
        paths.first { FileManager.default.fileExists(atPath: $0) }
    }

    func execute() async throws {
        let progress: (@Sendable (Int, Int) -> Void)? = showProgress ? ProgressBar.update : nil
        let clock = ContinuousClock()
        let start = clock.now
        var phases: [(String, Duration)] = []
        let file: SettlementFile
        let invoices: InvoiceTable
        switch invoiceSource {
        case .export(let path):
            async let invoiceTable = InvoiceCSVReader().read(path: path)
            file = try await readSettlement(progress: progress)
            invoices = try await invoiceTable
        case .ledger(let dataDirectory):
            // The window of invoices to load depends on the file's dates: read the file first.
            file = try await readSettlement(progress: progress)
            invoices = try await LedgerInvoices.load(
                dataDirectory: dataDirectory, for: file, utcOffsetSeconds: profile.utcOffsetSeconds)
        }
        phases.append(("read both files", clock.now - start))
        if showProgress { ProgressBar.finish(total: file.byteCount) }
        var decision: ImportDecision?
        if let registry {
            decision = try FileImportRegistry(path: registry).register(file)
        }
        let options = Reconciler.Options(
            schedule: mdr.schedule, calendar: calendar, settlementDays: profile.settlementDays,
            utcOffsetSeconds: profile.utcOffsetSeconds, defaultMerchantCategory: mdr.merchantCategory,
            defaultMCC: mdr.mcc)
        var mark = clock.now
        let result = Reconciler(options: options).reconcile(file, against: invoices)
        phases.append(("match", clock.now - mark))
        mark = clock.now
        // Summary and exception list, then the two outputs, each pair on both cores.
        async let summary = summarise(result)
        let exceptions = result.exceptions
        let report = ReconciliationReport(
            result: result, summary: await summary, exceptions: exceptions, importDecision: decision)
        phases.append(("summarise", clock.now - mark))
        mark = clock.now
        async let csvBytes = exceptionsCSV == nil ? [] : render(report, .csv)
        try writeReport(report.render(format), to: out)
        if let exceptionsCSV { try writeReport(await csvBytes, to: exceptionsCSV) }
        phases.append(("write reports", clock.now - mark))
        if ProcessInfo.processInfo.environment["LUNAS_RECONCILE_TIMING"] == "1" {
            for (name, duration) in phases { printError("timing: \(name) \(duration)") }
        }
    }

    private func summarise(_ result: ReconciliationResult) async -> ReconciliationSummary {
        ReconciliationSummary(result)
    }

    private func render(_ report: ReconciliationReport, _ format: ReconciliationReport.Format) async -> [UInt8] {
        report.render(format)
    }

    private func readSettlement(progress: (@Sendable (Int, Int) -> Void)?) async throws -> SettlementFile {
        try SettlementReader(profile: profile).read(path: settlementPath, progress: progress)
    }

    /// Writes `bytes` to `path` (or standard output) through a temporary file renamed into place, so a
    /// reader never sees half a report. No fsync: a report can be regenerated from its inputs.
    private func writeReport(_ bytes: [UInt8], to path: String?) throws {
        guard let path else {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        let temporary = "\(path).tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw ReconciliationError(.io, "cannot write \(path): \(String(cString: strerror(errno)))", value: path)
        }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 {
                let reason = String(cString: strerror(errno))
                close(fd)
                unlink(temporary)
                throw ReconciliationError(.io, "cannot write \(path): \(reason)", value: path)
            }
            offset += written
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ReconciliationError(.io, "cannot write \(path): \(reason)", value: path)
        }
    }
}

/// A one-line progress bar on standard error (only when it is a terminal).
enum ProgressBar {
    @Sendable static func update(_ done: Int, _ total: Int) {
        // Small files finish before a bar would be useful.
        guard total >= 16 << 20 else { return }
        let percent = min(100, done * 100 / total)
        let filled = percent * 30 / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled)
        printErrorRaw("\rreading settlement file [\(bar)] \(percent)% (\(done >> 20)/\(total >> 20) MiB)")
    }

    static func finish(total: Int) { if total >= 16 << 20 { printErrorRaw("\n") } }

    private static func printErrorRaw(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
