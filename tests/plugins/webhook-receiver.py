#!/usr/bin/env python3
"""A webhook receiver for the tests, written apart from Limber: it checks each POST's
Limber-Signature with Python's own hmac module and appends one line per request to a file:
"ok <event id>" or "bad <reason>". Usage: webhook-receiver.py SECRET OUTFILE [FAIL_FIRST].
Prints the port it listens on (127.0.0.1), then serves until killed. The first FAIL_FIRST
requests are answered 500."""
import hashlib
import hmac
import http.server
import json
import sys

secret, outfile = sys.argv[1].encode(), sys.argv[2]
fail_first = int(sys.argv[3]) if len(sys.argv) > 3 else 0
seen = 0


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        global seen
        seen += 1
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        timestamp = self.headers.get("Limber-Timestamp", "")
        signature = self.headers.get("Limber-Signature", "")
        expected = "v1=" + hmac.new(secret, timestamp.encode() + b"." + body,
                                    hashlib.sha256).hexdigest()
        if not hmac.compare_digest(signature, expected):
            line = "bad signature"
        else:
            line = "ok " + json.loads(body)["id"]
        with open(outfile, "a") as out:
            out.write(line + "\n")
        self.send_response(500 if seen <= fail_first else 204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
print(server.server_address[1], flush=True)
server.serve_forever()
