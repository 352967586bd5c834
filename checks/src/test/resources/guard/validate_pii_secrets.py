#!/usr/bin/env python3
"""Independent validator for pii-eval.jsonl / secrets-eval.jsonl (shares no code with the generator).

1. every expected value is a substring of text; ids unique; schema ok
2. each expected value passes a strict type check (Luhn, mod-97, DNI/NIE letter, NINO, SSN, IP, ...)
3. a reference scanner runs over every text; anything it finds must overlap a labelled span
   (so negatives contain nothing valid, positives contain nothing unlabelled)
4. look-alike negatives are re-checked to be invalid for the property they imitate
"""
import base64
import ipaddress
import json
import math
import os
import re
import sys
from collections import Counter

D = os.path.dirname(os.path.abspath(__file__))
errors = []


def err(msg):
    errors.append(msg)


def load(name):
    with open(os.path.join(D, name), encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def luhn(num):
    s, alt = 0, False
    for ch in num[::-1]:
        n = ord(ch) - 48
        if alt:
            n = n * 2 - 9 if n > 4 else n * 2
        s += n
        alt = not alt
    return s % 10 == 0


def iban_ok(v):
    c = v.replace(" ", "")
    lens = {"DE": 22, "GB": 22, "FR": 27, "NL": 18, "ES": 24}
    if c[:2] not in lens or len(c) != lens[c[:2]]:
        return False
    if c[:2] == "GB" and not re.fullmatch(r"GB\d\d[A-Z]{4}\d{14}", c):
        return False
    if c[:2] == "NL" and not re.fullmatch(r"NL\d\d[A-Z]{4}\d{10}", c):
        return False
    if c[:2] in ("DE", "FR", "ES") and not re.fullmatch(r"[A-Z]{2}\d+", c):
        return False
    if " " in v and not re.fullmatch(r"(?:[A-Z0-9]{4} )+[A-Z0-9]{1,4}", v):
        return False
    r = c[4:] + c[:4]
    num = ""
    for ch in r:
        num += ch if ch.isdigit() else str(ord(ch) - 55)
    return int(num) % 97 == 1


def ssn_ok(v):
    m = re.fullmatch(r"(\d{3})-(\d{2})-(\d{4})", v)
    if not m:
        return False
    a, g, s = m.groups()
    return a != "000" and a != "666" and a[0] != "9" and g != "00" and s != "0000"


def nino_ok(v):
    m = re.fullmatch(r"([A-Z])([A-Z]) ?(\d\d) ?(\d\d) ?(\d\d) ?([A-D])", v)
    if not m:
        return False
    a, b = m.group(1), m.group(2)
    if a in "DFIQUV" or b in "DFIOQUV" or a + b in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
        return False
    return True


def dni_ok(v):
    T = "TRWAGMYFPDXBNJZSQVHLCKE"
    m = re.fullmatch(r"(\d{8})([A-Z])", v)
    if m:
        return T[int(m.group(1)) % 23] == m.group(2)
    m = re.fullmatch(r"([XYZ])(\d{7})([A-Z])", v)
    if m:
        return T[int("XYZ".index(m.group(1)) * 10 ** 7 + int(m.group(2))) % 23] == m.group(3)
    return False


def ip_ok(v):
    try:
        ipaddress.ip_address(v)
        return True
    except ValueError:
        return False


def phone_ok(v):
    d = re.sub(r"\D", "", v)
    if v.startswith("+"):
        return re.fullmatch(r"\+[\d \-.()]+", v) is not None and 10 <= len(d) <= 15
    return re.fullmatch(r"(?:\(\d{3}\) ?|\d{3}[-. ])\d{3}[-. ]\d{4}", v) is not None


def card_ok(v):
    if not re.fullmatch(r"\d+(?:[ -]\d+)*", v):
        return False
    d = re.sub(r"\D", "", v)
    if not (13 <= len(d) <= 19 and luhn(d)):
        return False
    if d[0] == "4":
        return len(d) in (13, 16, 19)
    if d[:2] in ("34", "37"):
        return len(d) == 15
    if 51 <= int(d[:2]) <= 55 or 2221 <= int(d[:4]) <= 2720:
        return len(d) == 16
    if d.startswith("6011"):
        return len(d) == 16
    return False


EMAIL_RE = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
PII_CHECK = {
    "email": lambda v: re.fullmatch(EMAIL_RE, v) is not None,
    "phone": phone_ok, "payment_card": card_ok, "iban": iban_ok, "us_ssn": ssn_ok,
    "uk_nino": nino_ok, "es_dni": dni_ok, "ip_address": ip_ok,
}


def scan_pii(text):
    """Reference scanner: yields (type, start, end) for anything that is valid PII."""
    for m in re.finditer(EMAIL_RE, text):
        yield "email", m.start(), m.end()
    for m in re.finditer(r"\+\d[\d \-.()]{7,22}\d", text):
        if 10 <= len(re.sub(r"\D", "", m.group())) <= 15:
            yield "phone", m.start(), m.end()
    for m in re.finditer(r"(?<![\d\w])(?:\(\d{3}\) ?|\d{3}[-. ])\d{3}[-. ]\d{4}(?!\d)", text):
        yield "phone", m.start(), m.end()
    # every window of 13..19 digits built from single-separator digit groups
    for m in re.finditer(r"\d+(?:[ -]\d+)*", text):
        gs = [(g.start() + m.start(), g.end() + m.start()) for g in re.finditer(r"\d+", m.group())]
        for i in range(len(gs)):
            for j in range(i, len(gs)):
                s, e = gs[i][0], gs[j][1]
                d = re.sub(r"\D", "", text[s:e])
                if 13 <= len(d) <= 19 and luhn(d):
                    yield "payment_card", s, e
    for m in re.finditer(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b", text):
        cand = m.group()
        for k in range(len(cand), 14, -1):
            if iban_ok(cand[:k]):
                yield "iban", m.start(), m.start() + k
                break
    for m in re.finditer(r"\b\d{3}-\d{2}-\d{4}\b", text):
        if ssn_ok(m.group()):
            yield "us_ssn", m.start(), m.end()
    for m in re.finditer(r"\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-Z]\b", text):
        if nino_ok(m.group()):
            yield "uk_nino", m.start(), m.end()
    for m in re.finditer(r"\b(?:\d{8}|[XYZ]\d{7})[A-Z]\b", text):
        if dni_ok(m.group()):
            yield "es_dni", m.start(), m.end()
    for m in re.finditer(r"(?<![\d.])(?<!\d\.)\d{1,3}(?:\.\d{1,3}){3}(?!\.?\d)", text):
        if ip_ok(m.group()):
            yield "ip_address", m.start(), m.end()
    for m in re.finditer(r"[0-9A-Fa-f:]*:[0-9A-Fa-f:]*", text):
        tok = m.group()
        if tok.count(":") >= 2 and ip_ok(tok):
            yield "ip_address", m.start(), m.end()


def spans(it):
    out = []
    for e in it["expected"]:
        s = it["text"].find(e["value"])
        out.append((e["type"], s, s + len(e["value"])))
    return out


def overlaps(a, b):
    return a[1] < b[2] and b[1] < a[2]


def common(items, prefix):
    ids = [i["id"] for i in items]
    if len(set(ids)) != len(ids):
        err(f"{prefix}: duplicate ids")
    for it in items:
        if set(it) != {"id", "text", "expected", "note"}:
            err(f"{it['id']}: bad keys")
        for e in it["expected"]:
            if e["value"] not in it["text"]:
                err(f"{it['id']}: value not substring: {e['value']!r}")


def validate_pii():
    items = load("pii-eval.jsonl")
    common(items, "pii")
    for it in items:
        for e in it["expected"]:
            if not PII_CHECK[e["type"]](e["value"]):
                err(f"{it['id']}: invalid {e['type']} {e['value']!r}")
        if len({e["type"] for e in it["expected"]}) != len(it["expected"]):
            err(f"{it['id']}: repeated type")
        sp = spans(it)
        for f in scan_pii(it["text"]):
            if not any(overlaps(f, s) for s in sp):
                err(f"{it['id']}: unlabelled {f[0]} {it['text'][f[1]:f[2]]!r} ({it['note']})")
        for s in sp:
            if not any(overlaps(f, s) and f[0] == s[0] for f in scan_pii(it["text"])):
                err(f"{it['id']}: scanner misses labelled {s[0]} {it['text'][s[1]:s[2]]!r}")
        # explicit look-alike invalidity checks
        n = it["note"]
        t = it["text"]
        if "luhn-invalid" in n:
            for m in re.finditer(r"\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{4}", t):
                if luhn(re.sub(r"\D", "", m.group())):
                    err(f"{it['id']}: luhn look-alike is valid")
        if "mod-97" in n:
            m = re.search(r"\b[A-Z]{2}\d\d[A-Z0-9]{10,30}\b", t)
            if not m or iban_ok(m.group()):
                err(f"{it['id']}: iban look-alike missing or valid")
            else:
                c = m.group()
                r = c[4:] + c[:4]
                if int("".join(ch if ch.isdigit() else str(ord(ch) - 55) for ch in r)) % 97 == 1:
                    err(f"{it['id']}: iban look-alike passes mod-97")
        if "ssn-shaped" in n:
            m = re.search(r"\d{3}-\d{2}-\d{4}", t)
            if not m or ssn_ok(m.group()):
                err(f"{it['id']}: ssn look-alike missing or valid")
        if "nino-shaped" in n:
            m = re.search(r"\b[A-Z]{2}\d{6}[A-Z]\b", t)
            if not m or nino_ok(m.group()):
                err(f"{it['id']}: nino look-alike missing or valid")
        if "wrong check letter" in n:
            m = re.search(r"\b(?:\d{8}|[XYZ]\d{7})[A-Z]\b", t)
            if not m or dni_ok(m.group()):
                err(f"{it['id']}: dni look-alike missing or valid")
        if "octet out of range" in n:
            m = re.search(r"\d+\.\d+\.\d+\.\d+", t)
            if not m or ip_ok(m.group()):
                err(f"{it['id']}: ip look-alike missing or valid")
    return items


# ---------------------------------------------------------------- secrets
SEC_RE = {
    "aws_access_key_id": r"(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z2-7]{16}(?![A-Za-z0-9])",
    "github_token": r"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})(?![A-Za-z0-9_])",
    "slack_token": r"(?<![A-Za-z0-9])xox[bp]-\d{6,}-\d{6,}(?:-\d{6,})?-[A-Za-z0-9]{20,}(?![A-Za-z0-9])",
    "stripe_key": r"(?<![A-Za-z0-9_])[rs]k_live_[A-Za-z0-9]{24,99}(?![A-Za-z0-9])",
    "google_api_key": r"(?<![A-Za-z0-9_-])AIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])",
    "openai_api_key": r"(?<![A-Za-z0-9_-])(?:sk-[A-Za-z0-9]{48}(?![A-Za-z0-9])|sk-proj-[A-Za-z0-9_-]{80,150}(?![A-Za-z0-9_-]))",
    "private_key": r"-----BEGIN ((?:RSA |OPENSSH |EC )?PRIVATE KEY)-----(?:\n|\\n)(?:[A-Za-z0-9+/=]{1,64}(?:\n|\\n))+-----END \1-----",
    "jwt": r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])",
    "aws_secret_access_key": r"(?i:aws_?secret_?access_?key|secretaccesskey)[\"']?\s*[:=]\s*[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])",
}
GEN_RE = re.compile(r"(?i)([\w.\-]*(?:password|passwd|pwd|secret|token|api_?key|apikey|access_?key)[\w.\-]*)[\"']?\s*[:=]\s*[\"']?([^\s\"'`,;}\]\[(){}<>]+)")


