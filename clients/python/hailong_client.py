#!/usr/bin/env python3
"""An independent client of the Hài Lòng upload protocol v1.

Written from the documents only (docs/API.md, docs/RESPONSE.md,
docs/openapi.yaml, docs/EXPORT.md, docs/test-vectors.json), with the Python 3
standard library, to show that another vendor can implement the protocol
without our Go code. The section numbers in comments are those documents'.

    python3 hailong_client.py vectors docs/test-vectors.json
    python3 hailong_client.py conformance --server URL --code CODE [--expect OUT.json]
    python3 hailong_client.py verify-export FILE.csv [--expect OUT.json]

Exit status: 0 when everything checks out, 3 when a check failed, 2 for a bad
command line, 1 when a file or the server cannot be reached.
"""

import argparse
import csv
import datetime
import gzip
import hashlib
import json
import re
import sys
import urllib.error
import urllib.request

# RESPONSE.md §1: the 22 members, in canonical order.
FIELDS = ("id", "kiosk_id", "seq", "prev_hash", "hash", "centre_id", "counter_id", "officer_id",
          "scale", "raw_value", "level", "reasons", "outcome", "filter_reason", "invitation_id",
          "ticket", "dossier_code", "lang", "created_at", "duration_ms", "app_version",
          "config_version")
INT_FIELDS = ("seq", "raw_value", "duration_ms")
GENESIS = "0" * 64
MAX_SEQ = 2 ** 53 - 1

# RESPONSE.md §2: raw values and default mappings.
DEFAULT_MAPPING = {
    "legal3": {3: "very_satisfied", 2: "satisfied", 1: "dissatisfied"},
    "face4": {4: "very_satisfied", 3: "satisfied", 2: "satisfied", 1: "dissatisfied"},
    "star5": {5: "very_satisfied", 4: "satisfied", 3: "dissatisfied", 2: "dissatisfied",
              1: "dissatisfied"},
}
LEVELS = ("very_satisfied", "satisfied", "dissatisfied")


class CheckFailed(Exception):
    """A conformance check did not hold."""


# ---- RESPONSE.md §4: canonical encoding ------------------------------------

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r",
            "\t": "\\t", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def escape_string(s):
    """Writes s as a canonical JSON string literal, by the escaping table of §4."""
    out = ['"']
    for ch in s:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch < "\u0020":
            out.append("\\u00%02x" % ord(ch))  # lowercase hex
        else:
            out.append(ch)  # everything else raw, as UTF-8 below
    out.append('"')
    return "".join(out)


def canonical(record):
    """The exact bytes the hash covers: §4 with hash written as ""."""
    parts = []
    for name in FIELDS:
        value = record[name]
        if name == "hash":
            text = '""'
        elif name in INT_FIELDS:
            if type(value) is not int:
                raise ValueError("%s is not an integer" % name)
            text = str(value)
        elif name == "reasons":
            text = "[" + ",".join(escape_string(r) for r in value) + "]"
        else:
            text = escape_string(value)
        parts.append('"%s":%s' % (name, text))
    # strict UTF-8: a lone surrogate raises instead of being replaced.
    return ("{" + ",".join(parts) + "}").encode("utf-8")


def compute_hash(record):
    """§5: lowercase hex SHA-256 of the canonical bytes."""
    return hashlib.sha256(canonical(record)).hexdigest()


# ---- RESPONSE.md §1 and §3: validation --------------------------------------

_IDENT = re.compile(r"[A-Za-z0-9._-]{1,64}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_CREATED = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})"
                      r"\.[0-9]{3}(Z|([+-])([0-9]{2}):([0-9]{2}))")


def _nbytes(s):
    return len(s.encode("utf-8"))


def is_free_text(s):
    """ticket, dossier_code: 0 to 64 bytes; TAB, LF, CR or U+0020 up, minus DEL and C1."""
    return _nbytes(s) <= 64 and all(
        c in "\t\n\r" or (c >= " " and not "\x7f" <= c <= "\x9f") for c in s)


def is_reason_code(s):
    """1 to 64 bytes; U+0020 up, minus DEL, C1, U+2028 and U+2029."""
    return 1 <= _nbytes(s) <= 64 and all(
        c >= " " and not "\x7f" <= c <= "\x9f" and c not in "\u2028\u2029" for c in s)


def is_version_text(s):
    return len(s) <= 64 and all(" " <= c <= "~" for c in s)


