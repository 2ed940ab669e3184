#!/usr/bin/env python3
"""Generates tricky_cases.json and samples.json for QRISTests.

The merchant below is fictional (a demo city parking office); every payload is built here from
the EMVCo/QRIS structures and sealed with CRC-16/CCITT-FALSE over UTF-8 computed by Python's
binascii.crc_hqx, an oracle independent of the Swift code under test.
Run: python3 Tests/QRISTests/Fixtures/make_cases.py
"""
import binascii, json, os

def tlv(tag, value):
    return f"{tag:02d}{len(value):02d}{value}"  # len() counts code points = Unicode scalars

def tpl(tag, *subs):
    return tlv(tag, "".join(subs))

def crc(body):
    return format(binascii.crc_hqx(body.encode("utf-8"), 0xFFFF), "04X")

def seal(body):
    body += "6304"
    return body + crc(body)

PJP = tpl(26, tlv(0, "ID.CO.BANKDEMO.WWW"), tlv(1, "936099990000012345"), tlv(2, "DEMO000012345"), tlv(3, "UMI"))
NATIONAL = tpl(51, tlv(0, "ID.CO.QRIS.WWW"), tlv(2, "ID1026000000001"), tlv(3, "UMI"))

def static(**over):
    """The demo static QRIS as an ordered list of (tag, text) root objects."""
    objs = [
        (0, tlv(0, "01")), (1, tlv(1, "11")), (26, PJP), (51, NATIONAL), (52, tlv(52, "7523")),
        (53, tlv(53, "360")), (58, tlv(58, "ID")), (59, tlv(59, "PARKIR DEMO KOTA")),
        (60, tlv(60, "AMBON")), (61, tlv(61, "97126")), (62, tpl(62, tlv(7, "A01"))),
    ]
    d = dict(objs)
    for k, v in over.items():
        tag = int(k[1:])
        if v is None:
            d.pop(tag, None)
        else:
            d[tag] = v
    return "".join(d[t] for t in sorted(d))

BASE = seal(static())

def luhn_ok(digits):
    total = 0
    for i, d in enumerate(reversed(digits)):
        d = int(d)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0

LUHN_FAIL = next(p for p in (f"93609999{n:010d}" for n in range(12345, 12400)) if not luhn_ok(p))
DYN = lambda amount, **o: seal(static(t01=tlv(1, "12"), t54=tlv(54, amount), **o))

cases = []
def case(name, payload, codes, profile="qris", strict=False, parse_error=None, valid=None):
    errors = [c for c, s in codes if s == "error"]
    cases.append({
        "name": name, "payload": payload, "profile": profile, "strict": strict,
        "expect": [{"code": c, "severity": s} for c, s in codes],
        "valid": (not errors and parse_error is None) if valid is None else valid,
    })

case("baseline static", BASE, [])
case("truncated inside 62", BASE[:BASE.index("6207") + 6], [("truncated", "error")])
case("non-digit length 59x6", BASE.replace("5916PARKIR", "59x6PARKIR"), [("length.nonDigit", "error")])
case("length 00", seal(static() + "0500"), [("length.zero", "error")])
case("value shorter than declared", seal(static(t60=None)).replace("6304", "6010AMB6304"), [("truncated", "error")])
case("trailing garbage after 63", BASE + "XYZ", [("tag.nonDigit", "error")])
case("trailing object after 63", BASE + tpl(99, tlv(0, "ABCD")), [("crc.notLast", "error")])
case("bad CRC", BASE[:-4] + "0000", [("crc.mismatch", "error")])
case("lower-case CRC", BASE[:-4] + BASE[-4:].lower() if BASE[-4:].lower() != BASE[-4:] else None, [("crc.lowercase", "warning")])
case("lower-case CRC strict", cases[-1]["payload"], [("crc.lowercase", "error")], strict=True)
case("CRC missing", static(), [("crc.missing", "error")])
case("CRC not hex", BASE[:-4] + "M2B3", [("crc.format", "error")])
case("CRC 3 characters", static() + "6303ABC", [("crc.format", "error")])
body_63_first = static(t00=None)
case("00 not first", seal(tlv(1, "11") + tlv(0, "01") + body_63_first[len(tlv(1, "11")):]),
     [("pfi.notFirst", "error")])
case("00 invalid", seal(static(t00=tlv(0, "02"))), [("pfi.invalid", "error")])
case("00 missing", seal(static(t00=None)), [("pfi.missing", "error")])
case("duplicate root tag 59", seal(static() + tlv(59, "EVIL MERCHANT")), [("tag.duplicate", "error")])
case("duplicate sub-tag in 62", seal(static(t62=tpl(62, tlv(7, "A01"), tlv(7, "A02")))), [("tag.duplicate", "error")])
for amount in ["25000,00", "25.000", "-5000", "2.5e4", "12345678901.50", "3 705", "1.2.3", "."]:
    case(f"amount {amount!r}", DYN(amount), [("amount.format", "error")])
