#!/usr/bin/env python3
"""Generate labelled PII and secrets evaluation corpora for the runtime guard.

Writes pii-eval.jsonl and secrets-eval.jsonl next to this script.
Stdlib only, fully deterministic (random.Random(20261130)).
All secret values are random and synthetic; none are real credentials.
"""
import base64
import json
import math
import os
import re
import random
import string
from collections import Counter

rng = random.Random(20261130)
OUT_DIR = os.path.dirname(os.path.abspath(__file__))

DIG = string.digits
UP = string.ascii_uppercase
LO = string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
B32 = UP + "234567"
HEX = "0123456789abcdef"


def pick(seq):
    return rng.choice(seq)


def rs(n, alphabet=ALNUM):
    return "".join(rng.choice(alphabet) for _ in range(n))


def digits(n):
    return rs(n, DIG)


def rbytes(n):
    return bytes(rng.randrange(256) for _ in range(n))


def entropy(s):
    c = Counter(s)
    return -sum(v / len(s) * math.log2(v / len(s)) for v in c.values())


FIRST = ["Maria", "James", "Aisha", "Lukas", "Sofia", "Wei", "Olivia", "Mateo", "Priya", "Noah",
         "Elena", "Tomas", "Fatima", "Jonas", "Emma", "Diego", "Hannah", "Kenji", "Chloe", "Pablo",
         "Grace", "Omar", "Ingrid", "Lucia", "Daniel", "Amelie", "Raj", "Sara", "Oliver", "Marta"]
LAST = ["Garcia", "Smith", "Khan", "Muller", "Rossi", "Zhang", "Brown", "Lopez", "Patel", "Wilson",
        "Novak", "Fernandez", "Haddad", "Schmidt", "Taylor", "Martinez", "Weber", "Tanaka", "Dubois",
        "Ruiz", "OBrien", "Jansen", "Moreau", "Sanchez", "Evans", "Kowalski", "Nakamura", "Silva"]
DOMAINS = ["example.com", "example.org", "example.net", "acme-corp.io", "northwind.co.uk", "contoso.de",
           "fabrikam.fr", "globex.nl", "initech.com", "mail.example.es", "umbrella-health.org",
           "wayne-logistics.com"]


def name():
    return f"{pick(FIRST)} {pick(LAST)}"


def ticket():
    return str(rng.randint(10000, 99999))


# ----------------------------------------------------------------------------------------------
# PII value generators
# ----------------------------------------------------------------------------------------------

def gen_email():
    f, l = pick(FIRST).lower(), pick(LAST).lower()
    local = pick([f"{f}.{l}", f"{f[0]}{l}", f"{f}_{l}{rng.randint(1, 99)}",
                  f"{f}.{l}+{pick(['billing', 'support', 'news', 'jobs'])}", f"{l}.{f[0]}", f"{f}{rng.randint(70, 99)}"])
    return f"{local}@{pick(DOMAINS)}"


NA_AREAS = ["212", "415", "312", "617", "206", "512", "303", "646", "718", "416", "604", "213", "305", "202"]


def gen_phone_na():
    a = pick(NA_AREAS)
    ex = pick(["555", str(rng.randint(2, 9)) + digits(2)])
    if ex == "555":
        ln = "01" + digits(2)
    else:
        ln = digits(4)
    fmt = rng.randrange(4)
    return [f"({a}) {ex}-{ln}", f"{a}-{ex}-{ln}", f"{a}.{ex}.{ln}", f"{a} {ex} {ln}"][fmt]


def gen_phone_intl():
    k = rng.randrange(11)
    if k == 0:
        return f"+44 20 7946 0{digits(3)}"
    if k == 1:
        return f"+44 7700 900{digits(3)}"
    if k == 2:
        return f"+49 30 {rng.randint(2, 9)}{digits(7)}"
    if k == 3:
        return f"+49 151 {rng.randint(1, 9)}{digits(7)}"
    if k == 4:
        return "+33 " + str(rng.randint(1, 7)) + "".join(" " + digits(2) for _ in range(4))
    if k == 5:
        return f"+34 6{digits(2)} {digits(3)} {digits(3)}"
    if k == 6:
        return f"+1 {pick(NA_AREAS)}-555-01{digits(2)}"
    if k == 7:
        return f"+91 9{digits(4)} {digits(5)}"
    if k == 8:
        return f"+61 2 9{digits(3)} {digits(4)}"
    if k == 9:
        return f"+81 3-{digits(4)}-{digits(4)}"
    return f"+3538{rng.randint(3, 9)}{digits(7)}"


def gen_phone():
    return gen_phone_intl() if rng.random() < 0.55 else gen_phone_na()


def luhn_valid(num):
    total = 0
    for i, ch in enumerate(reversed(num)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_complete(prefix, length):
    body = prefix + digits(length - len(prefix) - 1)
    for c in DIG:
        if luhn_valid(body + c):
            return body + c
    raise AssertionError


def group_card(num, style):
    if style == "compact":
        return num
    sep = " " if style == "space" else "-"
    if len(num) == 15:
        parts = [num[:4], num[4:10], num[10:]]
    else:
        parts = [num[i:i + 4] for i in range(0, len(num), 4)]
    return sep.join(parts)


def gen_card():
    k = rng.randrange(6)
    if k in (0, 1):
        prefix, length, brand = "4", 16, "Visa"
    elif k == 2:
        prefix, length, brand = "5" + str(rng.randint(1, 5)), 16, "Mastercard"
    elif k == 3:
        prefix, length, brand = str(rng.randint(2221, 2720)), 16, "Mastercard"
    elif k == 4:
        prefix, length, brand = pick(["34", "37"]), 15, "Amex"
    else:
        prefix, length, brand = "6011", 16, "Discover"
    num = luhn_complete(prefix, length)
    style = pick(["compact", "space", "space", "dash"])
    return group_card(num, style), brand, style


def iban_check(cc, bban):
    s = bban + cc + "00"
    n = int("".join(str(int(ch, 36)) for ch in s))
    return "%02d" % (98 - n % 97)


def mod97_ok(iban):
    s = iban[4:] + iban[:4]
    return int("".join(str(int(ch, 36)) for ch in s)) % 97 == 1


ES_W = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]


def es_dc(ten):
    d = 11 - sum(int(c) * w for c, w in zip(ten, ES_W)) % 11
    return 0 if d == 11 else 1 if d == 10 else d


def gen_bban(cc):
    if cc == "DE":
        return digits(8) + digits(10)
    if cc == "GB":
        return pick(["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "NAIA"]) + digits(6) + digits(8)
    if cc == "NL":
        return pick(["ABNA", "INGB", "RABO", "TRIO", "KNAB", "SNSB"]) + digits(10)
    if cc == "FR":
        bank, branch, acct = digits(5), digits(5), digits(11)
        key = 97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97)
        return bank + branch + acct + "%02d" % key
    if cc == "ES":
        bank, branch, acct = digits(4), digits(4), digits(10)
        return bank + branch + f"{es_dc('00' + bank + branch)}{es_dc(acct)}" + acct
    raise ValueError(cc)


IBAN_LEN = {"DE": 22, "GB": 22, "NL": 18, "FR": 27, "ES": 24}


def gen_iban(grouped=None):
    cc = pick(["DE", "GB", "NL", "FR", "ES"])
    bban = gen_bban(cc)
    iban = cc + iban_check(cc, bban) + bban
    assert len(iban) == IBAN_LEN[cc] and mod97_ok(iban)
    if grouped is None:
        grouped = rng.random() < 0.5
    if grouped:
        return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4)), cc, "grouped"
    return iban, cc, "compact"