def is_created_at(s):
    """§3.16: exact format, a real day of 2024 to 2099, offset -12:00 to +14:00, not -00:00."""
    m = _CREATED.fullmatch(s)
    if not m:
        return False
    y, mo, d, hh, mi, ss = (int(m.group(i)) for i in range(1, 7))
    try:
        datetime.date(y, mo, d)
    except ValueError:
        return False
    if not (2024 <= y <= 2099 and hh <= 23 and mi <= 59 and ss <= 59):
        return False
    if m.group(7) == "Z":
        return True
    sign, oh, om = m.group(8), int(m.group(9)), int(m.group(10))
    minutes = oh * 60 + om
    if oh > 14 or om > 59 or (sign == "-" and minutes == 0):
        return False
    return minutes <= 14 * 60 if sign == "+" else minutes <= 12 * 60


def problems(record):
    """Every rule of RESPONSE.md §1 and §3 the record breaks, as short texts ([] if valid)."""
    if not isinstance(record, dict):
        return ["not an object"]
    if set(record) != set(FIELDS):
        return ["members: missing %s, unknown %s" % (sorted(set(FIELDS) - set(record)),
                                                      sorted(set(record) - set(FIELDS)))]
    r, bad = record, []
    for name in FIELDS:
        want = int if name in INT_FIELDS else list if name == "reasons" else str
        if type(r[name]) is not want:
            bad.append("%s is not a JSON %s" % (name, want.__name__))
    if bad:
        return bad
    for name in FIELDS:
        for s in r[name] if name == "reasons" else [r[name]]:
            if isinstance(s, str):
                try:
                    s.encode("utf-8")
                except UnicodeEncodeError:
                    bad.append("%s holds a lone surrogate" % name)
    if bad:
        return bad

    def check(ok, what):
        if not ok:
            bad.append(what)

    check(_UUID.fullmatch(r["id"]), "id is not a lowercase UUID")
    for name in ("kiosk_id", "centre_id", "counter_id", "officer_id"):
        check(_IDENT.fullmatch(r[name]), "%s is not an identifier" % name)
    check(1 <= r["seq"] <= MAX_SEQ, "seq out of range")
    check(_HEX64.fullmatch(r["prev_hash"]), "prev_hash is not 64 lowercase hex digits")
    check(r["scale"] in DEFAULT_MAPPING, "unknown scale")
    check(r["raw_value"] in DEFAULT_MAPPING.get(r["scale"], {}), "raw_value not of the scale")
    check(r["level"] in LEVELS, "unknown level")
    reasons = r["reasons"]
    check(len(reasons) <= 8 and len(set(map(str, reasons))) == len(reasons), "too many or repeated reasons")
    check(all(isinstance(x, str) and is_reason_code(x) for x in reasons), "a reason is not a reason code")
    check(r["outcome"] in ("submitted", "skipped_reasons", "timeout"), "unknown outcome")
    check(r["filter_reason"] in ("", "repeat"), "unknown filter_reason")
    check(r["invitation_id"] == "" or _IDENT.fullmatch(r["invitation_id"]), "invitation_id")
    check(is_free_text(r["ticket"]), "ticket is not free text of at most 64 bytes")
    check(is_free_text(r["dossier_code"]), "dossier_code is not free text of at most 64 bytes")
    check(is_created_at(r["created_at"]), "created_at")
    check(0 <= r["duration_ms"] <= 86400000, "duration_ms out of range")
    check(is_version_text(r["app_version"]), "app_version")
    check(is_version_text(r["config_version"]), "config_version")
    check(r["lang"] in ("vi", "en"), "unknown lang")
    if not bad:
        check(r["hash"] == compute_hash(r), "hash is not the recomputed hash")
    return bad


# ---- API.md: the HTTP client ------------------------------------------------

class HTTPStatus(Exception):
    """A non-2xx answer: status, the error code of API.md §2, and the body."""

    def __init__(self, status, body, headers):
        self.status, self.body, self.headers = status, body, headers
        try:
            self.code = json.loads(body)["error"]["code"]
        except (ValueError, KeyError, TypeError):
            self.code = ""
        super().__init__("HTTP %d %s: %s" % (status, self.code, body[:300]))


