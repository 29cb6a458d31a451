"""Parses vCards with the `vobject` package and compares them field by field with expected values.

Usage: check_vcard.py CARDS.vcf EXPECTED.json
Exits 0 when every field agrees, 1 with one line per difference on stdout otherwise.

EXPECTED.json: {"cards": [{"uid", "fn", "n": [family, given] or null, "org", "title", "role",
"emails": [[address, [types]]], "tels": [[uri, [types]]], "langs": [...], "tz", "key", "note", "rev"}]},
a missing field meaning the property must be absent.
"""

import io
import json
import sys

import vobject
import vobject.base

# vobject reads every property it has no rule for as vCard 3 TEXT and keeps the first comma-separated value.
# In vCard 4, KEY is a URI (RFC 6350 section 6.8.1) and the comma of a data: URI is not a separator, so KEY is
# read with vobject's own line parser, unfolded but not decoded as text.
URI_PROPERTIES = ("KEY",)


def raw_values(text, name):
    """Per card, the unfolded raw value of the first `name` line, or None."""
    found, current = [], None
    for line, number in vobject.base.getLogicalLines(io.StringIO(text), allowQP=False):
        prop, _, value, _ = vobject.base.parseLine(line, number)
        if prop.upper() == "BEGIN" and value.upper() == "VCARD":
            current = None
        elif prop.upper() == "END" and value.upper() == "VCARD":
            found.append(current)
        elif prop.upper() == name and current is None:
            current = value
    return found


def values(card, name):
    return [line for line in card.lines() if line.name.upper() == name]


def single(card, name):
    found = values(card, name)
    return None if not found else str(found[0].value)


def types(line):
    return sorted(t.lower() for t in line.params.get("TYPE", []))


def check_raw(raw, problems):
    text = raw.decode("utf-8")
    for number, line in enumerate(raw.split(b"\r\n")[:-1], start=1):
        if len(line) > 75:
            problems.append(f"line {number} has {len(line)} octets")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {number} splits a UTF-8 character")
    return text


def main(cards_path, expected_path):
    raw = open(cards_path, "rb").read()
    expected = json.load(open(expected_path, encoding="utf-8"))
    problems = []
    text = check_raw(raw, problems)
    cards = list(vobject.readComponents(text))
    if len(cards) != len(expected["cards"]):
        problems.append(f"{len(cards)} cards != {len(expected['cards'])}")
    raw = {name: raw_values(text, name) for name in URI_PROPERTIES}
    for index, (card, want) in enumerate(zip(cards, expected["cards"])):
        uid = want["uid"]
        if single(card, "VERSION") != "4.0":
            problems.append(f"{uid}: VERSION {single(card, 'VERSION')!r}")
        for field in ("uid", "fn", "title", "role", "tz", "key", "note", "rev"):
            name = field.upper()
            got = raw[name][index] if name in raw else single(card, name)
            if got != want.get(field):
                problems.append(f"{uid}: {field} {got!r} != {want.get(field)!r}")
        n = values(card, "N")
        got_n = [n[0].value.family, n[0].value.given] if n else None
        if got_n != want.get("n"):
            problems.append(f"{uid}: n {got_n!r} != {want.get('n')!r}")
        org = values(card, "ORG")
        got_org = ";".join(org[0].value) if org else None
        if got_org != want.get("org"):
            problems.append(f"{uid}: org {got_org!r} != {want.get('org')!r}")
        emails = [[str(line.value), types(line)] for line in values(card, "EMAIL")]
        if emails != want["emails"]:
            problems.append(f"{uid}: emails {emails!r} != {want['emails']!r}")
        tels = [[str(line.value), types(line)] for line in values(card, "TEL")]
        if tels != want["tels"]:
            problems.append(f"{uid}: tels {tels!r} != {want['tels']!r}")
        langs = [str(line.value) for line in values(card, "LANG")]
        if langs != want["langs"]:
            problems.append(f"{uid}: langs {langs!r} != {want['langs']!r}")
    for problem in problems:
        print(problem)
    if not problems:
        print(f"ok: {len(cards)} cards")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
