"""Lesson 3, HMAC verification: correct solutions in other styles, and one misconception each."""

from sample_class import Mistake

NOTEBOOK = "03_hmac_verification.ipynb"

# --- Correct, written differently ---------------------------------------------------------

HMAC_OBJECT_SIGN = '''
import hashlib
import hmac

def sign(secret, body):
    mac = hmac.HMAC(secret, digestmod=hashlib.sha256)
    mac.update(body)
    return mac.hexdigest()
'''

FROM_IMPORT_VERIFY_SIGNATURE = '''
from hmac import compare_digest

def verify_signature(secret, body, header):
    if header is None:
        return False
    scheme, sep, digest = header.partition("=")
    if scheme != "sha256" or not sep:
        return False
    return compare_digest(sign(secret, body).encode(), digest.encode())
'''

REGEX_VERIFY_TIMESTAMPED = '''
import re
from hmac import compare_digest

TIMESTAMP = re.compile(r"(?:^|,)t=(\\d+)(?:,|$)")
SIGNATURE = re.compile(r"(?:^|,)v1=([^,]*)")

def verify_timestamped(secret, body, header, now, tolerance=300):
    if tolerance <= 0:
        raise ValueError("the tolerance must be positive")
    found = TIMESTAMP.search(header)
    if not found:
        return False
    t = int(found.group(1))
    if abs(now - t) > tolerance:
        return False
    expected = sign(secret, str(t).encode() + b"." + body).encode()
    matches = [compare_digest(expected, s.encode()) for s in SIGNATURE.findall(header)]
    return any(matches)
'''

ONE_CALL_SIGN = '''
def sign(secret, body):
    return hmac.digest(secret, body, "sha256").hex()
'''

SECRETS_VERIFY_SIGNATURE = '''
import secrets

def verify_signature(secret, body, header):
    if not isinstance(header, str) or not header.startswith("sha256="):
        return False
    received = header.removeprefix("sha256=").encode("utf-8")
    expected = sign(secret, body).encode("ascii")
    return secrets.compare_digest(expected, received)
'''

SPLIT_VERIFY_TIMESTAMPED = '''
import secrets

def verify_timestamped(secret, body, header, now, tolerance=300):
    if tolerance <= 0:
        raise ValueError(f"tolerance must be > 0, got {tolerance}")
    fields = {}
    for part in header.split(","):
        key, sep, value = part.partition("=")
        if sep:
            fields.setdefault(key.strip(), []).append(value.strip())
    try:
        (timestamp,) = fields["t"]
        t = int(timestamp)
    except (KeyError, ValueError):
        return False
    if not -tolerance <= now - t <= tolerance:
        return False
    expected = sign(secret, b"%d." % t + body).encode()
    ok = False
    for candidate in fields.get("v1", []):
        if secrets.compare_digest(expected, candidate.encode()):
            ok = True
    return ok
'''

LOGGING_VERIFY_SIGNATURE = '''
import logging
import sys

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("webhooks")

def verify_signature(secret, body, header):
    prefix = "sha256="
    if header is None or header[:len(prefix)] != prefix:
        log.warning("rejected: missing or foreign signature header %r", header)
        return False
    expected = hmac.new(secret, body, hashlib.sha256).hexdigest().encode()
    if not hmac.compare_digest(expected, header[len(prefix):].encode()):
        log.warning("rejected: wrong signature")
        print("signature mismatch", file=sys.stderr)
        return False
    log.info("accepted a signed delivery")
    return True
'''

LOGGING_VERIFY_TIMESTAMPED = '''
import logging
import sys
import warnings

logger = logging.getLogger("webhooks.stripe")

def verify_timestamped(secret, body, header, now, tolerance=300):
    if tolerance <= 0:
        raise ValueError("tolerance must be positive")
    pairs = [item.split("=", 1) for item in header.split(",") if "=" in item]
    stamps = [value for key, value in pairs if key == "t"]
    signatures = [value.encode() for key, value in pairs if key == "v1"]
    if len(stamps) != 1 or not stamps[0].isdigit() or not stamps[0].isascii():
        logger.warning("rejected a malformed header: %r", header)
        return False
    t = int(stamps[0])
    if abs(now - t) > tolerance:
        warnings.warn(f"delivery is {now - t} s away from our clock")
        return False
    expected = hmac.new(secret, f"{t}.".encode() + body, hashlib.sha256).hexdigest().encode()
    if any(hmac.compare_digest(expected, s) for s in signatures):
        return True
    print("no v1 signature matched", file=sys.stderr)
    return False
'''