class Client:
    """A kiosk's side of API.md: enrolment, configuration, batches, heartbeat."""

    def __init__(self, base, token="", timeout=30):
        self.base, self.token, self.timeout = base.rstrip("/"), token, timeout

    def request(self, method, path, body=None, headers=None, gzipped=False):
        """Sends one request; returns (status, headers, body bytes); raises HTTPStatus on >= 400."""
        h = dict(headers or {})
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
            h["Content-Type"] = "application/json"
            if gzipped:
                data, h["Content-Encoding"] = gzip.compress(data), "gzip"
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        req = urllib.request.Request(self.base + path, data=data, headers=h, method=method)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return resp.status, resp.headers, resp.read()
        except urllib.error.HTTPError as e:
            if e.code == 304:
                return 304, e.headers, b""
            raise HTTPStatus(e.code, e.read().decode("utf-8", "replace"), e.headers) from None

    def enrol(self, code, kiosk_id="", hostname="", app_version=""):
        """§3: spends the code; keeps the token; returns the answer (kiosk_id, token, config)."""
        _, _, body = self.request("POST", "/api/v1/enrol", {
            "code": code, "kiosk_id": kiosk_id, "hostname": hostname, "app_version": app_version})
        answer = json.loads(body)
        self.token = answer["token"]
        return answer

    def config(self, etag=None):
        """§4: returns (status, ETag, config or None on 304)."""
        headers = {"If-None-Match": etag} if etag else {}
        status, h, body = self.request("GET", "/api/v1/config", headers=headers)
        return status, h.get("ETag"), (json.loads(body) if status == 200 else None)

    def post_batch(self, batch_id, responses, gzipped=True):
        """§6: one batch; returns the list of item results."""
        body = json.dumps({"batch_id": batch_id, "responses": responses}, ensure_ascii=False)
        _, _, out = self.request("POST", "/api/v1/responses", body.encode("utf-8"),
                                 {"Idempotency-Key": batch_id}, gzipped)
        return json.loads(out)["results"]

    def heartbeat(self, **members):
        """§7: returns the answer (server_time, config_version)."""
        _, _, out = self.request("POST", "/api/v1/heartbeat", members)
        return json.loads(out)


# ---- EXPORT.md: reading and verifying a CSV export --------------------------

def read_export(path):
    """Yields (line number, record) for each row: apostrophe removed, integers and reasons parsed.

    A row that cannot be parsed yields (line, error text)."""
    # utf-8-sig strips the byte-order mark; newline="" keeps CR LF inside quoted cells.
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f, strict=True)
        header = next(reader)
        missing = [n for n in FIELDS if n not in header]
        if missing:
            raise ValueError("the header lacks %s" % missing)
        col = {n: header.index(n) for n in FIELDS}
        line = reader.line_num
        for row in reader:
            start, line = line + 1, reader.line_num
            try:
                yield start, _parse_row(row, col)
            except (ValueError, IndexError) as e:
                yield start, "malformed: %s" % e


def _parse_row(row, col):
    if len(row) <= max(col.values()):
        raise ValueError("%d cells, fewer than the header's columns" % len(row))
    rec = {}
    for name in FIELDS:
        cell = row[col[name]]
        if name in INT_FIELDS:
            if not re.fullmatch(r"-?[0-9]+", cell):
                raise ValueError("%s %r is not an integer" % (name, cell))
            rec[name] = int(cell)
        elif name == "reasons":
            value = json.loads(cell)
            if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
                raise ValueError("reasons %r is not an array of strings" % cell)
            rec[name] = value
        else:
            rec[name] = cell[1:] if cell.startswith("'") else cell  # undo the neutralisation
    return rec


def verify_rows(rows):
    """EXPORT.md: recomputes every hash and follows every chain. Returns (problems, chains)."""
    found, by_kiosk = [], {}
    for line, rec in rows:
        if isinstance(rec, str):
            found.append("line %d: %s" % (line, rec))
            continue
        try:
            if compute_hash(rec) != rec["hash"]:
                found.append("line %d: mismatch: id %s hash %s" % (line, rec["id"], rec["hash"]))
        except (ValueError, UnicodeEncodeError) as e:
            found.append("line %d: malformed: %s" % (line, e))
        by_kiosk.setdefault(rec["kiosk_id"], []).append((line, rec))
    chains = {}
    for kiosk, recs in sorted(by_kiosk.items()):
        recs.sort(key=lambda lr: lr[1]["seq"])
        by_seq = {}
        for line, rec in recs:
            if rec["seq"] in by_seq:
                found.append("line %d: duplicate: kiosk %s seq %d" % (line, kiosk, rec["seq"]))
            by_seq.setdefault(rec["seq"], rec)
        for line, rec in recs:
            seq, prev = rec["seq"], by_seq.get(rec["seq"] - 1)
            if seq == 1 and rec["prev_hash"] != GENESIS:
                found.append("line %d: broken_link: seq 1 without the genesis hash" % line)
            elif prev is not None and rec["prev_hash"] != prev["hash"]:
                found.append("line %d: broken_link: kiosk %s seq %d" % (line, kiosk, seq))
        first, last = recs[0][1], recs[-1][1]
        missing = sorted(set(range(first["seq"], last["seq"] + 1)) - set(by_seq))
        chains[kiosk] = {"rows": len(recs), "first_seq": first["seq"], "anchor": first["prev_hash"],
                         "last_seq": last["seq"], "head": last["hash"], "missing": missing}
    return found, chains


