"""Parses vCards with the `vobject` package and compares them field by field with expected values.

Usage: check_vcard.py CARDS.vcf EXPECTED.json
Exits 0 when every field agrees, 1 with one line per difference on stdout otherwise.

EXPECTED.json: {"cards": [{"uid", "fn", "n": [family, given] or null, "org", "title", "role",
"emails": [[address, [types]]], "tels": [[uri, [types]]], "langs": [...], "tz", "key", "note", "rev"}]},
a missing field meaning the property must be absent.
"""

import json
import sys

import vobject


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
    for card, want in zip(cards, expected["cards"]):
        uid = want["uid"]
        if single(card, "VERSION") != "4.0":
            problems.append(f"{uid}: VERSION {single(card, 'VERSION')!r}")
        for field in ("uid", "fn", "title", "role", "tz", "key", "note", "rev"):
            got = single(card, field.upper())
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
