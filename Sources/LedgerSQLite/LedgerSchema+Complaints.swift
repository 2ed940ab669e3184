import GRDB
import Ledger
import LedgerSQL

extension LedgerSchema {
    /// `v8-complaints` (issue 17): citizens' complaints. `complaints` is the projection of the
    /// `complaint.*` events: the whole state in `record` (canonical JSON), and copies of the four
    /// values queries filter on (state, zone, device, filing time), which reading a row checks
    /// against the record; `complaint_contents` holds what the citizen wrote and attached and the access
    /// code, outside the chain (the filing carries the content's SHA-256). `form_token` makes a
    /// double submit of the public form return the first complaint.
    static let v8Complaints = """
        CREATE TABLE complaints (
            number TEXT PRIMARY KEY,
            state TEXT NOT NULL CHECK (state IN ('open', 'answered', 'resolved')),
            zone TEXT,
            device_id TEXT,
            filed_ms INTEGER NOT NULL,
            record TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX complaints_by_filed ON complaints(filed_ms);
        CREATE INDEX complaints_by_device ON complaints(device_id) WHERE device_id IS NOT NULL;
        CREATE TABLE complaint_contents (
            number TEXT PRIMARY KEY REFERENCES complaints(number),
            access_code TEXT NOT NULL,
            form_token TEXT UNIQUE,
            description TEXT NOT NULL,
            contact TEXT,
            photo BLOB,
            photo_type TEXT CHECK (photo_type IS NULL OR photo_type IN ('image/jpeg', 'image/png'))
        ) WITHOUT ROWID;
        """
}
