#!/usr/bin/env python3
"""Parses .eml files with Python's email package (a reader this project did not
write) and prints, per file, a JSON line: the decoded subject, To, Message-ID, the
text body, and each attachment's decoded file name and SHA-256."""

import email
import email.policy
import hashlib
import json
import sys

for path in sys.argv[1:]:
    with open(path, "rb") as f:
        raw = f.read()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    body = message.get_body(preferencelist=("plain",))
    attachments = [
        {
            "filename": part.get_filename(),
            "content_type": part.get_content_type(),
            "sha256": hashlib.sha256(part.get_payload(decode=True)).hexdigest(),
        }
        for part in message.iter_attachments()
    ]
    print(json.dumps({
        "path": path,
        "subject": str(message["Subject"]),
        "to": str(message["To"]),
        "message_id": str(message["Message-ID"]),
        "body": body.get_content() if body is not None else "",
        "attachments": attachments,
        "raw_is_ascii": all(b < 128 for b in raw),
    }, ensure_ascii=False))