def ent(s):
    c = Counter(s)
    return -sum(n / len(s) * math.log2(n / len(s)) for n in c.values())


def classes(s):
    return sum([any(c.islower() for c in s), any(c.isupper() for c in s), any(c.isdigit() for c in s),
                any(not c.isalnum() for c in s)])


def jwt_ok(v):
    parts = v.split(".")
    if len(parts) != 3:
        return False
    try:
        h = json.loads(base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4)))
        json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except Exception:
        return False
    return "alg" in h and len(parts[2]) == 43


def pem_ok(v):
    m = re.fullmatch(SEC_RE["private_key"], v)
    if not m:
        return False
    nl = "\n" if "\n" in v else "\\n"
    lines = v.split(nl)[1:-1]
    if not (3 <= len(lines) <= 5 and all(len(l) == 64 for l in lines[:-1])):
        return False
    base64.b64decode("".join(lines) + "=" * (-len("".join(lines)) % 4))
    return True


def scan_sec(text):
    for t, rx in SEC_RE.items():
        for m in re.finditer(rx, text):
            g = 1 if t == "aws_secret_access_key" else 0
            yield t, m.start(g), m.end(g)
    for m in GEN_RE.finditer(text):
        v = m.group(2)
        if len(v) >= 20 and ent(v) >= 3.5 and classes(v) >= 2:
            yield "generic_secret", m.start(2), m.end(2)
    # loose catch-alls: anything AKIA-ish, eyJ-ish, key-prefix-ish with a long tail
    for m in re.finditer(r"(?:AKIA|ASIA)[A-Z0-9]{12,}", text):
        yield "aws_access_key_id?", m.start(), m.end()
    for m in re.finditer(r"(?:ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|xox[abpr]-|sk_live_|rk_live_|AIza|sk-)[A-Za-z0-9_\-]{16,}", text):
        yield "prefixed?", m.start(), m.end()


