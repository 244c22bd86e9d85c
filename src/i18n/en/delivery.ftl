# Delivery (folder, mail, program): the channel's errors, the lines of `deliver` and
# after `--now`, status and verify about deliveries, and the config's `delivery` checks.

## A channel's errors (also recorded in the ledger's delivery_failed lines)

delivery-folder-not-a-folder = not a folder; help: point the channel's `folder` at the import folder
delivery-folder-unusable = the delivery folder cannot be used ({ $error }); help: check that the share is mounted and writable by the service user; the folder is not created, so that an unmounted share is not filled on the local disk
delivery-folder-name-taken = { $path }: a different file of this name is already there; it is not overwritten; help: move that file away (or rename it), and the next run delivers
delivery-folder-write-failed = { $path }: copying failed ({ $error }); help: check the folder's free space and permissions; nothing partial was left under this name
delivery-command-empty = the channel's `command` names no program
delivery-command-not-started = { $program }: could not be run ({ $error }); help: check the path and that it is executable by the service user
delivery-command-exit = { $program }: exited with status { $code }; its output is in the log above
delivery-command-signal = { $program }: was ended by signal { $signal }
delivery-command-timeout = { $program }: did not finish within { $seconds } s and was stopped; help: raise the channel's `timeout_seconds`, or find out why the program hangs
delivery-password-file-unreadable = { $path }: the SMTP password file cannot be read ({ $error }); help: create it with the password on its first line, owned by the service user, mode 0600
delivery-password-file-empty = { $path }: the SMTP password file is empty; help: write the password on its first line
delivery-password-env-unset = the environment variable { $name }, named by `password_env`, is not set; help: set it for the service (e.g. `Environment=` or `EnvironmentFile=` in the systemd unit)
delivery-smtp-setup = { $host }: the mail connection cannot be set up: { $error }
delivery-bad-address = `{ $address }` is not a mail address ({ $error })
delivery-bad-message = the message could not be built: { $error }
delivery-smtp-refused = sending failed: { $error }; the server refused it permanently; check the address
delivery-smtp-failed = sending failed: { $error }; retried later
delivery-pdf-mismatch = { $path }: the PDF does not match its record's SHA-256; it is not delivered; help: run `sw-briefing verify` and restore the package from a backup copy
delivery-package-unreadable = the package cannot be read: { $error }

## What a delivery run did (deliver, --now)

delivery-busy = another sw-briefing process is delivering on this archive now; what is due is delivered by it or by the next run
delivery-delivered = delivered: { $target }
delivery-delivered-duplicate = delivered: { $target } (sent again after an interrupted attempt: the recipient may have it twice)
delivery-failed-retry = delivery failed: { $target }: { $error }
    {"  "}attempt { $attempt } failed; the next is due after { $next }; the briefing stays filed
delivery-failed-gave-up = delivery failed: { $target }: { $error }
    {"  "}attempt { $attempt } failed, the last one allowed (max_attempts): given up; `sw-briefing deliver --retry` tries again
delivery-given-up = delivery given up after { $attempts } attempt(s): { $target }
    {"  "}help: fix the cause, then run `sw-briefing deliver --retry`
delivery-stopped = delivery stopped: { $error }
delivery-none-configured = nothing to deliver: the config lists no `delivery` channel
delivery-nothing-more = nothing more to deliver: { $done } delivery(ies) done before, { $waiting } waiting for their next attempt, { $given_up } given up

## status

status-deliveries = deliveries:
status-deliveries-unreadable = {"  "}cannot be read: { $error }
status-deliveries-delivered = {"  "}delivered: { $count }
status-deliveries-due = {"  "}due now: { $count }
status-deliveries-waiting = {"  "}failed, retried later: { $count }
status-deliveries-waiting-item = {"    "}{ $target } ({ $attempts } attempt(s); next after { $next })
status-deliveries-given-up = {"  "}FAILED, given up: { $count }
status-deliveries-given-up-item = {"    "}{ $target } ({ $attempts } attempt(s))
status-deliveries-help = {"  "}help: fix the cause (address, server, password, folder), then run `sw-briefing deliver --retry`

## verify

verify-delivery-unnamed = line { $line } records a delivery without naming its package, channel and recipient
verify-delivery-unfiled = line { $line } records a delivery of { $package }, which no line of the ledger records as filed
verify-delivery-ledger-hint = the ledger is append-only: restore it from a backup copy; do not edit it
verify-delivery-given-up = delivery failed: { $package } to { $recipient } (channel `{ $channel }`) was given up after { $attempts } attempt(s): { $error }
verify-delivery-given-up-hint = fix the cause (address, server, password, folder), then run `sw-briefing deliver --retry`

## The config's `delivery` section

config-delivery-problem = delivery `{ $channel }`: { $message }
config-delivery-name = the name must be letters, digits, `-`, `_` or `.`
config-delivery-name-hint = name each channel briefly, e.g. oa-share or mail; the ledger records deliveries under it
config-delivery-name-twice = the name is used twice
config-delivery-name-twice-hint = give each channel its own name
config-delivery-one-kind = give exactly one of `folder`, `smtp` and `command`
config-delivery-one-kind-hint = a channel is a folder to copy into, a mail server, or a program to run; write one channel per entry
config-delivery-range = `{ $key }` is { $value }; it must be between { $least } and { $most }
config-delivery-range-hint = write a number in the range, or leave the line out for the default
config-delivery-since = `since` is `{ $text }`, not a date
config-delivery-since-hint = write a date as 2024-01-01, or leave the line out
config-delivery-folder-empty = `folder` is empty
config-delivery-folder-empty-hint = name the folder to copy the PDF into
config-delivery-command-empty = `command` names no program
config-delivery-command-empty-hint = write the program and its arguments as a list, e.g. [/usr/local/bin/oa-upload, --queue, briefings]; no shell is used
config-delivery-password = `password` is not read from the config
config-delivery-password-hint = the config is read by many and kept in version control: put the password in a file readable only by the service user and name it with `password_file`, or name an environment variable with `password_env`
config-delivery-password-both = both `password_file` and `password_env` are given
config-delivery-password-both-hint = keep one of them
config-delivery-host = `smtp.host` is empty
config-delivery-host-hint = name the mail server, e.g. mail.example.gov.cn
config-delivery-from = `smtp.from` is `{ $from }`, not a mail address
config-delivery-from-hint = write the sender as office@example.gov.cn or 办公室 <office@example.gov.cn>
config-delivery-address = `{ $address }` is not a mail address
config-delivery-address-hint = write each recipient as name@example.gov.cn or 名称 <name@example.gov.cn>
config-delivery-region = `smtp.regions` names region { $code }, which `regions` does not list
config-delivery-region-hint = add the region to `regions` or remove it here
config-delivery-no-recipient = `smtp.to` lists no address
config-delivery-no-recipient-hint = list the recipients under `to`, or per region under `regions`
config-delivery-port = `smtp.port` is { $port }; ports run from 1 to 65535
config-delivery-port-hint = write the server's port, or leave the line out for the usual one (587, 465 or 25 by `tls`)

## Command-line help of `deliver`

cli-deliver-about = Deliver the filed briefings that are due to the configured channels (folder, mail, program); each delivery is recorded in the ledger and never repeated
cli-deliver-usage = sw-briefing [--config FILE] deliver [--retry]
cli-deliver-retry = Also try now the deliveries that failed and wait for their next attempt, and those given up after max_attempts