CORRECT = {
    "from_import_and_regex": {
        "sign": HMAC_OBJECT_SIGN,
        "verify_signature": FROM_IMPORT_VERIFY_SIGNATURE,
        "verify_timestamped": REGEX_VERIFY_TIMESTAMPED,
    },
    "secrets_and_split": {
        "sign": ONE_CALL_SIGN,
        "verify_signature": SECRETS_VERIFY_SIGNATURE,
        "verify_timestamped": SPLIT_VERIFY_TIMESTAMPED,
    },
    "logs_rejections_to_stderr": {
        "verify_signature": LOGGING_VERIFY_SIGNATURE,
        "verify_timestamped": LOGGING_VERIFY_TIMESTAMPED,
    },
}

# --- One misconception each ---------------------------------------------------------------

# A broken sign() would also break the verifiers that call it: give them bodies of their own.
STANDALONE_VERIFIERS = {
    "verify_signature": '''
def verify_signature(secret, body, header):
    if not isinstance(header, str) or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret, body, hashlib.sha256).hexdigest().encode()
    return hmac.compare_digest(expected, header[len("sha256="):].encode())
''',
    "verify_timestamped": LOGGING_VERIFY_TIMESTAMPED,
}


def sign_mistake(code: str) -> Mistake:
    return Mistake(loses=("sign",), cells={"sign": code, **STANDALONE_VERIFIERS})


def verify_signature_mistake(body: str) -> Mistake:
    code = "def verify_signature(secret, body, header):\n" + body
    return Mistake(loses=("verify_signature",), cells={"verify_signature": code})


def verify_timestamped_mistake(code: str) -> Mistake:
    return Mistake(loses=("verify_timestamped",), cells={"verify_timestamped": code})


# A parser that is right, so that each timestamped mistake below differs in one thing only.
PARSE = '''
def parse(header):
    t, signatures = None, []
    for item in header.split(","):
        key, _, value = item.partition("=")
        if key == "t":
            t = value
        elif key == "v1":
            signatures.append(value)
    return t, signatures
'''


def timestamped(check_tolerance: str, message: str, compare: str, head: str = PARSE, zero_check: bool = True) -> str:
    guard = '    if tolerance <= 0:\n        raise ValueError("tolerance must be positive")\n' if zero_check else ""
    return head + f'''
def verify_timestamped(secret, body, header, now, tolerance=300):
{guard}    stamp, signatures = parse(header)
    if stamp is None or not stamp.isdigit():
        return False
    t = int(stamp)
    if {check_tolerance}:
        return False
    expected = sign(secret, {message})
    return any({compare} for s in signatures)
'''


GOOD_TOLERANCE = "abs(now - t) > tolerance"
GOOD_MESSAGE = 'f"{t}.".encode() + body'
GOOD_COMPARE = "s.isascii() and hmac.compare_digest(expected, s)"