case("amount 0", DYN("0"), [("amount.zero", "error")])
case("amount 0.00", DYN("0.00"), [("amount.zero", "error")])
case("amount 3 decimals", DYN("25000.000"), [("amount.format", "error")])
case("amount 25000.", DYN("25000."), [])
case("amount 25000.00", DYN("25000.00"), [])
case("amount 025000", DYN("025000"), [("amount.leadingZero", "warning")])
case("amount above cap", DYN("10000001"), [("amount.aboveCap", "warning")])
case("amount at cap", DYN("10000000"), [])
case("amount above cap emvco", DYN("10000001"), [], profile="emvco")
case("59 longer than 25", seal(static(t59=tlv(59, "PARKIR DEMO KOTA AMBON BARAT"))), [("tag.length", "error")])
case("60 longer than 15", seal(static(t60=tlv(60, "AMBON KOTA BARAT"))), [("tag.length", "error")])
case("non-ASCII in 59", seal(static(t59=tlv(59, "Bäznas Demo"))), [("charset.ans", "warning")])
case("non-ASCII in 59 strict", seal(static(t59=tlv(59, "Bäznas Demo"))), [("charset.ans", "error")], strict=True)
case("CJK in 64.01", seal(static(t64=tpl(64, tlv(0, "ZH"), tlv(1, "最佳运输"), tlv(2, "北京")))), [])
case("emoji in 64.01", seal(static(t64=tpl(64, tlv(0, "ID"), tlv(1, "Parkir 🅿️🇮🇩")))), [])
case("decomposed e-acute in 64.01", seal(static(t64=tpl(64, tlv(0, "FR"), tlv(1, "Cafe\u0301 Ambon")))),
     [("unicode.notPrecomposed", "warning")])
case("64 without 01", seal(static(t64=tpl(64, tlv(0, "ID")))), [("tag.missing", "error")])
big = static() + "".join(tpl(t, tlv(0, "COM.EXAMPLE.WWW"), tlv(1, "X" * 60)) for t in range(80, 87))
case("payload over 512 characters", seal(big), [("payload.length", "warning")])
no_account = static(t26=None, t51=None)
case("no merchant account", seal(no_account), [("merchantAccount.missing", "error"), ("national.missing", "error")])
case("no merchant account emvco", seal(no_account), [("merchantAccount.missing", "error")], profile="emvco")
case("static without 51", seal(static(t51=None)), [("national.missing", "error")])
case("static without 51 emvco", seal(static(t51=None)), [], profile="emvco")
case("dynamic without 51", seal(static(t51=None, t01=tlv(1, "12"), t54=tlv(54, "5000"))), [])
case("dynamic without amount", seal(static(t01=tlv(1, "12"))), [("amount.missing", "warning")])
case("dynamic without amount emvco", seal(static(t01=tlv(1, "12"))), [], profile="emvco")
case("51 with ID.OR.QRNPG.WWW", seal(static(t51=tpl(51, tlv(0, "ID.OR.QRNPG.WWW"), tlv(2, "IDKIT3656355555"), tlv(3, "UMI")))), [])
case("51 with unknown GUID", seal(static(t51=tpl(51, tlv(0, "COM.EXAMPLE.WWW"), tlv(2, "ID1026000000001")))),
     [("national.guid", "warning")])
case("51 without NMID", seal(static(t51=tpl(51, tlv(0, "ID.CO.QRIS.WWW"), tlv(3, "UMI")))), [("nmid.missing", "error")])
case("NMID wrong form", seal(static(t51=tpl(51, tlv(0, "ID.CO.QRIS.WWW"), tlv(2, "XX102600000000")))), [("nmid.format", "error")])
case("criteria unknown", seal(static(t51=tpl(51, tlv(0, "ID.CO.QRIS.WWW"), tlv(2, "ID1026000000001"), tlv(3, "ABC")))),
     [("criteria.invalid", "error")])