def gen_ssn():
    while True:
        a = rng.randint(1, 899)
        if a != 666:
            break
    return f"{a:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"


NINO_BAD_PAIRS = ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"]
NINO_FIRST = [c for c in UP if c not in "DFIQUV"]
NINO_SECOND = [c for c in UP if c not in "DFIOQUV"]


def gen_nino():
    while True:
        p = pick(NINO_FIRST) + pick(NINO_SECOND)
        if p not in NINO_BAD_PAIRS:
            break
    d = digits(6)
    s = pick("ABCD")
    if rng.random() < 0.5:
        return f"{p} {d[:2]} {d[2:4]} {d[4:]} {s}", "spaced"
    return f"{p}{d}{s}", "compact"


DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def gen_dni():
    n = rng.randint(1000000, 99999999)
    return f"{n:08d}{DNI_LETTERS[n % 23]}"


def gen_nie():
    p = rng.randrange(3)
    d = digits(7)
    return f"{'XYZ'[p]}{d}{DNI_LETTERS[int(str(p) + d) % 23]}"


def gen_ipv4():
    k = rng.randrange(6)
    if k == 0:
        return f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    if k == 1:
        return f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    if k == 2:
        return f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    if k == 3:
        return f"{pick(['203.0.113', '198.51.100', '192.0.2'])}.{rng.randint(1, 254)}"
    return f"{rng.randint(11, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def h4():
    return rs(4, HEX)


def gen_ipv6():
    k = rng.randrange(4)
    if k == 0:
        return "2001:0db8:" + ":".join(h4() for _ in range(6)), "full"
    if k == 1:
        return "2001:db8::" + ":".join(h4().lstrip("0") or "0" for _ in range(rng.randint(1, 3))), "compressed"
    if k == 2:
        return "fe80::" + ":".join(h4().lstrip("0") or "0" for _ in range(4)), "compressed"
    return f"2a02:{h4()}:{h4()}:{h4()}::{rng.randint(1, 255):x}", "compressed"


# ----------------------------------------------------------------------------------------------
# conflict check used while generating (avoids unlabelled Luhn-valid digit runs, e.g. inside
# grouped IBANs or long phone numbers); the separate validator re-checks everything.
# ----------------------------------------------------------------------------------------------
RUN_RE = re.compile(r"(?<![\w.-])\d+(?:[ -]\d+)*(?!\w)")


def luhn_windows(text):
    out = []
    for m in RUN_RE.finditer(text):
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            for j in range(i + 1, len(groups) + 1):
                d = "".join(groups[i:j])
                if 13 <= len(d) <= 19 and luhn_valid(d):
                    out.append(d)
    return out


def card_digits(v):
    return re.sub(r"[ -]", "", v)


def clean_pii(text, expected):
    cards = {card_digits(e["value"]) for e in expected if e["type"] == "payment_card"}
    return all(w in cards for w in luhn_windows(text))


# ----------------------------------------------------------------------------------------------
# PII templates
# ----------------------------------------------------------------------------------------------
T_EMAIL = [
    ("support ticket", "Ticket #{n}: customer cannot reset her password. Please reply to {v} once the lockout is cleared."),
    ("crm note", "CRM note: spoke with {name} today, prefers to be contacted via {v} rather than by phone."),
    ("forwarded email", "Hi team, forwarding this from {v} - they were double-charged for the March invoice."),
    ("model output", "Sure! I've updated the billing contact on the account to {v}. Is there anything else I can help with?"),
    ("chat", "user: my login is {v} and it keeps saying account locked?? i tried like 5 times"),
    ("email header", "From: {v}\nSubject: Refund request for order {n}\nHello, I would like to return the blender."),
    ("crm lead", "Lead captured at the webinar: {name}, {v}, interested in the enterprise tier."),
    ("support ticket", "The renewal invoice bounced; the address on file ({v}) seems to be outdated."),
    ("email body", "Please CC {v} on the renewal quote so procurement can approve it this week."),
    ("model output", "I found an account registered under {v}. A password reset link has been sent there."),
]
T_PHONE = [
    ("support ticket", "Ticket #{n}: caller asked for a callback on {v} between 2 and 4 pm."),
    ("crm note", "CRM: {name} changed mobile number to {v}; old number no longer in service."),
    ("chat", "agent: can I call you back? user: yes pls, {v}"),
    ("email signature", "Best regards,\n{name}\nAccount Manager\nTel: {v}"),
    ("model output", "You can reach the store manager directly at {v} during opening hours."),
    ("delivery note", "Courier note: ring {v} on arrival, the doorbell is broken."),
    ("support ticket", "Customer disputes SMS charges to {v} from last billing cycle."),
    ("crm note", "Emergency contact for {name}: {v} (sister)."),
]
T_CARD = [
    ("support ticket", "Ticket #{n}: payment failed with card {v}, customer insists the card is active."),
    ("chat", "user: ok here is the card number {v} exp 09/27, please just charge it"),
    ("model output", "I have the card {v} on file for this subscription; the next charge is on the 1st."),
    ("crm note", "CRM: {name} asked to replace the default card with {v}."),
    ("email body", "Hello, I was charged twice on my {brand} {v}. Please refund one of the payments."),
    ("call transcript", "Caller read out the card number as {v} and asked why it was declined."),
    ("fraud alert", "Fraud team: card {v} used at 3 merchants within 10 minutes, please review."),
]
T_IBAN = [
    ("support ticket", "Ticket #{n}: please send the refund to my account {v} instead of the card."),
    ("email body", "Dear accounts team, our new bank details are IBAN {v}. Please update your vendor record."),
    ("crm note", "CRM: {name} wants salary paid into {v} from next month."),
    ("chat", "user: the IBAN is {v}, can you confirm you received the transfer?"),
    ("model output", "I've set up the SEPA direct debit from {v}; the first collection will be on the 5th."),
    ("invoice text", "Payment terms: 30 days net. Beneficiary IBAN: {v}. Reference: INV-{n}."),
]
T_SSN = [
    ("support ticket", "Ticket #{n}: applicant typed SSN {v} in the free-text field by mistake."),
    ("hr note", "HR note: I-9 completed for {name}, SSN {v}, start date next Monday."),
    ("chat", "user: my social is {v}, why does the credit check still fail"),
    ("model output", "Your W-2 shows the SSN {v}; please confirm it matches your records."),
    ("crm note", "CRM: borrower {name} (SSN {v}) requested a copy of the loan agreement."),
]
T_NINO = [
    ("hr note", "Payroll: new starter {name}, National Insurance number {v}, tax code 1257L."),
    ("support ticket", "Ticket #{n}: customer's NI number is {v}, pension transfer stuck since May."),
    ("chat", "user: NINO is {v} - do you need anything else for the claim?"),
    ("model output", "I've recorded the National Insurance number {v} against the employee profile."),
    ("email body", "Please find my P45 attached; my NI number is {v}."),
]
T_DNI = [
    ("support ticket", "Ticket #{n}: el cliente facilita su DNI {v} para verificar la titularidad."),
    ("crm note", "CRM: {name}, DNI {v}, solicita cambio de tarifa."),
    ("chat", "user: mi DNI es {v}, ¿podéis revisar la factura?"),
    ("model output", "He verificado la identidad con el documento {v}; la portabilidad está en curso."),
    ("hr note", "Alta de empleado {name} con DNI {v} en nómina de junio."),
]
T_NIE = [
    ("support ticket", "Ticket #{n}: customer provided NIE {v} for the rental contract."),
    ("crm note", "CRM: {name} (NIE {v}) asks for invoices in English."),
    ("chat", "user: no tengo DNI, mi NIE es {v}"),
]
T_IP4 = [
    ("security log", "Login for account {n} from {v} flagged as suspicious (new country)."),
    ("access log", '{v} - - [15/Mar/2024:14:32:05 +0000] "GET /account/settings HTTP/1.1" 200 1534'),
    ("support ticket", "Ticket #{n}: user says they are blocked; their public IP is {v}."),
    ("model output", "The failed requests all originate from {v}; you may want to add it to the deny list."),
    ("chat", "user: whitelist my office ip {v} please, VPN is down"),
    ("app log", "WARN  RateLimiter - client {v} exceeded 100 req/min on /api/search"),
]
T_IP6 = [
    ("security log", "New sign-in from {v} using Firefox on Linux."),
    ("app log", "DEBUG ConnectionPool - accepted connection from [{v}]:51514"),
    ("support ticket", "Ticket #{n}: customer's router reports WAN address {v}."),
    ("model output", "The device registered with IPv6 address {v}; it should appear in the console shortly."),
]
T_COMBO = [
    (("email", "phone"), "email signature", "Thanks,\n{name}\n{a} | {b}"),
    (("email", "phone"), "crm note", "CRM: {name} updated contact details: {a}, mobile {b}."),
    (("email", "ip_address"), "security log", "Password reset for {a} requested from {b}."),
    (("payment_card", "email"), "support ticket", "Customer {b} says card {a} was declined twice at checkout."),
    (("iban", "email"), "email body", "Please refund to {a} and send the confirmation to {b}."),
    (("us_ssn", "phone"), "hr note", "Applicant SSN {a}, best callback number {b}."),
    (("es_dni", "email"), "crm note", "Cliente con DNI {a}, correo {b}, pide duplicado de factura."),
    (("uk_nino", "phone"), "hr note", "New starter NI number {a}; contact {b} for onboarding."),
    (("iban", "phone"), "chat", "user: the account is {a}, call me at {b} if the transfer bounces"),
    (("ip_address", "email"), "model output", "The last successful login for {b} came from {a} on Tuesday."),
]

