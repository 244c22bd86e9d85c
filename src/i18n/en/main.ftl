# sw-briefing messages in English (--lang en, SW_BRIEFING_LANG=en).
# Every id here must also be in zh-CN.ftl with the same variables (tests/i18n.rs).


## Command-line help

cli-help-template = {"{"}about-with-newline{"}"}
    Usage: {"{"}usage{"}"}

    {"{"}all-args{"}"}{"{"}after-help{"}"}
cli-heading-options = Options
cli-heading-arguments = Arguments
cli-heading-commands = Commands
cli-value-command = COMMAND
cli-help = Print help
cli-version = Print version
cli-about = 社会工作简报: periodic social-work briefings as archived Chinese PDFs
cli-usage = sw-briefing [--config FILE] --now [--region CODE]... [--period P] [--revise] [--output FILE]
    {"       "}sw-briefing [--config FILE] <COMMAND>
    {"       "}sw-briefing [--config FILE]            (no command: run as a service on the schedules)
cli-config = The job config (default config/briefing.yaml; also SW_BRIEFING_CONFIG)
cli-now = Make the briefings now instead of running as a service
cli-regions = Only this region (administrative code); may be repeated
cli-period = The period to report on (2023, 2023-Q4, 2023-11); default: the latest on file
cli-output = Write a preview to this file instead of filing it in the archive (one region)
cli-revise = When a period's metrics changed since it was issued, file a revision (same 期号, next revision number); without it such a period is only reported
cli-json-logs = Log as JSON lines (also SW_BRIEFING_LOG_FORMAT=json)
cli-lang = The language of messages and help: zh (default) or en (also SW_BRIEFING_LANG)
cli-check-about = Check the config, wording and every metrics file without making anything
cli-check-usage = sw-briefing [--config FILE] check
cli-status-about = Show schedules with their next fire times, the last run, and what is archived, due, pending and missing
cli-status-usage = sw-briefing [--config FILE] status
cli-verify-about = Check every archived package, the 期号 sequence and the ledger; exit 5 on any problem
cli-verify-usage = sw-briefing [--config FILE] verify [--head SHA256]
cli-verify-head = A ledger head written down earlier (sha256:…, as verify prints it): the ledger must still contain it, or lines were removed
cli-record-about = Record in the ledger the packages that are sealed and in place but have no ledger line (a run whose ledger could not be appended to), once the cause is fixed
cli-record-usage = sw-briefing [--config FILE] record
cli-form-about = Write a fill-in workbook (填报表, .xlsx) for one region and period
cli-form-usage = sw-briefing [--config FILE] form --region CODE --period P [--output FILE.xlsx]
cli-form-region = The region (administrative code, e.g. 430300)
cli-form-period = The period (2023, 2023-Q4, 2023-11)
cli-form-output = Where to write it; default <code>-<name>-<period>-填报表.xlsx here
cli-import-about = Read filled forms (.xlsx, .xls, .ods), check them and file them as metrics YAML; nothing is written when any form has a problem (exit 4)
cli-import-usage = sw-briefing [--config FILE] import FILE... [--dry-run] [--replace]
cli-import-files = The filled forms
cli-import-dry-run = Check only; write nothing
cli-import-replace = Replace a different metrics file already on file (its SHA-256 is logged)

## Command-line usage errors (English uses clap's own texts; these are kept for parity)

cli-error-unknown-argument = error: unexpected argument { $arg }
cli-error-unknown-command = error: unrecognized command { $command }
cli-error-missing-argument = error: a required argument was not given: { $arg }
cli-error-invalid-value = error: invalid value '{ $value }' for { $arg }; possible values: { $valid }
cli-error-conflict = error: the argument { $arg } cannot be used with { $other }
cli-error-value = error: invalid value '{ $value }' for { $arg }
cli-error-missing-command = error: a command is required
cli-error-other = error: the command line is wrong ({ $detail })
cli-error-suggestion = {"  "}tip: did you mean { $suggested }?
cli-error-usage = Usage: { $usage }
cli-error-help = For more information, try 'sw-briefing --help'.

## One-line errors, warnings and notes

error-line = error: { $message }
note-line = note: { $message }
warning-line = warning: { $message }
help-line = {"  "}help: { $hint }

## Making briefings now (--now)

run-error-runtime = error: cannot start the async runtime: { $error }
run-error-period = error: --period: { $error }
run-error-region = error: --region { $code }: not listed under `regions` in { $config }
    {"  "}help: check the code, or add the region under `regions` in the config first
run-error-output-one-region = error: --output writes one preview; name one region with --region
run-region-skipped = error: region { $code }: skipped, its metrics have the problems listed above
run-region-failed = error: region { $code }: { $error }
run-stopped = { $made } briefing(s) made; the run stopped: nothing more was filed
run-summary-failed = { $made } briefing(s) made, { $failed } failed
run-note-existing = note: region { $code }: already filed, left unchanged
run-note-revised = note: region { $code }: filed revision r{ $revision } of 期号 { $issue }; the earlier version stays in the archive
run-warning-changed = warning: region { $code }: the metrics changed since 期号 { $issue } was issued ({ $changes }); nothing was made
    {"  "}help: to issue a revision with the same 期号, run again with --now --revise

## check

check-ok = ok: { $config } and { $files } metrics file(s) for { $regions } region(s) are valid
metrics-repeated-passage = { $file }: the same passage is written twice (line { $first_line }, { $first_field }; line { $second_line }, { $second_field }): “{ $passage }”
metrics-repeated-passage-help = the briefing would print it twice: delete or reword one of them

## record

record-recorded = recorded: { $dir }
record-refused = error: { $dir }: not recorded: { $reason }
    {"  "}help: run `sw-briefing verify`; restore the package or the ledger from a backup copy
record-nothing = nothing to record: every package in { $archive } has its ledger line

## verify

verify-error-head = error: --head `{ $given }` is not a ledger head
    {"  "}help: give it as `verify` printed it: sha256: and 64 hexadecimal digits
verify-not-recorded = note: this check could not be recorded in the ledger: { $reason }
verify-ok = verified: { $packages } package(s), { $lines } ledger line(s); ledger head { $head }
verify-failed = FAILED: { $problems } problem(s) in { $archive }: { $packages } package(s), { $lines } ledger line(s); ledger head { $head }

## Periods, problem totals, the clock

period-parse-error = `{ $text }` is not a period; expected a year (2023), a quarter (2023-Q4) or a month (2023-11)
problems-found = { $count } problem(s) found
clock-epoch-not-a-time = SOURCE_DATE_EPOCH=`{ $text }` is not a Unix time in seconds
    {"  "}help: set it to seconds since 1970-01-01 UTC (e.g. `date +%s`), or unset it to use the system clock
clock-epoch-out-of-range = SOURCE_DATE_EPOCH=`{ $text }` { $why }
    {"  "}help: set it to a time in those years (e.g. `date +%s`), or unset it to use the system clock
clock-system-out-of-range = the system clock { $why }
    {"  "}help: set the clock right (`timedatectl`, or enable time synchronisation with NTP) and run again; nothing was made
clock-out-of-range = reads { $time }, outside the years { $earliest }–{ $latest } that sw-briefing accepts

## Config: fallback fonts

config-font-fallback-role = `fonts.fallbacks`: `{ $role }` is not a font role
config-font-fallback-role-hint = list the fallbacks under title, body, heading or kai, each once; or give one list for every role
config-font-fallback-role-twice = `fonts.fallbacks`: the role `{ $role }` is listed twice