case("01 = 13", seal(static(t01=tlv(1, "13"))), [("poi.invalid", "error")])
case("53 not 360 with 58 ID", seal(static(t53=tlv(53, "840"))), [("currency.mismatch", "error")])
case("53 not 360 emvco", seal(static(t53=tlv(53, "840"))), [], profile="emvco")
case("61 missing with 58 ID", seal(static(t61=None)), [("tag.missing", "error")])
case("MCC AB98", seal(static(t52=tlv(52, "AB98"))), [("tag.format", "error")])
case("MCC 3 digits", seal(static(t52=tlv(52, "752"))), [("tag.length", "error")])
case("58 lower case", seal(static(t58=tlv(58, "id"))), [("tag.format", "error")])
case("52 missing", seal(static(t52=None)), [("tag.missing", "error")])
case("62 non-TLV", seal(static(t62=tlv(62, "HELLO WORLD"))), [("template.malformed", "error")])
case("55=02 without 56", seal(static(t55=tlv(55, "02"))), [("tip.feeMissing", "error")])
case("55=03 with 57 = 100", seal(static(t55=tlv(55, "03"), t57=tlv(57, "100"))), [("fee.format", "error")])
case("55=03 with 57 = 2.5", seal(static(t55=tlv(55, "03"), t57=tlv(57, "2.5"))), [])
case("55=02 with 56 = 1000", seal(static(t55=tlv(55, "02"), t56=tlv(56, "1000"))), [])
case("56 without 55", seal(static(t56=tlv(56, "1000"))), [("tip.feeUnexpected", "error")])
case("55 = 04", seal(static(t55=tlv(55, "04"))), [("tip.invalid", "error")])
case("unknown RFU 65", seal(static(t65=tlv(65, "HELLO"))), [("tag.unknown", "warning")])
case("unknown RFU 65 strict", seal(static(t65=tlv(65, "HELLO"))), [("tag.unknown", "error")], strict=True)
case("unknown 62.00", seal(static(t62=tpl(62, tlv(0, "X"), tlv(7, "A01")))), [("tag.unknown", "warning")])
case("unknown 62.20", seal(static(t62=tpl(62, tlv(7, "A01"), tlv(20, "X")))), [("tag.unknown", "warning")])
case("80 without GUID", seal(static(t80=tpl(80, tlv(1, "DATA")))), [("template.guidMissing", "error")])
case("62.99 without GUID", seal(static(t62=tpl(62, tlv(7, "A01"), tpl(99, tlv(1, "X"))))), [("template.guidMissing", "error")])
case("26 without GUID", seal(static(t26=tpl(26, tlv(1, "936099990000012345")))), [("template.guidMissing", "error")])
case("primitive 04 that looks like TLV", seal(static(t04=tlv(4, "0102AB5204XYZ0"))), [])
case("26.01 not digits", seal(static(t26=tpl(26, tlv(0, "ID.CO.BANKDEMO.WWW"), tlv(1, "9360999900000A2345")))),
     [("mpan.format", "error")])
case("26.01 over 19 digits", seal(static(t26=tpl(26, tlv(0, "ID.CO.BANKDEMO.WWW"), tlv(1, "93609999000001234567")))),
     [("mpan.length", "error")])
case("26.01 unknown NNS", seal(static(t26=tpl(26, tlv(0, "ID.CO.BANKDEMO.WWW"), tlv(1, "123499990000012345")))),
     [("mpan.nns", "warning")])
case("26.01 fails Luhn (accepted)", seal(static(t26=tpl(26, tlv(0, "ID.CO.BANKDEMO.WWW"), tlv(1, LUHN_FAIL)))), [])
case("26 without MPAN", seal(static(t26=tpl(26, tlv(0, "ID.CO.BANKDEMO.WWW"), tlv(2, "DEMO1")))), [("mpan.missing", "error")])
case("surrounding whitespace", "  " + BASE + "\r\n", [("payload.whitespace", "warning")])
case("surrounding whitespace strict", "  " + BASE + "\r\n", [("payload.whitespace", "error")], strict=True)
case("control character in 59", seal(static(t59=tlv(59, "PARKIR\tDEMO"))), [("charset.control", "error")])
case("62.09 invalid", seal(static(t62=tpl(62, tlv(9, "AAX")))), [("tag.format", "error")])
case("62.01 too long", seal(static(t62=tpl(62, tlv(1, "B" * 26)))), [("tag.length", "error")])
case("empty payload", "   ", [("payload.empty", "error")])
assert all(c["payload"] for c in cases)

samples = {
    "static": BASE,
    "emvcoAnnexB": "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN"
                   "5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***"
                   "0708A60086670902ME91320016A0112233449988770708123456786304A13A",
    "dynamicWithReference": DYN("15000", t62=tpl(62, tlv(1, "INV-0001"), tlv(5, "REF-0001"), tlv(7, "A01"))),
}
assert samples["emvcoAnnexB"].endswith(crc(samples["emvcoAnnexB"][:-4]))
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "tricky_cases.json"), "w", encoding="utf-8") as f:
    json.dump(cases, f, ensure_ascii=False, indent=1)
with open(os.path.join(here, "samples.json"), "w", encoding="utf-8") as f:
    json.dump(samples, f, ensure_ascii=False, indent=1)
print(len(cases), "cases")