GEN = {
    "email": lambda: (gen_email(), ""),
    "phone": lambda: (gen_phone(), ""),
    "payment_card": lambda: (gen_card()[0], ""),
    "iban": lambda: (gen_iban()[0], ""),
    "us_ssn": lambda: (gen_ssn(), ""),
    "uk_nino": lambda: (gen_nino()[0], ""),
    "es_dni": lambda: (gen_dni(), ""),
    "ip_address": lambda: (gen_ipv4() if rng.random() < 0.6 else gen_ipv6()[0], ""),
}


def pii_positive(typ, templates, val_fn, count, sub_note=""):
    items = []
    while len(items) < count:
        ctx, tpl = pick(templates)
        v, detail, extra = val_fn()
        text = tpl.format(v=v, n=ticket(), name=name(), **extra)
        exp = [{"type": typ, "value": v}]
        if not clean_pii(text, exp):
            continue
        items.append({"text": text, "expected": exp, "note": f"{ctx}; {typ}{(' ' + detail) if detail else ''}"})
    return items


def pii_positives():
    items = []
    items += pii_positive("email", T_EMAIL, lambda: (gen_email(), "", {}), 20)

    def ph():
        if rng.random() < 0.55:
            return gen_phone_intl(), "international", {}
        return gen_phone_na(), "north american", {}
    items += pii_positive("phone", T_PHONE, ph, 22)

    def cd():
        v, brand, style = gen_card()
        return v, f"{brand} {style}", {"brand": brand}
    items += pii_positive("payment_card", T_CARD, cd, 22)

    def ib():
        v, cc, style = gen_iban()
        return v, f"{cc} {style}", {}
    items += pii_positive("iban", T_IBAN, ib, 22)
    items += pii_positive("us_ssn", T_SSN, lambda: (gen_ssn(), "", {}), 15)

    def ni():
        v, style = gen_nino()
        return v, style, {}
    items += pii_positive("uk_nino", T_NINO, ni, 15)
    items += pii_positive("es_dni", T_DNI, lambda: (gen_dni(), "DNI", {}), 11)
    items += pii_positive("es_dni", T_NIE, lambda: (gen_nie(), "NIE", {}), 5)
    items += pii_positive("ip_address", T_IP4, lambda: (gen_ipv4(), "IPv4", {}), 12)

    def i6():
        v, style = gen_ipv6()
        return v, f"IPv6 {style}", {}
    items += pii_positive("ip_address", T_IP6, i6, 8)

    for k in range(18):
        (ta, tb), ctx, tpl = T_COMBO[k % len(T_COMBO)]
        while True:
            va, vb = GEN[ta]()[0], GEN[tb]()[0]
            text = tpl.format(a=va, b=vb, name=name())
            exp = [{"type": ta, "value": va}, {"type": tb, "value": vb}]
            if clean_pii(text, exp):
                break
        items.append({"text": text, "expected": exp, "note": f"{ctx}; two PII types {ta}+{tb}"})
    return items


# ----------------------------------------------------------------------------------------------
# PII negatives / look-alikes
# ----------------------------------------------------------------------------------------------

def luhn_invalid(prefix, length):
    v = prefix + digits(length - len(prefix))
    while luhn_valid(v):
        v = v[:-1] + str((int(v[-1]) + 1) % 10)
    return v


def bad_ssn(kind):
    g, s = rng.randint(1, 99), rng.randint(1, 9999)
    a = rng.randint(1, 665)
    if kind == "area 000":
        a = 0
    elif kind == "area 666":
        a = 666
    elif kind == "area 9xx":
        a = rng.randint(900, 999)
    elif kind == "group 00":
        g = 0
    elif kind == "serial 0000":
        s = 0
    return f"{a:03d}-{g:02d}-{s:04d}"


SEEN = set()


