#!/usr/bin/env python3
# Usage: gen-mt940.py OUT.sta MEGABYTES — the MT940 memory measurement in docs/security.md.
# A ~200 MB MT940 statement in ISO-8859-1 (not valid UTF-8): realistic entries with Indonesian/European
# narratives holding bytes >= 0x80.
import sys, random
random.seed(7)
target = int(sys.argv[2]) << 20
out = open(sys.argv[1], 'wb')
size = 0
entry = 0
stmt = 0
names = ["Caf\xe9 Ambon", "M\xfcller Parkir", "Retribusi Pasar \xc4\xd6\xdc", "Toko Gro\xdf", "Se\xf1or Jaya"]
while size < target:
    stmt += 1
    lines = [":20:STMT%07d" % stmt, ":25:ID0012345678", ":28C:%d/1" % stmt, ":60F:C260101IDR0"]
    total = 0
    for _ in range(5000):
        entry += 1
        amount = random.choice([2000, 3000, 5000, 10000, 25000])
        total += amount
        lines.append(":61:2601020102C%dNTRFREF%09d//RRN%012d" % (amount, entry, entry))
        lines.append("AMB%09d" % entry)
        lines.append(":86:Pembayaran retribusi %s no %d, terima kasih atas pembayaran Anda \xb7 %s" % (
            random.choice(names), entry, random.choice(names)))
    lines.append(":62F:C260102IDR%d" % total)
    lines.append("-")
    block = ("\r\n".join(lines) + "\r\n").encode("latin-1")
    out.write(block)
    size += len(block)
out.close()
print(size, entry)
