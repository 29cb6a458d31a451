"""Parses an iCalendar feed with the `icalendar` package and compares it field by field with expected values.

Usage: check_ical.py FEED.ics EXPECTED.json
Exits 0 when every field agrees, 1 with one line per difference on stdout otherwise.

EXPECTED.json: {"prodid", "method", "timezones": [tzid...], "events": [{"uid", "summary", "description",
"location", "url", "categories", "start", "end"}]} where start/end are {"date": "YYYY-MM-DD"} or
{"local": "YYYY-MM-DDTHH:MM:SS", "tzid": name or null for UTC, "utc": "YYYY-MM-DDTHH:MM:SSZ"}; a missing
field means the property must be absent.
"""

import datetime
import json
import sys
import zoneinfo

import icalendar

UTC = datetime.timezone.utc


def utc_text(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_raw(raw, problems):
    """Every line ends in CRLF, is at most 75 octets and the whole file is UTF-8."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(f"file is not UTF-8: {error}")
    if not raw.endswith(b"\r\n"):
        problems.append("file does not end with CRLF")
    for number, line in enumerate(raw.split(b"\r\n")[:-1], start=1):
        if len(line) > 75:
            problems.append(f"line {number} has {len(line)} octets")
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {number} has a bare line break")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {number} splits a UTF-8 character")


def check_time(name, value, expected, zones, problems):
    """Compares a DTSTART or DTEND with the expected date, or local time, zone and instant."""
    if "date" in expected:
        if isinstance(value, datetime.datetime) or value.isoformat() != expected["date"]:
            problems.append(f"{name}: {value!r} != date {expected['date']}")
        return
    if not isinstance(value, datetime.datetime) or value.tzinfo is None:
        problems.append(f"{name}: {value!r} is not a date-time with a zone")
        return
    if value.replace(tzinfo=None).isoformat() != expected["local"]:
        problems.append(f"{name}: local {value.replace(tzinfo=None).isoformat()} != {expected['local']}")
    if utc_text(value) != expected["utc"]:
        problems.append(f"{name}: instant {utc_text(value)} != {expected['utc']}")
    tzid = expected.get("tzid")
    if tzid is None:
        return
    if tzid not in zones:
        problems.append(f"{name}: no VTIMEZONE for {tzid}")
        return
    # The feed's own VTIMEZONE must give the same instant as the tz database.
    own = value.replace(tzinfo=None).replace(tzinfo=zones[tzid])
    if utc_text(own) != expected["utc"]:
        problems.append(f"{name}: the feed's VTIMEZONE {tzid} gives {utc_text(own)}, not {expected['utc']}")


def check_zone(component, problems):
    """The VTIMEZONE's transitions agree with the tz database's offsets either side of each."""
    tzid = str(component["TZID"])
    reference = zoneinfo.ZoneInfo(tzid)
    times, infos = component.get_transitions()
    for moment, (offset, _, _) in zip(times[1:], infos[1:]):
        after = moment.replace(tzinfo=UTC) + datetime.timedelta(seconds=1)
        if after.astimezone(reference).utcoffset() != offset:
            problems.append(f"VTIMEZONE {tzid}: offset after {moment} is {offset}, tz database says otherwise")
    return component.to_tz(lookup_tzid=False)


def text_or_none(component, name):
    value = component.get(name)
    return None if value is None else str(value)


def main(feed_path, expected_path):
    raw = open(feed_path, "rb").read()
    expected = json.load(open(expected_path, encoding="utf-8"))
    problems = []
    check_raw(raw, problems)
    calendar = icalendar.Calendar.from_ical(raw)
    for name, want in (("VERSION", "2.0"), ("CALSCALE", "GREGORIAN"), ("METHOD", expected["method"]),
                       ("PRODID", expected["prodid"])):
        if text_or_none(calendar, name) != want:
            problems.append(f"{name}: {text_or_none(calendar, name)!r} != {want!r}")
    zones = {str(c["TZID"]): check_zone(c, problems) for c in calendar.walk("VTIMEZONE")}
    if sorted(zones) != sorted(expected["timezones"]):
        problems.append(f"VTIMEZONEs {sorted(zones)} != {sorted(expected['timezones'])}")
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    if len(events) != len(expected["events"]):
        problems.append(f"{len(events)} events != {len(expected['events'])}")
    for want in expected["events"]:
        uid = want["uid"]
        event = events.get(uid)
        if event is None:
            problems.append(f"{uid}: missing")
            continue
        if "DTSTAMP" not in event or not str(event.get("DTSTAMP").to_ical().decode()).endswith("Z"):
            problems.append(f"{uid}: DTSTAMP missing or not UTC")
        for field in ("summary", "description", "location", "url"):
            got = text_or_none(event, field.upper())
            if got != want.get(field):
                problems.append(f"{uid}: {field} {got!r} != {want.get(field)!r}")
        categories = [str(c) for c in event.categories]
        if categories != want.get("categories", []):
            problems.append(f"{uid}: categories {categories!r} != {want.get('categories', [])!r}")
        check_time(f"{uid} DTSTART", event.decoded("DTSTART"), want["start"], zones, problems)
        check_time(f"{uid} DTEND", event.decoded("DTEND"), want["end"], zones, problems)
    for problem in problems:
        print(problem)
    if not problems:
        print(f"ok: {len(events)} events, {len(zones)} time zones")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