def pii_negatives():
    L = []

    def add(note, texts_fn, count):
        for _ in range(count):
            for _try in range(200):
                t = texts_fn()
                if t not in SEEN:
                    break
            else:
                raise AssertionError("cannot make unique text for " + note)
            SEEN.add(t)
            L.append({"text": t, "expected": [], "note": "look-alike: " + note})

    add("luhn-invalid 16-digit order number", lambda: pick([
        "Order {o} shipped yesterday; the customer asks when it will arrive.",
        "Ticket #{n}: duplicate charge on order {o}, please check the ledger.",
        "model: Your order number is {o}. Keep it for any return requests.",
        "CRM: {name} called about order {o}, wants express delivery instead.",
    ]).format(o=luhn_invalid(str(rng.randint(1, 9)), 16), n=ticket(), name=name()), 10)
    add("luhn-invalid 16-digit tracking number (grouped)", lambda: pick([
        "Tracking number {t} shows 'in transit' for 6 days now.",
        "chat: user: parcel tracking is {t}, it says delivered but nothing here",
        "The carrier reference {t} was printed on the label.",
    ]).format(t=group_card(luhn_invalid(str(rng.randint(1, 9)), 16), pick(["space", "dash"]))), 6)
    add("luhn-invalid visa-prefixed 16-digit reference", lambda: pick([
        "Internal reference {t} was assigned to the batch import job.",
        "Ticket #{n}: member id {t} not found in the loyalty system.",
    ]).format(t=group_card(luhn_invalid("4", 16), pick(["compact", "space"])), n=ticket()), 5)
    add("card last four digits only", lambda: pick([
        "Customer confirmed the card ending in {d}; no full number was provided.",
        "model: I can see a Visa ending {d} on the account, but I can't display the full number.",
        "Refund issued to the Mastercard ****{d}.",
    ]).format(d=digits(4)), 4)

    def bad_iban_code():
        cc = pick(["GB", "GB", "DE", "NL"])
        while True:
            if cc == "GB":
                bban = pick(["ABCD", "PRDX", "SKUQ", "ZXCV", "MODL"]) + digits(14)
            elif cc == "NL":
                bban = pick(["PART", "ITEM", "STCK"]) + digits(10)
            else:
                bban = digits(18)
            if not any(luhn_valid(r) for r in re.findall(r"\d{13,19}", bban)):
                break
        good = iban_check(cc, bban)
        while True:
            chk = "%02d" % rng.randint(2, 98)
            code = cc + chk + bban
            if chk != good and not mod97_ok(code):
                return code
    add("iban-shaped product/part code failing mod-97", lambda: pick([
        "Part number {c} is back-ordered until next quarter.",
        "Please reorder SKU {c} (pack of 12) for the Leeds warehouse.",
        "Ticket #{n}: serial {c} on the pallet label doesn't match the invoice.",
        "model: The replacement module has product code {c}; it is compatible with your unit.",
    ]).format(c=bad_iban_code(), n=ticket()), 10)

    for kind in ["area 000", "area 666", "area 9xx", "area 9xx", "group 00", "serial 0000"]:
        add(f"ssn-shaped with invalid {kind}", lambda kind=kind: pick([
            "Form field contains {s}, which the system rejected as an invalid SSN.",
            "Test fixture uses the dummy value {s} for the SSN column.",
            "Ticket #{n}: applicant entered {s}; validation says the number cannot exist.",
        ]).format(s=bad_ssn(kind), n=ticket()), 2)

    def bad_nino():
        k = rng.randrange(5)
        d = digits(6)
        if k == 0:
            p = pick(NINO_BAD_PAIRS)
        elif k == 1:
            p = pick("DFIQUV") + pick(NINO_SECOND)
        elif k == 2:
            p = pick(NINO_FIRST) + pick("DFIOQUV")
        elif k == 3:
            p = "QQ"
        else:
            p = "AB"
        suf = pick("ABCD") if k != 4 else pick("EFXZ")
        return (f"{p}{d}{suf}", "invalid suffix" if k == 4 else "invalid prefix")
    for _ in range(11):
        v, why = bad_nino()
        L.append({"text": pick([
            "The sample NI number {v} from the HMRC guidance page was used in the test.",
            "Payroll import rejected {v}: not a valid National Insurance number.",
            "Reference code {v} appears on the batch header.",
        ]).format(v=v), "expected": [], "note": f"look-alike: nino-shaped with {why}"})

    def bad_dni(nie=False):
        if nie:
            p = rng.randrange(3)
            d = digits(7)
            good = DNI_LETTERS[int(str(p) + d) % 23]
            body = "XYZ"[p] + d
        else:
            n = rng.randint(1000000, 99999999)
            good = DNI_LETTERS[n % 23]
            body = f"{n:08d}"
        bad = pick([c for c in DNI_LETTERS if c != good])
        return body + bad
    add("dni with wrong check letter", lambda: pick([
        "El formulario rechazó {v}: la letra del DNI no coincide.",
        "Ticket #{n}: customer typed DNI {v}, the checksum letter is wrong.",
        "Código de expediente {v} asignado al trámite.",
    ]).format(v=bad_dni(), n=ticket()), 8)
    add("nie with wrong check letter", lambda: pick([
        "Validation failed for NIE {v} (control letter mismatch).",
        "Ticket #{n}: the NIE {v} on the contract is invalid, ask for a copy of the card.",
    ]).format(v=bad_dni(True), n=ticket()), 4)

    add("version string (three parts)", lambda: pick([
        "Please upgrade to version {a}.{b}.{c}; the bug was fixed there.",
        "model: This feature requires release {a}.{b}.{c} or later.",
        "Running build {a}.{b}.{c} on the staging cluster.",
    ]).format(a=rng.randint(1, 30), b=rng.randint(0, 20), c=rng.randint(0, 40)), 6)
    add("ipv4-shaped with octet out of range", lambda: pick([
        "The config contains {ip}, which is not a valid address, so the service refused to start.",
        "Ticket #{n}: user typed {ip} in the proxy field and got a parse error.",
    ]).format(ip=".".join(str(x) for x in rng.sample([rng.randint(256, 999), rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)], 4)), n=ticket()), 6)
    add("date", lambda: pick([
        "The contract renews on {d}; please send the quote before then.",
        "Incident started {d} and was resolved the next morning.",
        "model: Your trial ends on {d}.",
    ]).format(d=f"{rng.randint(2019, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"), 6)
    add("time / timestamp", lambda: pick([
        "The job failed at {t} and again twenty minutes later.",
        "Meeting moved to {t} UTC, same link.",
        "Log window {t} to {t2} shows elevated latency.",
    ]).format(t=f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}",
              t2=f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"), 5)
    add("price / amount", lambda: pick([
        "The enterprise plan costs ${a},{b}.99 per year, billed annually.",
        "Refund of EUR {a}{b}.50 was approved by finance.",
        "model: The total including VAT is £{a},{b}.00.",
    ]).format(a=rng.randint(1, 9), b=digits(3)), 5)

    def isbn13():
        while True:
            body = "978" + digits(9)
            s = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body))
            full = body + str((10 - s % 10) % 10)
            if not luhn_valid(full):
                return f"{full[:3]}-{full[3]}-{full[4:7]}-{full[7:12]}-{full[12]}", full
    add("isbn-13", lambda: pick([
        "The course textbook is ISBN {i}, second edition.",
        "model: You can order the book using ISBN {i}.",
        "Library hold placed for ISBN {c}.",
    ]).format(**dict(zip(["i", "c"], isbn13()))), 5)

    def uuid4():
        h = rs(32, HEX)
        h = h[:12] + "4" + h[13:16] + pick("89ab") + h[17:]
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    add("uuid", lambda: pick([
        "Request {u} failed with a 502 from the upstream service.",
        "Tenant id {u} is over quota.",
        "model: Your support case id is {u}.",
    ]).format(u=uuid4()), 5)
    add("git sha", lambda: pick([
        "Fixed in commit {s}; will ship in the next release.",
        "Bisect points at {s} as the first bad commit.",
    ]).format(s=rs(40, HEX)), 5)
    add("phone-like number with fewer than 10 digits", lambda: pick([
        "Call extension {a}-{b} for the front desk.",
        "Internal hotline: {a} {b}.",
        "The short code {c} is used for SMS opt-out.",
        "Dial ext. {b} from any office phone.",
    ]).format(a=digits(3), b=digits(4), c=digits(5)), 6)
    add("email mentioned without an address", lambda: pick([
        "Email me at support if the issue comes back.",
        "model: Please send an email to our support team via the contact form.",
        "Customer says she never got the confirmation email.",
        "user: can u email me the invoice? same address as before",
        "Reply-to address is missing in the template, see ticket #{n}.",
        "Ticket #{n}: customer asks us to email the receipt but gave no address.",
        "model: I'll send the summary by email once you confirm the address on file.",
    ]).format(n=ticket()), 6)
    add("at-handle / mention, not an email", lambda: pick([
        "Ping @{h} in #billing-ops about the failed payouts.",
        "model: Follow @{h} for status updates.",
        "Assigned to @{h}, due Friday.",
    ]).format(h=pick(FIRST).lower() + pick(["", ".ops", "_dev"])), 4)
    add("mac address", lambda: "Device MAC {m} was not found in the DHCP leases.".format(
        m=":".join(rs(2, "0123456789ABCDEF") for _ in range(6))), 3)
    add("ipv4-shaped version with four parts beyond range", lambda: pick([
        "Firmware {a}.{b}.{c}.{d} is rolling out to all routers.",
    ]).format(a=rng.randint(256, 999), b=rng.randint(0, 9), c=rng.randint(0, 9), d=rng.randint(1000, 4000)), 3)

    plain = [
        "The dashboard takes 12 seconds to load after the last deploy.",
        "Customer says the mobile app crashes when opening the settings page.",
        "model: I'm sorry, I can't share personal contact details. You can reach support through the help center.",
        "Please escalate ticket #{n} to tier 2; the export keeps timing out.",
        "CRM note: the client wants a demo of the reporting module next week.",
        "user: how do I change my notification preferences?",
        "model: To reset your password, click 'Forgot password' on the sign-in page.",
        "Invoice {n} was paid in full; closing the ticket.",
        "The warehouse in Leeds is closed on Monday for inventory.",
        "chat: agent: thanks for waiting! user: no worries",
        "We moved the standup to 9:30 because of the all-hands.",
        "model: Here is a summary of the refund policy: items can be returned within 30 days.",
        "Customer prefers to be contacted by phone but did not leave a number.",
        "The SEPA transfer is still pending; no bank details were shared in the chat.",
        "Please anonymise the dataset before sharing it with the vendor.",
        "Bug: the date picker shows the wrong week number in Firefox.",
        "Escalation: three customers report duplicate newsletters this morning.",
        "model: I don't have access to your payment information.",
        "Ticket #{n}: the user asks whether we support two-factor authentication.",
        "CRM: renewal call went well, they will sign after legal review.",
        "The API returns 429 after 100 requests per minute.",
        "user: what's the difference between the Pro and Team plans?",
        "Customer asked us to delete all personal data under GDPR article 17.",
        "model: Your order has been dispatched and should arrive within 3 to 5 business days.",
        "Support rota for next week is attached.",
        "The NI number field is optional for contractors.",
        "SSN is not required for the newsletter sign-up form.",
        "Please add IBAN validation to the vendor onboarding form.",
        "Card payments are processed by our PSP; we never store full card numbers.",
        "model: For security reasons I can't read back the full IBAN.",
    ]
    for t in plain:
        t = t.format(n=ticket())
        assert t not in SEEN
        SEEN.add(t)
        L.append({"text": t, "expected": [], "note": "negative: no PII"})
    for it in L:
        assert clean_pii(it["text"], []), it
    return L


