# The service: the text of `status` and the service's errors. The service's log
# lines are for machines and stay English; they are not here.

## status

status-archive = archive: { $dir }
status-timezone = time zone: { $zone }
status-schedules = schedules:
status-schedule = {"  "}{ $name } "{ $cron }" ({ $period }): next { $next }
status-last-run = last run:
status-last-run-ok = ok
status-last-run-failures = with failures
status-last-run-line = {"  "}{ $at }: { $outcome }; made { $made }, waiting { $waiting }, failed { $failed }
status-last-run-partial = {"  "}made from the months on file after the data deadline: { $periods }
status-last-run-none = {"  "}none recorded
status-future = warning: the service state lies after the clock now ({ $now }):
status-future-last-run = {"  "}the last run is recorded at { $at }
status-future-missing = {"  "}recorded missing before their data deadline could have passed: { $periods }
status-future-help = {"  "}the clock was ahead when it was written, or is behind now
    {"  "}help: check the system clock (`timedatectl`) and SOURCE_DATE_EPOCH; at its next step the service forgets these entries and continues from the archive (nothing filed is made again); packages filed while the clock was ahead keep the year of issue they were given (`verify` checks them)
status-archived = archived:
status-archived-region = {"  "}{ $region }: { $periods }
status-none = none
status-due = due now (data on file): { $list }
status-pending = pending (waiting for data): { $list }
status-overdue = past the data deadline (recorded missing at the next run): { $list }
status-missing = missing (no data by the deadline): { $list }
status-too-old = before the catch-up horizon, not made: { $list }

## The service's errors

service-already-running = { $path }: another sw-briefing service is already running on this archive
    {"  "}help: stop it first (systemctl stop sw-briefing), or point this one at another archive_dir
service-scheduler = the scheduler could not start: { $error }
