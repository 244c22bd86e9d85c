#!/usr/bin/env python3
"""A real SMTP server for tests/delivery.rs (aiosmtpd), on 127.0.0.1.

    smtp_server.py PORT MAILDIR CONTROL

Writes each message it accepts to MAILDIR as <n>-<recipient>.eml (the bytes as
received) and prints "ready" on stdout once it listens. CONTROL is a JSON file, read
again at every RCPT, so that a test can change the answers while the server runs:

    {"reject": {"bad@example.org": "550 5.1.1 no such user"},
     "fail_first": 1, "fail_code": "451 4.3.0 try again later"}

`reject` answers RCPT for those addresses with that reply (every time); `fail_first`
answers the first N RCPT commands (over the server's life) with `fail_code`.
"""

import json
import os
import sys
import threading
import time

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, maildir, control):
        self.maildir = maildir
        self.control = control
        self.failed = 0
        self.count = 0
        self.lock = threading.Lock()

    def load(self):
        try:
            with open(self.control, encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        control = self.load()
        reply = control.get("reject", {}).get(address)
        if reply:
            return reply
        if self.failed < int(control.get("fail_first", 0)):
            self.failed += 1
            return control.get("fail_code", "451 4.3.0 try again later")
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.count += 1
                name = "%04d-%s.eml" % (self.count, rcpt)
                temp = os.path.join(self.maildir, "." + name + ".tmp")
                with open(temp, "wb") as f:
                    f.write(envelope.original_content)
                os.rename(temp, os.path.join(self.maildir, name))
        return "250 Message accepted for delivery"


def main():
    port, maildir, control = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    os.makedirs(maildir, exist_ok=True)
    controller = Controller(Handler(maildir, control), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