# ----------------------------------------------------------------------------------------------
# secret generators
# ----------------------------------------------------------------------------------------------

def gen_aws_id():
    return pick(["AKIA", "AKIA", "ASIA"]) + rs(16, B32)


def gen_aws_secret():
    while True:
        s = rs(40, ALNUM + "/+")
        if any(c in UP for c in s) and any(c in LO for c in s) and any(c in DIG for c in s):
            return s


def gen_github():
    if rng.random() < 0.25:
        return "github_pat_" + rs(22) + "_" + rs(59), "fine-grained github_pat_"
    p = pick(["ghp_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_"])
    return p + rs(36), p


def gen_slack():
    if rng.random() < 0.6:
        return f"xoxb-{rng.randint(1, 9)}{digits(11)}-{rng.randint(1, 9)}{digits(12)}-{rs(24)}", "xoxb"
    return f"xoxp-{rng.randint(1, 9)}{digits(11)}-{rng.randint(1, 9)}{digits(11)}-{rng.randint(1, 9)}{digits(12)}-{rs(32, HEX)}", "xoxp"


def gen_stripe():
    p = pick(["sk_live_", "sk_live_", "rk_live_"])
    return p + rs(pick([24, 34, 99, rng.randint(24, 99)])), p


def gen_google():
    return "AIza" + rs(35, ALNUM + "_-")


def gen_openai():
    if rng.random() < 0.5:
        return "sk-" + rs(48), "sk- legacy"
    return "sk-proj-" + rs(rng.randint(80, 150), ALNUM + "_-"), "sk-proj-"


