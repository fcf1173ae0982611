#!/usr/bin/python3
"""Checks that a file is one valid MIME email as the portal sends it; prints "ok" or the fault.

    mailer_check_mime.py FILE [LINK]

Python's email package parses it strictly (any defect is a failure): it must have Date, From,
To, Subject and Message-ID, be multipart/alternative with a text/plain and a text/html part
that decode as UTF-8, and, when LINK is given, hold LINK whole in the text part and as an
href in the HTML part. Prints the decoded text part after "ok".
"""
import sys
from email import policy
from email.parser import BytesParser
from email.utils import parsedate_to_datetime


def main():
    path = sys.argv[1]
    link = sys.argv[2] if len(sys.argv) > 2 else None
    strict = policy.default.clone(raise_on_defect=True)
    try:
        with open(path, "rb") as f:
            msg = BytesParser(policy=strict).parse(f)
        for name in ("Date", "From", "To", "Subject", "Message-ID"):
            if msg[name] is None:
                return fail("no " + name + " header")
        parsedate_to_datetime(msg["Date"])
        if msg.get_content_type() != "multipart/alternative":
            return fail("not multipart/alternative but " + msg.get_content_type())
        parts = [p.get_content_type() for p in msg.iter_parts()]
        if parts != ["text/plain", "text/html"]:
            return fail("parts are " + ",".join(parts))
        text = msg.get_body(("plain",)).get_content()
        html = msg.get_body(("html",)).get_content()
        for part in msg.walk():
            if part.defects:
                return fail("defects: " + repr(part.defects))
        if link and link not in text:
            return fail("the text part lacks the link")
        if link and 'href="' + link.replace("&", "&amp;") + '"' not in html:
            return fail("the HTML part lacks the link")
    except Exception as e:  # any parse error or defect
        return fail(type(e).__name__ + ": " + str(e))
    print("ok")
    print("from=" + str(msg["From"]))
    print("subject=" + str(msg["Subject"]))
    print(text)
    return 0


def fail(why):
    print("bad: " + why)
    return 1


if __name__ == "__main__":
    sys.exit(main())
