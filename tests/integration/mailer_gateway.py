#!/usr/bin/python3
"""A stand-in for the SMS/WhatsApp HTTP gateway, on 127.0.0.1, for the mailer tests.

    mailer_gateway.py --port PORT --dir DIR [--fail-first N]

Each POST is recorded as DIR/<n>.req: the request line, the headers, a blank line, the body
(written beside and renamed). The answer: 503 for the first N requests, 400 when the JSON "to"
ends in 0000 (a number the gateway refuses), else 200 {"id": "<n>"}. DIR/ready appears once the
server listens. SIGTERM stops it.
"""
import argparse
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from mailer_serve import run_until_signalled


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--fail-first", type=int, default=0)
    args = ap.parse_args()
    state = {"count": 0}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: one connection for a batch

        def log_message(self, *a):
            pass

        def answer(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            with lock:
                state["count"] += 1
                n = state["count"]
            path = os.path.join(args.dir, "{:06d}.req".format(n))
            with open(path + ".tmp", "wb") as f:
                f.write("{} {}\n".format(self.command, self.path).encode())
                f.write(str(self.headers).encode())
                f.write(body)
            os.rename(path + ".tmp", path)
            if n <= args.fail_first:
                return self.answer(503, {"error": "gateway busy"})
            try:
                to = json.loads(body)["to"]
            except (ValueError, KeyError, TypeError):
                return self.answer(400, {"error": "bad json"})
            if to.endswith("0000"):
                return self.answer(400, {"error": "invalid number"})
            return self.answer(200, {"id": str(n)})

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    run_until_signalled(args.dir, server.shutdown)


if __name__ == "__main__":
    main()
