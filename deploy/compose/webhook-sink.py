"""A webhook receiver for trying Flowspect out: verifies each alert's signature, drops repeats by
Idempotency-Key, prints one line per alert and answers 204 (401 when the signature is wrong).

GET / answers {"received", "duplicates", "rejected"} as JSON. Standard library only.
Environment: PORT (8000), WEBHOOK_SECRET (the endpoint's flowspect.webhooks.endpoints.<name>.secret).
"""

import hashlib
import hmac
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Lock

SECRET = os.environ.get("WEBHOOK_SECRET", "").encode()
SEEN = set()
COUNTS = {"received": 0, "duplicates": 0, "rejected": 0}
LOCK = Lock()


def verified(body: bytes, header: str) -> bool:
    expected = "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header or "")


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
            print("rejected: bad signature (is WEBHOOK_SECRET the endpoint's secret?)", flush=True)
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
    if not SECRET:
        sys.exit("WEBHOOK_SECRET is not set")
    port = int(os.environ.get("PORT", "8000"))
    print(f"webhook sink on :{port}", flush=True)
    ThreadingHTTPServer(("0.0.0.0", port), Handler).serve_forever()