def validate_secrets():
    items = load("secrets-eval.jsonl")
    common(items, "sec")
    for it in items:
        text = it["text"]
        sp = spans(it)
        found = list(scan_sec(text))
        for e, s in zip(it["expected"], sp):
            v, t = e["value"], e["type"]
            if t == "generic_secret":
                ok = len(v) >= 20 and ent(v) >= 3.5 and classes(v) >= 3 and any(
                    f[0] == "generic_secret" and (f[1], f[2]) == (s[1], s[2]) for f in found)
            elif t == "jwt":
                ok = jwt_ok(v) and re.fullmatch(SEC_RE[t], v) is not None
            elif t == "private_key":
                ok = pem_ok(v)
            elif t == "aws_secret_access_key":
                ok = any(f[0] == t and (f[1], f[2]) == (s[1], s[2]) for f in found)
            else:
                ok = re.fullmatch(SEC_RE[t], v) is not None and any(
                    f[0] == t and (f[1], f[2]) == (s[1], s[2]) for f in found)
            if not ok:
                err(f"{it['id']}: invalid {t} {v[:60]!r}")
        for f in found:
            if not any(overlaps(f, s) for s in sp):
                err(f"{it['id']}: unlabelled {f[0]} {text[f[1]:f[2]][:70]!r} ({it['note']})")
    return items


if __name__ == "__main__":
    p = validate_pii()
    s = validate_secrets()
    for e in errors:
        print("ERROR", e)
    print(f"pii items={len(p)} secrets items={len(s)} errors={len(errors)}")
    sys.exit(1 if errors else 0)
