"""The conformance scenario of hailong_client.py (issue 9's independent client).

Enrols with a code, reads the configuration it is sent, builds a chain of
responses that this configuration allows and whose texts hold everything
the documents say is hard (Vietnamese, an emoji, U+2028 and U+2029, TAB,
LF and CR LF, `<>&"\\`, cells starting with = + - @ ' TAB CR, reasons
holding ; and ,), uploads it in batches, replays a batch and expects
`duplicate`, sends a changed copy of an accepted response and expects
`conflict`, and checks the heartbeat. Any deviation raises CheckFailed.
"""

import datetime
import json
import uuid

import hailong_client as hl

# Ticket and dossier texts: each free text of at most 64 bytes (RESPONSE.md §1).
TICKETS = [
    "Số 12 – Quầy 3 😀",
    "line 1\nline 2",
    "CR LF\r\nend",
    "<b>&amp;</b> \"q\" \\ end",
    "=HYPERLINK(\"http://x\")",
    "+84 912 345 678",
    "-1",
    "@SUM(1)",
    "'quoted",
    "\tstarts with a tab",
    "\rstarts with CR",
    "đoạn\u2028dòng\u2029mới",
    " =1 (leading space)",
    "Nguyễn Thị Lan; Trần Văn Bình, ok",
    "",
]
DOSSIERS = [
    "000.00.23.H01-251124-0001",
    "HS-000123/Đăng ký",
    "col1\tcol2",
    "=1+1",
    "@A1",
    "-12",
    "+3",
    "a\r\nb\nc",
    "",
    "U+2028\u2028here",
]
OFFSETS = [datetime.timedelta(hours=7), datetime.timedelta(0), datetime.timedelta(hours=-3, minutes=-30),
           datetime.timedelta(hours=14), datetime.timedelta(hours=-12)]


def expect(ok, what):
    if not ok:
        raise hl.CheckFailed(what)


def stamp(when, offset, utc_as_z):
    """created_at in the form of RESPONSE.md §3.16, at the given UTC offset."""
    text = when.astimezone(datetime.timezone(offset)).isoformat(timespec="milliseconds")
    return text[:-6] + "Z" if utc_as_z and text.endswith("+00:00") else text


def level_of(config, raw):
    """RESPONSE.md §2 and API.md §4: the configured mapping, else the default."""
    return config.get("mapping", {}).get(str(raw), hl.DEFAULT_MAPPING[config["scale"]][raw])


def build_chain(config, kiosk_id, count, app_version):
    """count responses, seq 1..count, valid under config."""
    officers = [o["id"] for o in config["officers"]]
    codes = [r["code"] for r in config["reasons"]]
    semi = [c for c in codes if ";" in c]
    comma = [c for c in codes if "," in c]
    expect(semi and comma, "the centre must be configured with reason codes holding ';' and ',' "
           "(got %r)" % codes)
    raws = sorted(hl.DEFAULT_MAPPING[config["scale"]], reverse=True)
    reasons_for = config.get("reasons_for") or list(hl.LEVELS)
    now = datetime.datetime.now(datetime.timezone.utc)
    chain, prev = [], hl.GENESIS
    for i in range(count):
        raw = raws[i % len(raws)]
        level = level_of(config, raw)
        reasons, outcome = [], "submitted"
        if level in reasons_for:
            # the separator-holding codes first, then the others in turn; none on every 4th.
            picks = list(dict.fromkeys([semi[0], comma[0]] + codes))
            reasons = picks[: 1 + i % min(len(picks), 8)] if i % 4 else []
            if not reasons:
                outcome = "skipped_reasons" if i % 8 else "timeout"
        r = {
            "id": str(uuid.uuid4()),
            "kiosk_id": kiosk_id,
            "seq": i + 1,
            "prev_hash": prev,
            "hash": "",
            "centre_id": config["centre"]["id"],
            "counter_id": config["counter"]["id"],
            "officer_id": officers[i % len(officers)],
            "scale": config["scale"],
            "raw_value": raw,
            "level": level,
            "reasons": reasons,
            "outcome": outcome,
            "filter_reason": "repeat" if i % 11 == 5 else "",
            "invitation_id": "inv-%04d" % i if i % 3 == 0 else "",
            "ticket": TICKETS[i % len(TICKETS)],
            "dossier_code": DOSSIERS[i % len(DOSSIERS)],
            "lang": "vi" if i % 2 == 0 else "en",
            "created_at": stamp(now - datetime.timedelta(seconds=10 * (count - i)),
                                OFFSETS[i % len(OFFSETS)], i % 2 == 1),
            "duration_ms": (i * 7919) % 86400001,
            "app_version": app_version,
            "config_version": config["version"],
        }
        r["hash"] = hl.compute_hash(r)
        bad = hl.problems(r)
        expect(not bad, "the client built an invalid record: %s %r" % (bad, r))
        chain.append(r)
        prev = r["hash"]
    expect(any(semi[0] in r["reasons"] and comma[0] in r["reasons"] for r in chain),
           "no response carries both a reason with ';' and one with ','; raise --count")
    return chain