PEM_KINDS = [
    ("RSA PRIVATE KEY", "MIIEpAIBAAKCAQEA"),
    ("PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ"),
    ("OPENSSH PRIVATE KEY", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"),
]


def gen_pem(newline="\n"):
    label, prefix = pick(PEM_KINDS)
    nlines = rng.randint(3, 5)
    body = base64.b64encode(rbytes(48 * (nlines - 1) + rng.randint(12, 47))).decode()
    body = prefix + body[len(prefix):]
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return newline.join([f"-----BEGIN {label}-----"] + lines + [f"-----END {label}-----"]), label


def b64url(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def gen_jwt():
    alg = pick(["HS256", "HS256", "RS256", "HS512", "ES256"])
    hdr = {"alg": alg, "typ": "JWT"}
    if alg in ("RS256", "ES256") and rng.random() < 0.5:
        hdr["kid"] = rs(8, HEX)
    iat = rng.randint(1700000000, 1790000000)
    payload = pick([
        {"sub": str(rng.randint(100000, 999999)), "role": pick(["admin", "user", "support"]), "iat": iat, "exp": iat + 3600},
        {"iss": "https://auth.example.com/", "aud": "orders-api", "sub": "svc-" + rs(6, LO), "scope": "read:orders write:orders", "iat": iat},
        {"sub": "user_" + rs(10, LO + DIG), "tenant": "t-" + digits(4), "exp": iat + 900},
    ])
    enc = lambda o: b64url(json.dumps(o, separators=(",", ":")).encode())
    return f"{enc(hdr)}.{enc(payload)}.{rs(43, ALNUM + '-_')}", alg


SECRET_SYM = "!@%^&*-_+.~"


def gen_generic(n=None):
    n = n or rng.randint(20, 40)
    while True:
        s = rs(n, ALNUM + SECRET_SYM)
        if (any(c in UP for c in s) and any(c in LO for c in s) and any(c in DIG for c in s)
                and entropy(s) >= 3.7 and not s[0] in "-_.~"):
            return s


# ----------------------------------------------------------------------------------------------
# secrets positives
# ----------------------------------------------------------------------------------------------

def sec_positives():
    L = []

    def add(text, exp, note):
        L.append({"text": text, "expected": exp, "note": note})

    # AWS pairs (two types per item)
    aws_pair_tpls = [
        ("aws credentials file", "[default]\naws_access_key_id = {i}\naws_secret_access_key = {s}\nregion = eu-west-1"),
        (".env", "AWS_ACCESS_KEY_ID={i}\nAWS_SECRET_ACCESS_KEY={s}\nAWS_DEFAULT_REGION=us-east-1"),
        ("chat", "here is my key {i} and the secret is aws_secret_access_key={s} - why does `aws s3 ls` say AccessDenied?"),
        ("json config", '{{\n  "Credentials": {{\n    "AccessKeyId": "{i}",\n    "SecretAccessKey": "{s}",\n    "Expiration": "2025-01-01T00:00:00Z"\n  }}\n}}'),
        ("CI log", "+ export AWS_ACCESS_KEY_ID={i}\n+ export AWS_SECRET_ACCESS_KEY={s}\n+ terraform plan -out=tfplan"),
    ]
    for k in range(10):
        ctx, tpl = aws_pair_tpls[k % len(aws_pair_tpls)]
        i, s = gen_aws_id(), gen_aws_secret()
        add(tpl.format(i=i, s=s), [{"type": "aws_access_key_id", "value": i}, {"type": "aws_secret_access_key", "value": s}],
            f"{ctx}; AWS key id ({i[:4]}) + secret access key")
    aws_id_tpls = [
        ("chat", "can you check why this key {i} can't assume the deploy role?"),
        ("stack trace", "com.amazonaws.services.s3.model.AmazonS3Exception: The AWS Access Key Id you provided does not exist in our records. (Service: Amazon S3; Status Code: 403; Error Code: InvalidAccessKeyId; AWS Access Key Id: {i})"),
        ("code snippet", 'const client = new S3Client({{ region: "eu-central-1", credentials: {{ accessKeyId: "{i}", secretAccessKey: secret }} }});'),
        ("CI log", "[deploy] Using credentials for {i} (profile: prod)"),
    ]
    for k in range(8):
        ctx, tpl = aws_id_tpls[k % len(aws_id_tpls)]
        i = gen_aws_id()
        add(tpl.format(i=i), [{"type": "aws_access_key_id", "value": i}], f"{ctx}; AWS access key id ({i[:4]})")

    gh_tpls = [
        ("shell", "git remote set-url origin https://{t}@github.com/acme/payments-service.git"),
        (".env", "GITHUB_TOKEN={t}\nGITHUB_REPOSITORY=acme/payments-service"),
        ("chat", "here is my token {t} - can you tell me why the API returns 404 for private repos?"),
        ("curl", 'curl -H "Authorization: token {t}" https://api.github.com/user/repos'),
        ("CI log", "Run actions/checkout@v4\n  with:\n    token: {t}\n    fetch-depth: 0"),
        ("code snippet", 'Github github = new GitHubBuilder().withOAuthToken("{t}").build();'),
    ]
    for k in range(18):
        ctx, tpl = pick(gh_tpls)
        t, kind = gen_github()
        add(tpl.format(t=t), [{"type": "github_token", "value": t}], f"{ctx}; github token {kind}")

    slack_tpls = [
        (".env", "SLACK_BOT_TOKEN={t}\nSLACK_CHANNEL=#alerts-prod"),
        ("curl", 'curl -X POST -H "Authorization: Bearer {t}" -H "Content-type: application/json" --data \'{{"channel":"C024BE91L","text":"deploy done"}}\' https://slack.com/api/chat.postMessage'),
        ("code snippet", 'client = WebClient(token="{t}")\nclient.chat_postMessage(channel="#ops", text="hello")'),
        ("chat", "the bot stopped posting, token is {t}, did it get revoked?"),
        ("stack trace", "slack_sdk.errors.SlackApiError: The request to the Slack API failed. (token={t})\nThe server responded with: {{'ok': False, 'error': 'invalid_auth'}}"),
    ]
    for k in range(12):
        ctx, tpl = pick(slack_tpls)
        t, kind = gen_slack()
        add(tpl.format(t=t), [{"type": "slack_token", "value": t}], f"{ctx}; slack token {kind}")

    stripe_tpls = [
        (".env", "STRIPE_SECRET_KEY={t}\nSTRIPE_WEBHOOK_URL=https://shop.example.com/hooks/stripe"),
        ("code snippet", 'import stripe\nstripe.api_key = "{t}"\nstripe.Charge.list(limit=3)'),
        ("chat", "payments broke after rotation. we're using {t} now, is that the right mode?"),
        ("java config", "stripe.secret-key={t}"),
        ("CI log", "Setting secret STRIPE_KEY to {t} (masked=false)"),
    ]
    for k in range(12):
        ctx, tpl = pick(stripe_tpls)
        t, kind = gen_stripe()
        add(tpl.format(t=t), [{"type": "stripe_key", "value": t}], f"{ctx}; stripe {kind}")

    g_tpls = [
        ("url", "GET https://maps.googleapis.com/maps/api/geocode/json?address=Berlin&key={t} returned REQUEST_DENIED"),
        (".env", "GOOGLE_API_KEY={t}"),
        ("android manifest", '<meta-data\n    android:name="com.google.android.geo.API_KEY"\n    android:value="{t}" />'),
        ("chat", "why is my firebase key {t} being rejected from localhost?"),
        ("js snippet", 'const firebaseConfig = {{ apiKey: "{t}", authDomain: "acme-app.firebaseapp.com", projectId: "acme-app" }};'),
    ]
    for k in range(12):
        ctx, tpl = pick(g_tpls)
        t = gen_google()
        add(tpl.format(t=t), [{"type": "google_api_key", "value": t}], f"{ctx}; google api key")

    o_tpls = [
        (".env", "OPENAI_API_KEY={t}\nOPENAI_MODEL=gpt-4o-mini"),
        ("code snippet", 'from openai import OpenAI\nclient = OpenAI(api_key="{t}")'),
        ("chat", "here is my key {t} can you test if it still works?"),
        ("shell", "export OPENAI_API_KEY='{t}'\npython summarize.py --input notes.txt"),
        ("stack trace", "openai.AuthenticationError: Error code: 401 - Incorrect API key provided: {t}. You can find your API key at https://platform.openai.com/account/api-keys."),
    ]
    for k in range(14):
        ctx, tpl = pick(o_tpls)
        t, kind = gen_openai()
        add(tpl.format(t=t), [{"type": "openai_api_key", "value": t}], f"{ctx}; openai {kind}")

    pem_tpls = [
        ("chat", "here's the deploy key, can you tell me why ssh rejects it?\n{k}\nthanks!"),
        ("pasted file", "$ cat ~/.ssh/id_deploy\n{k}"),
        ("config", "# TLS key for api-gateway (DO NOT COMMIT)\n{k}\n# end"),
        ("CI log", "Step 4/9: writing key to /tmp/key.pem\n{k}\nStep 5/9: chmod 600 /tmp/key.pem"),
    ]
    for k in range(7):
        ctx, tpl = pick(pem_tpls)
        v, label = gen_pem()
        add(tpl.format(k=v), [{"type": "private_key", "value": v}], f"{ctx}; PEM {label} block")
    for k in range(3):
        v, label = gen_pem(newline="\\n")
        text = ('{{\n  "type": "service_account",\n  "project_id": "acme-analytics",\n  "private_key_id": "{kid}",\n'
                '  "private_key": "{v}\\n",\n  "client_email": "etl@acme-analytics.iam.gserviceaccount.com"\n}}').format(kid=rs(40, HEX), v=v)
        add(text, [{"type": "private_key", "value": v}], f"service account json; PEM {label} block with escaped \\n (literal backslash-n)")

    jwt_tpls = [
        ("http request", "GET /api/orders HTTP/1.1\nHost: api.example.com\nAuthorization: Bearer {t}"),
        ("chat", "my session token is {t} - it expires too fast, why?"),
        ("app log", "DEBUG AuthFilter - validating token={t}"),
        ("cookie", "Set-Cookie: session={t}; Path=/; HttpOnly; Secure"),
        ("curl", 'curl https://api.example.com/v1/me -H "Authorization: Bearer {t}"'),
        ("code snippet", 'String jwt = "{t}";\nClaims c = parser.parseClaimsJws(jwt).getBody();'),
    ]
    for k in range(17):
        ctx, tpl = pick(jwt_tpls)
        t, alg = gen_jwt()
        add(tpl.format(t=t), [{"type": "jwt", "value": t}], f"{ctx}; jwt {alg}")

    gen_tpls = [
        (".env", '{K}="{v}"', ["DB_PASSWORD", "REDIS_PASSWORD", "SMTP_PASSWORD", "JWT_SECRET", "API_KEY", "ACCESS_TOKEN", "CLIENT_SECRET"]),
        (".env unquoted", "{K}={v}", ["DB_PASSWORD", "SECRET_KEY", "APIKEY", "AUTH_TOKEN"]),
        ("yaml", "spring:\n  datasource:\n    url: jdbc:postgresql://db.internal:5432/orders\n    username: orders_app\n    {k}: {v}", ["password"]),
        ("json", '{{"client_id": "web-portal", "{k}": "{v}", "redirect_uri": "https://portal.example.com/callback"}}', ["client_secret"]),
        ("properties", "spring.datasource.{k}={v}", ["password"]),
        ("python", 'SECRET_KEY = "{v}"\nDEBUG = False', []),
        ("docker-compose", "    environment:\n      - POSTGRES_USER=app\n      - POSTGRES_PASSWORD={v}", []),
        ("chat", "I set {k}={v} in the config but auth still fails, any idea?", ["passwd", "password", "token", "api_key", "apikey", "access_token"]),
        ("cli", "mysql -h db.internal -u root --password={v} orders", []),
        ("yaml", "redis:\n  host: cache.internal\n  {k}: '{v}'", ["password", "secret", "token"]),
        ("json", '{{"api_key": "{v}", "timeout": 30}}', []),
    ]
    for k in range(26):
        ctx, tpl, keys = gen_tpls[k % len(gen_tpls)]
        v = gen_generic()
        kk = pick(keys) if keys else ""
        add(tpl.format(K=kk, k=kk, v=v), [{"type": "generic_secret", "value": v}],
            f"{ctx}; generic high-entropy secret{(' under ' + kk) if kk else ''}")

    # multi-secret .env files
    for k in range(6):
        st, _ = gen_stripe()
        sl, _ = gen_slack()
        pw = gen_generic()
        oa, _ = gen_openai()
        parts = [("APP_ENV=production", None), (f"STRIPE_SECRET_KEY={st}", ("stripe_key", st)),
                 (f"SLACK_BOT_TOKEN={sl}", ("slack_token", sl)), (f'DB_PASSWORD="{pw}"', ("generic_secret", pw)),
                 (f"OPENAI_API_KEY={oa}", ("openai_api_key", oa)), ("LOG_LEVEL=info", None)]
        chosen = [parts[0]] + rng.sample(parts[1:5], rng.randint(2, 3)) + [parts[5]]
        text = "\n".join(p[0] for p in chosen)
        exp = [{"type": p[1][0], "value": p[1][1]} for p in chosen if p[1]]
        add(text, exp, ".env; multiple secrets (" + "+".join(e["type"] for e in exp) + ")")
    return L


# ----------------------------------------------------------------------------------------------
# secrets negatives / look-alikes
# ----------------------------------------------------------------------------------------------

def sec_negatives():
    L = []

    def add(note, fn, count):
        for _ in range(count):
            for _try in range(200):
                t = fn()
                if t not in SEEN:
                    break
            else:
                raise AssertionError("cannot make unique text for " + note)
            SEEN.add(t)
            L.append({"text": t, "expected": [], "note": "look-alike: " + note})

    add("git commit sha (40 hex)", lambda: pick([
        "Fixed in commit {s}, see the changelog.",
        "git cherry-pick {s}",
        "CI: checking out {s} (refs/heads/main)",
        "Reverts {s} because it broke the nightly build.",
    ]).format(s=rs(40, HEX)), 12)

    def uuid4():
        h = rs(32, HEX)
        h = h[:12] + "4" + h[13:16] + pick("89ab") + h[17:]
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    add("uuid", lambda: pick([
        "request_id={u} status=500 path=/api/v1/orders",
        '{{"tenant_id": "{u}", "plan": "enterprise"}}',
        "AZURE_CLIENT_ID={u}",
        "Correlation-Id: {u}",
        "Job {u} finished in 42s.",
    ]).format(u=uuid4()), 12)
    add("sha256 checksum of a download", lambda: pick([
        "sha256: {h}  terraform_1.9.5_linux_amd64.zip",
        "Verify the installer: sha256: {h}",
        "{h}  node-v20.11.1-linux-x64.tar.xz",
        "checksum sha256={h}",
    ]).format(h=rs(64, HEX)), 12)
    words = [b"hello world", b"the quick brown fox", b"release notes for march", b"admin dashboard",
             b"lorem ipsum dolor sit amet", b"good morning team", b"customer feedback", b"weekly report",
             b"shipping label", b"open source"]
    add("base64 of ordinary words", lambda: pick([
        "The header value {b} just decodes to '{w}'.",
        "data:text/plain;base64,{b}",
        "echo {b} | base64 -d",
    ]).format(**(lambda w: {"b": base64.b64encode(w).decode(), "w": w.decode()})(pick(words))), 10)
    add("AKIA mentioned in prose (no 16-char suffix)", lambda: pick([
        "Keys that start with AKIA are long-term IAM user keys; ASIA means temporary credentials.",
        "Replace the AKIAEXAMPLE placeholder with your own key id.",
        "Our scanner flags any AKIA-prefixed string in commits.",
        "Rotate all AKIA keys older than 90 days.",
        "IAM access key ids look like AKIA followed by sixteen characters.",
        "The linter rule no-akia-literals blocks strings such as AKIA in source.",
    ]), 6)
    add("token prefix mentioned in prose", lambda: pick([
        "GitHub classic tokens start with ghp_ and fine-grained ones with github_pat_.",
        "Slack bot tokens begin with xoxb- and user tokens with xoxp-.",
        "Live Stripe keys use the sk_live_ prefix, test keys sk_test_.",
        "OpenAI project keys start with sk-proj- and Google API keys with AIza.",
        "A JWT always starts with eyJ because the header is base64url JSON.",
        "Restricted Stripe keys start with rk_live_ and publishable ones with pk_live_.",
        "GitHub app installation tokens use the ghs_ prefix, OAuth tokens gho_.",
    ]), 6)
    add("redacted / masked key", lambda: pick([
        "OPENAI_API_KEY=sk-...{s}",
        "aws_access_key_id = AKIA************{S}",
        "GITHUB_TOKEN=ghp_********************************{s}",
        "stripe key: sk_live_****{s} (rotated)",
        "Authorization: Bearer <redacted>",
    ]).format(s=rs(4), S=rs(4, B32)), 8)
    placeholders = [
        "password: changeme",
        "token=<your-token-here>",
        "API_KEY=${API_KEY}",
        "secret: xxxxxxxxxxxxxxxx",
        "DB_PASSWORD=********",
        '"client_secret": "YOUR_CLIENT_SECRET"',
        "access_token: null",
        'password = ""',
        "apikey: REPLACE_ME",
        "client_secret: ${{ secrets.CLIENT_SECRET }}",
        'password: "{{ vault_db_password }}"',
        "passwd=aaaaaaaaaaaaaaaaaaaaaaaa",
        "SECRET_KEY=please-change-me",
        'token: "<paste token>"',
        "POSTGRES_PASSWORD=${DB_PASSWORD:?must be set}",
        "api_key = os.environ[\"API_KEY\"]",
        "spring.datasource.password=${SPRING_DATASOURCE_PASSWORD}",
        "GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}",
        "access_token=xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
        "password: 0000000000000000000000",
        'JWT_SECRET=""  # set in vault',
        "SLACK_BOT_TOKEN=xoxb-your-token",
        "STRIPE_SECRET_KEY=sk_live_<your-live-key>",
        "OPENAI_API_KEY=sk-...",
        "aws_secret_access_key = <your secret key>",
        "token: TODO",
        "password=password",
    ]
    for p in placeholders:
        wrap = pick(["{p}", "# example config\n{p}", "In the README: `{p}`", "user: I have {p} in my .env, is that right?"])
        L.append({"text": wrap.format(p=p), "expected": [], "note": "look-alike: low-entropy placeholder password/token"})
    add("long english words", lambda: pick([
        "The word antidisestablishmentarianism has 28 letters.",
        "internationalization is often abbreviated i18n.",
        "model: 'Incomprehensibilities' is one of the longest common words.",
        "String template = passwordResetConfirmationEmailTemplateName;",
        "Pneumonoultramicroscopicsilicovolcanoconiosis is a lung disease.",
        "Floccinaucinihilipilification means estimating something as worthless.",
        "private final AbstractSingletonProxyFactoryBean transactionProxyFactoryBeanDefinition;",
    ]), 6)
    add("url with long path", lambda: pick([
        "See https://docs.example.com/en/latest/reference/configuration/authentication-providers/oauth2-client-credentials-flow.html",
        "Download from https://downloads.example.org/releases/2024/11/platform-tools_r35.0.2-linux-x86_64-bundle.tar.gz",
        "https://github.com/acme/payments-service/blob/main/src/main/java/com/acme/payments/ledger/ReconciliationJob.java#L120",
        "Redirecting to https://login.example.com/oauth2/v2.0/authorize?client_id=web-portal&response_type=code&scope=openid%20profile",
        "https://storage.example.com/exports/2024/q3/customer-churn-analysis/final-report-v{n}-approved-by-finance.pdf",
        "See https://wiki.example.com/display/ENG/Runbook+{n}+-+Database+Failover+and+Replica+Promotion+Procedure",
        "curl -O https://cdn.example.net/assets/fonts/inter/v{n}/Inter-VariableFont_slnt,wght.woff2",
        "https://gitlab.example.com/platform/infra/-/merge_requests/{n}/diffs#note_{n}",
    ]).format(n=rng.randint(2, 4000)), 8)
    add("docker image digest sha256:", lambda: pick([
        "image: ghcr.io/acme/api@sha256:{h}",
        "Digest: sha256:{h}\nStatus: Downloaded newer image for postgres:16",
        "FROM eclipse-temurin:21-jre@sha256:{h}",
    ]).format(h=rs(64, HEX)), 8)
    add("java class names / stack trace", lambda: pick([
        "at org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration.dataSource(DataSourceAutoConfiguration.java:{n})",
        "Caused by: com.fasterxml.jackson.databind.exc.InvalidDefinitionException: No serializer found for class com.acme.billing.InvoiceLineItemDto (line {n})",
        "at com.acme.auth.TokenRefreshService.refreshAccessToken(TokenRefreshService.java:{n})",
        "java.lang.IllegalStateException: Failed to load ApplicationContext for [WebMergedContextConfiguration@{h}]",
        "at io.netty.channel.AbstractChannelHandlerContext.invokeChannelRead(AbstractChannelHandlerContext.java:{n})",
    ]).format(n=rng.randint(40, 900), h=rs(8, HEX)), 8)
    add("npm integrity sha512- hash", lambda: pick([
        '"integrity": "sha512-{b}"',
        '"node_modules/lodash": {{\n  "version": "4.17.21",\n  "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz",\n  "integrity": "sha512-{b}"\n}}',
    ]).format(b=base64.b64encode(rbytes(64)).decode()), 8)
    add("css hex colours", lambda: "color: #{a}; background-color: #{b}; border: 1px solid #{c};".format(
        a=rs(6, HEX), b=rs(6, HEX), c=rs(3, HEX)), 6)
    add("high-entropy value under non-secret key", lambda: pick([
        '{{"trace_id": "{h}", "span_id": "{s}"}}',
        "X-Request-Id: {h}",
        "etag: \"{h}\"",
        "build_id={h}",
    ]).format(h=rs(32, HEX), s=rs(16, HEX)), 6)
    add("oauth response with redacted token", lambda: '{{"access_token": "<redacted>", "token_type": "Bearer", "expires_in": {e}}}'.format(e=rng.choice([300, 900, 3600, 7200])), 2)
    add("too-short token-like strings", lambda: pick([
        "ghp_short123 is not a real token, just a fixture name.",
        "Use the AIzaTest key only in the emulator.",
        "sk-test is the name of our staging Kubernetes namespace.",
        "xoxb-1234 appears in the Slack docs as a truncated example.",
        "The fixture gho_abc is rejected by the token format check.",
        "Our key id column stores only the ASIA prefix and the last four characters.",
    ]), 5)

    plain = [
        "The deploy failed because the disk on runner-3 was full.",
        "user: how do I rotate my API key safely?",
        "model: Never paste secrets into chat. Store them in a secrets manager such as Vault.",
        "Rotated all credentials after the incident; no keys were exposed.",
        "CI: 142 tests passed, 0 failed, 3 skipped.",
        "The token endpoint returned 400 invalid_grant; the refresh token had expired.",
        "Please add secret scanning to the pre-commit hooks.",
        "model: To create a GitHub token, go to Settings > Developer settings > Personal access tokens.",
        "Error: connection refused to db.internal:5432 (is the database running?)",
        "The password policy requires at least 14 characters.",
        "user: my AWS bill doubled this month, what happened?",
        "Set `AWS_PROFILE=staging` before running the script.",
        "We use short-lived OIDC credentials in CI, no static keys.",
        "Stripe webhook signature verification failed for event evt_ delivery.",
        "model: I can't help recover someone else's password.",
    ]
    for t in plain:
        L.append({"text": t, "expected": [], "note": "negative: no secret"})
    return L


# ----------------------------------------------------------------------------------------------

def finalize(items, prefix):
    rng.shuffle(items)
    for i, it in enumerate(items, 1):
        for e in it["expected"]:
            assert e["value"] in it["text"], (e, it["text"])
        it_id = f"{prefix}-{i:03d}"
        items[i - 1] = {"id": it_id, "text": it["text"], "expected": it["expected"], "note": it["note"]}
    return items


def write(path, items):
    with open(path, "w", encoding="utf-8") as f:
        for it in items:
            f.write(json.dumps(it, ensure_ascii=False) + "\n")


def report(title, items):
    print(f"== {title}: {len(items)} items, {sum(1 for i in items if i['expected'])} positive, "
          f"{sum(1 for i in items if not i['expected'])} negative")
    c = Counter(e["type"] for i in items for e in i["expected"])
    for t, n in sorted(c.items()):
        print(f"   positive {t:24s} {n}")
    nc = Counter(i["note"] for i in items if not i["expected"])
    for t, n in sorted(nc.items()):
        print(f"   negative {n:3d}  {t}")


def main():
    pii = finalize(pii_positives() + pii_negatives(), "pii")
    sec = finalize(sec_positives() + sec_negatives(), "sec")
    write(os.path.join(OUT_DIR, "pii-eval.jsonl"), pii)
    write(os.path.join(OUT_DIR, "secrets-eval.jsonl"), sec)
    report("pii-eval.jsonl", pii)
    report("secrets-eval.jsonl", sec)


if __name__ == "__main__":
    main()
