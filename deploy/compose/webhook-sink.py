"""A webhook receiver for trying Flowspect out: verifies each alert's signature, drops repeats by
Idempotency-Key, prints one line per alert and answers 204 (401 when the signature is wrong or
older than the tolerance, so a captured request cannot be replayed).

The signature header is X-Flowspect-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>], each v1 the
HMAC-SHA256 of "<t>." + the raw body under one of the sender's secrets (two during a rotation).

GET / answers {"received", "duplicates", "rejected"} as JSON. Standard library only.
Environment: PORT (8000), WEBHOOK_SECRET (the endpoint's flowspect.webhooks.endpoints.<name>.secret),
WEBHOOK_PREVIOUS_SECRET (optional: the secret being rotated out, still accepted),
WEBHOOK_TOLERANCE_SECONDS (300).
"""

import hashlib
import hmac
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Lock

SECRETS = [
    s.encode()
    for s in (os.environ.get("WEBHOOK_SECRET", ""), os.environ.get("WEBHOOK_PREVIOUS_SECRET", ""))
    if s
]
TOLERANCE = int(os.environ.get("WEBHOOK_TOLERANCE_SECONDS", "300"))
SEEN = set()
COUNTS = {"received": 0, "duplicates": 0, "rejected": 0}
LOCK = Lock()


def verified(body: bytes, header: str) -> bool:
    t, signatures = None, []
    for part in (header or "").split(","):
        name, _, value = part.strip().partition("=")
        if name == "t":
            t = value
        elif name == "v1":
            signatures.append(value)
    if t is None or not t.isdigit() or not signatures:
        return False
    if abs(time.time() - int(t)) > TOLERANCE:
        return False
    signed = t.encode() + b"." + body
    ok = False
    for secret in SECRETS:
        expected = hmac.new(secret, signed, hashlib.sha256).hexdigest()
        for signature in signatures:
            ok |= hmac.compare_digest(expected, signature)
    return ok


class Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 with a length on every answer: a client that keeps the connection open (the JDK's
    # HttpClient does) then never sends its next request down a socket the sink has closed.
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if not verified(body, self.headers.get("X-Flowspect-Signature")):
            with LOCK:
                COUNTS["rejected"] += 1
            self.send_response(401)
            self.send_header("Content-Length", "0")
            self.end_headers()
            print("rejected: bad or stale signature (is WEBHOOK_SECRET the endpoint's secret?"
                  " is the clock right?)", flush=True)
            return
        key = self.headers.get("Idempotency-Key", "")
        with LOCK:
            repeat = key in SEEN
            SEEN.add(key)
            COUNTS["duplicates" if repeat else "received"] += 1
        if not repeat:
            try:
                alert = json.loads(body)
                print(
                    "alert", alert.get("image_id"), "line", alert.get("line"),
                    "score", alert.get("score"), "p", alert.get("p_value"),
                    "attempt", self.headers.get("X-Flowspect-Attempt"), flush=True)
            except ValueError:
                print("alert with a body that is not JSON", flush=True)
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        with LOCK:
            payload = json.dumps(COUNTS).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, fmt, *args):
        pass


if __name__ == "__main__":
    if not os.environ.get("WEBHOOK_SECRET"):
        sys.exit("WEBHOOK_SECRET is not set")
    port = int(os.environ.get("PORT", "8000"))
    print(f"webhook sink on :{port}", flush=True)
    ThreadingHTTPServer(("0.0.0.0", port), Handler).serve_forever()