def expect_all(results, batch, status, reason=None):
    """One result per response, in order, each with that status (and reason)."""
    expect(len(results) == len(batch), "%d results for %d responses" % (len(results), len(batch)))
    for res, r in zip(results, batch):
        expect(res.get("id") == r["id"], "result %r is not for %s" % (res, r["id"]))
        expect(res.get("status") == status and res.get("reason") == reason,
               "seq %d: %r, want status %s reason %s; record %s" % (
                   r["seq"], res, status, reason, json.dumps(r, ensure_ascii=False)))


def run(args):
    """The conformance subcommand: returns the exit status, raises CheckFailed."""
    app_version = "py-client-1"
    client = hl.Client(args.server)
    enrolled = client.enrol(args.code, args.kiosk_id, "python-client", app_version)
    kiosk_id, config = enrolled["kiosk_id"], enrolled["config"]
    expect(len(client.token) >= 43, "token %r is shorter than 43 characters" % client.token)
    expect(not args.kiosk_id or kiosk_id == args.kiosk_id, "kiosk_id %s, asked for %s" % (kiosk_id, args.kiosk_id))
    print("enrolled\tkiosk %s\tcentre %s\tcounter %s\tconfig %s\tscale %s\tofficers %s\treasons %s" % (
        kiosk_id, config["centre"]["id"], config["counter"]["id"], config["version"], config["scale"],
        ",".join(o["id"] for o in config["officers"]),
        json.dumps([r["code"] for r in config["reasons"]], ensure_ascii=False)))

    status, etag, fetched = client.config()
    expect(status == 200 and fetched["version"] == config["version"], "GET config: %s %r" % (status, fetched))
    expect(etag == '"%s"' % config["version"], "ETag %r, want the quoted version" % etag)
    status, etag, _ = client.config(etag)
    expect(status == 304, "GET config with If-None-Match: %d, want 304" % status)

    chain = build_chain(fetched, kiosk_id, args.count, app_version)
    batches = [chain[i:i + args.batch] for i in range(0, len(chain), args.batch)]
    batch_ids = []
    for n, batch in enumerate(batches):
        batch_ids.append(str(uuid.uuid4()))
        expect_all(client.post_batch(batch_ids[-1], batch, gzipped=n % 2 == 0), batch, "accepted")
    print("uploaded\t%d responses in %d batches: all accepted" % (len(chain), len(batches)))

    # The same batch again (same batch_id), then every response regrouped in one batch.
    expect_all(client.post_batch(batch_ids[0], batches[0]), batches[0], "duplicate")
    expect_all(client.post_batch(str(uuid.uuid4()), chain, gzipped=True), chain, "duplicate")
    print("replayed\t%d responses: all duplicate" % (len(batches[0]) + len(chain)))

    # A changed copy of an accepted response: same id, another ticket, rehashed.
    changed = dict(chain[1], ticket=chain[1]["ticket"] + " (sửa)")
    changed["hash"] = hl.compute_hash(changed)
    expect(not hl.problems(changed), "the changed copy is invalid: %s" % hl.problems(changed))
    expect_all(client.post_batch(str(uuid.uuid4()), [changed]), [changed], "rejected", "conflict")
    print("conflict\tseq %d changed and rehashed: rejected conflict" % changed["seq"])

    now = datetime.datetime.now(datetime.timezone.utc)
    beat = client.heartbeat(app_version=app_version, pending=0, clock=stamp(now, OFFSETS[0], False),
                            last_seq=len(chain), disk_free=1 << 30, last_error="")
    expect(beat.get("config_version") == config["version"], "heartbeat answered %r" % beat)

    if args.expect:
        with open(args.expect, "w", encoding="utf-8") as f:
            json.dump({"kiosk_id": kiosk_id, "rows": [{"id": r["id"], "seq": r["seq"], "hash": r["hash"]}
                                                      for r in chain]}, f, indent=1)
    print("conformance: ok: %d responses accepted, replay duplicate, change conflict, heartbeat ok" % len(chain))
    return 0