def verify_export(path, expect=None, out=sys.stdout):
    """The verify-export command: returns the exit status."""
    rows = list(read_export(path))
    found, chains = verify_rows(rows)
    for kiosk, c in chains.items():
        print("chain\t%s\trows %d\tseq %d..%d\tanchor %s\thead %s\tmissing %s" % (
            kiosk, c["rows"], c["first_seq"], c["last_seq"], c["anchor"], c["head"],
            ",".join(map(str, c["missing"])) or "-"), file=out)
    if expect:
        with open(expect, encoding="utf-8") as f:
            want = {(r["id"], r["hash"]) for r in json.load(f)["rows"]}
        got = {(r["id"], r["hash"]) for _, r in rows if isinstance(r, dict)}
        for id_, h in sorted(want - got):
            found.append("expected row not in the export: id %s hash %s" % (id_, h))
        for id_, h in sorted(got - want):
            found.append("row not uploaded by the conformance run: id %s hash %s" % (id_, h))
    for p in found:
        print("problem\t" + p, file=out)
    print("verify-export: checked %d rows of %d kiosks: %d problems" % (
        len(rows), len(chains), len(found)), file=out)
    return 3 if found else 0


# ---- test vectors -----------------------------------------------------------

def check_vectors(path, out=sys.stdout):
    """Checks canonical bytes, hash, validity and the chain of every vector; returns the exit status."""
    with open(path, encoding="utf-8") as f:
        vectors = json.load(f)["vectors"]
    failed = 0
    for v in vectors:
        r, errs = v["response"], []
        got = canonical(r)
        want = v["canonical"].encode("utf-8")
        if got != want or got != bytes.fromhex(v["canonical_hex"]):
            at = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
            errs.append("canonical bytes differ from byte %d:\n  got  %r\n  want %r" % (
                at, got[max(0, at - 20):at + 40], want[max(0, at - 20):at + 40]))
        if hashlib.sha256(got).hexdigest() != v["sha256"] or v["sha256"] != r["hash"]:
            errs.append("hash %s, want %s" % (hashlib.sha256(got).hexdigest(), v["sha256"]))
        if (not problems(r)) != v["valid"]:
            errs.append("valid %s, but the rules say %s" % (v["valid"], problems(r) or "valid"))
        failed += bool(errs)
        print("%s\t%s%s" % ("ok" if not errs else "FAIL", v["name"], "".join("\n  " + e for e in errs)),
              file=out)
    chain_problems, _ = verify_rows((i, v["response"]) for i, v in enumerate(vectors) if v["valid"])
    for p in chain_problems:
        print("FAIL\tchain of the valid vectors: " + p, file=out)
    print("vectors: %d checked, %d failed" % (len(vectors), failed + len(chain_problems)), file=out)
    return 3 if failed or chain_problems else 0


def main(argv=None):
    ap = argparse.ArgumentParser(prog="hailong_client.py", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    v = sub.add_parser("vectors", help="check the encoding against docs/test-vectors.json")
    v.add_argument("file")
    e = sub.add_parser("verify-export", help="recompute every hash and link of a CSV export")
    e.add_argument("file")
    e.add_argument("--expect", help="JSON written by conformance: the export must hold exactly those rows")
    c = sub.add_parser("conformance", help="enrol, upload a tricky chain, replay it, send a conflict")
    c.add_argument("--server", required=True, help="base URL, e.g. http://127.0.0.1:8080")
    c.add_argument("--code", required=True, help="an unused enrolment code")
    c.add_argument("--kiosk-id", default="", help="the chain's kiosk id (empty: the server makes one)")
    c.add_argument("--count", type=int, default=40, help="responses in the chain")
    c.add_argument("--batch", type=int, default=7, help="responses per batch")
    c.add_argument("--expect", help="write the uploaded ids and hashes to this JSON file")
    args = ap.parse_args(argv)
    try:
        if args.cmd == "vectors":
            return check_vectors(args.file)
        if args.cmd == "verify-export":
            return verify_export(args.file, args.expect)
        import conformance  # beside this file
        return conformance.run(args)
    except CheckFailed as err:
        print("FAIL: %s" % err, file=sys.stderr)
        return 3
    except (OSError, HTTPStatus, ValueError, csv.Error) as err:
        print("error: %s" % err, file=sys.stderr)
        return 1


if __name__ == "__main__":
    # Run as the module hailong_client, not __main__, so that conformance.py
    # (which imports it) raises the CheckFailed that main catches.
    sys.dont_write_bytecode = True  # no __pycache__ in the source tree
    import hailong_client
    sys.exit(hailong_client.main())
