#!/usr/bin/python3
"""A real SMTP server on 127.0.0.1 for the mailer tests (Debian's python3-aiosmtpd).

    mailer_smtp_sink.py --port PORT --dir DIR [--delay-ms N] [--auth USER:PASSWORD]

Every accepted message is written to DIR/<n>.eml exactly as received (written beside and
renamed), and one line "<n> <mail from> <rcpt to>" is appended to DIR/envelopes.log. Each
EHLO/HELO (one per connection) appends a line to DIR/sessions.log. DIR/ready appears once the
server listens. The recipient's local part steers the answer to RCPT TO:

    reject...@          550 5.1.1 (permanent)
    tempfail<N>-...@    451 4.3.0 for that address's first N tries, then accepted
    anything else       accepted

--delay-ms makes every DATA slower (to catch a runner mid-batch); --auth requires SMTP AUTH
(PLAIN or LOGIN, offered without TLS: the test runs on the loopback). SIGTERM stops it.
"""
import argparse
import asyncio
import os
import re
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from mailer_serve import run_until_signalled


class Sink:
    def __init__(self, directory, delay_ms):
        self.dir = directory
        self.delay = delay_ms / 1000.0
        self.count = 0
        self.tries = {}
        self.lock = threading.Lock()

    def _append(self, name, line):
        with open(os.path.join(self.dir, name), "a") as f:
            f.write(line + "\n")

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self._append("sessions.log", hostname)
        session.host_name = hostname
        return responses

    async def handle_HELO(self, server, session, envelope, hostname):
        self._append("sessions.log", hostname)
        session.host_name = hostname
        return "250 {}".format(server.hostname)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0]
        if local.startswith("reject"):
            return "550 5.1.1 <{}>: no such mailbox here".format(address)
        m = re.match(r"tempfail(\d+)-", local)
        if m:
            with self.lock:
                self.tries[address] = self.tries.get(address, 0) + 1
                n = self.tries[address]
            if n <= int(m.group(1)):
                return "451 4.3.0 mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.count += 1
            n = self.count
        path = os.path.join(self.dir, "{:06d}.eml".format(n))
        with open(path + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(path + ".tmp", path)
        self._append("envelopes.log", "{} {} {}".format(n, envelope.mail_from, " ".join(envelope.rcpt_tos)))
        return "250 2.0.0 Ok: queued as {}".format(n)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--delay-ms", type=int, default=0)
    ap.add_argument("--auth", default="")
    args = ap.parse_args()

    kwargs = {}
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
                  and auth_data.password.decode() == password)
            # handled=False: aiosmtpd itself answers 535 to a refusal.
            return AuthResult(success=ok, handled=False, auth_data=auth_data)

        kwargs = dict(authenticator=authenticator, auth_required=True, auth_require_tls=False)

    controller = Controller(Sink(args.dir, args.delay_ms), hostname="127.0.0.1", port=args.port,
                            server_hostname="sink.test", **kwargs)
    controller.start()
    run_until_signalled(args.dir, controller.stop)


if __name__ == "__main__":
    main()