MISTAKES = {
    # sign
    "sign_swaps_key_and_message": sign_mistake(
        "def sign(secret, body):\n    return hmac.new(body, secret, hashlib.sha256).hexdigest()\n"
    ),
    "sign_upper_case_hex": sign_mistake(
        "def sign(secret, body):\n    return hmac.new(secret, body, hashlib.sha256).hexdigest().upper()\n"
    ),
    "sign_returns_raw_digest_bytes": sign_mistake(
        "def sign(secret, body):\n    return hmac.new(secret, body, hashlib.sha256).digest()\n"
    ),
    "sign_decodes_the_body_as_text": sign_mistake(
        "def sign(secret, body):\n"
        "    text = body.decode('utf-8')\n"
        "    return hmac.new(secret, text.encode('utf-8'), hashlib.sha256).hexdigest()\n"
    ),
    # verify_signature
    "verify_signature_compares_with_eq": verify_signature_mistake(
        "    if not isinstance(header, str) or not header.startswith('sha256='):\n"
        "        return False\n"
        "    return sign(secret, body) == header[7:]\n"
    ),
    "verify_signature_checks_reserialized_json": verify_signature_mistake(
        "    if not isinstance(header, str) or not header.startswith('sha256='):\n"
        "        return False\n"
        "    canonical = json.dumps(json.loads(body)).encode()\n"
        "    return hmac.compare_digest(sign(secret, canonical).encode(), header[7:].encode())\n"
    ),
    "verify_signature_mixes_str_and_bytes": verify_signature_mistake(
        "    if not isinstance(header, str) or not header.startswith('sha256='):\n"
        "        return False\n"
        "    return hmac.compare_digest(sign(secret, body), header[7:].encode())\n"
    ),
    "verify_signature_crashes_on_non_ascii": verify_signature_mistake(
        "    if not isinstance(header, str) or not header.startswith('sha256='):\n"
        "        return False\n"
        "    return hmac.compare_digest(sign(secret, body), header[7:])\n"
    ),
    "verify_signature_crashes_on_bad_hex": verify_signature_mistake(
        "    if not isinstance(header, str) or not header.startswith('sha256='):\n"
        "        return False\n"
        "    expected = hmac.new(secret, body, hashlib.sha256).digest()\n"
        "    return hmac.compare_digest(expected, bytes.fromhex(header[7:]))\n"
    ),
    "verify_signature_accepts_a_missing_prefix": verify_signature_mistake(
        "    if not header:\n"
        "        return False\n"
        "    received = header.removeprefix('sha256=')\n"
        "    return hmac.compare_digest(sign(secret, body).encode(), received.encode())\n"
    ),
    "verify_signature_accepts_any_prefix": verify_signature_mistake(
        "    if not header or '=' not in header:\n"
        "        return False\n"
        "    received = header.split('=', 1)[1]\n"
        "    return hmac.compare_digest(sign(secret, body).encode(), received.encode())\n"
    ),
    "verify_signature_crashes_on_none": verify_signature_mistake(
        "    if not header.startswith('sha256='):\n"
        "        return False\n"
        "    return hmac.compare_digest(sign(secret, body).encode(), header[7:].encode())\n"
    ),
    # verify_timestamped
    "verify_timestamped_compares_with_eq": verify_timestamped_mistake(
        timestamped(GOOD_TOLERANCE, GOOD_MESSAGE, "s == expected")
    ),
    "verify_timestamped_checks_only_the_first_v1": verify_timestamped_mistake(
        timestamped(GOOD_TOLERANCE, GOOD_MESSAGE, GOOD_COMPARE.replace("s.", "signatures[0].").replace(", s)", ", signatures[0])"))
    ),
    "verify_timestamped_keeps_only_the_last_v1": verify_timestamped_mistake(
        timestamped(
            GOOD_TOLERANCE,
            GOOD_MESSAGE,
            GOOD_COMPARE,
            head='''
def parse(header):
    fields = dict(item.partition("=")[::2] for item in header.split(","))
    return fields.get("t"), [fields["v1"]] if "v1" in fields else []
''',
        )
    ),
    "verify_timestamped_has_no_tolerance": verify_timestamped_mistake(timestamped("False", GOOD_MESSAGE, GOOD_COMPARE)),
    "verify_timestamped_one_sided_tolerance": verify_timestamped_mistake(
        timestamped("now - t > tolerance", GOOD_MESSAGE, GOOD_COMPARE)
    ),
    "verify_timestamped_signs_without_the_dot": verify_timestamped_mistake(
        timestamped(GOOD_TOLERANCE, 'f"{t}".encode() + body', GOOD_COMPARE)
    ),
    "verify_timestamped_accepts_v0": verify_timestamped_mistake(
        timestamped(
            GOOD_TOLERANCE,
            GOOD_MESSAGE,
            GOOD_COMPARE,
            head=PARSE.replace('elif key == "v1":', 'elif key in ("v1", "v0"):'),
        )
    ),
    "verify_timestamped_raises_on_malformed_headers": verify_timestamped_mistake('''
def verify_timestamped(secret, body, header, now, tolerance=300):
    if tolerance <= 0:
        raise ValueError("tolerance must be positive")
    pairs = [item.split("=") for item in header.split(",")]
    t = int([value for key, value in pairs if key == "t"][0])
    if abs(now - t) > tolerance:
        return False
    expected = sign(secret, f"{t}.".encode() + body)
    return any(hmac.compare_digest(expected, value) for key, value in pairs if key == "v1")
'''),
    "verify_timestamped_allows_zero_tolerance": verify_timestamped_mistake(
        timestamped(GOOD_TOLERANCE, GOOD_MESSAGE, GOOD_COMPARE, zero_check=False)
    ),
    "verify_timestamped_decodes_the_body": verify_timestamped_mistake(
        timestamped(GOOD_TOLERANCE, 'f"{t}.{body.decode()}".encode()', GOOD_COMPARE)
    ),
    "verify_timestamped_crashes_on_non_ascii": verify_timestamped_mistake(
        timestamped(GOOD_TOLERANCE, GOOD_MESSAGE, "hmac.compare_digest(expected, s)")
    ),
}
