# The archive: its errors, what verify finds, the checks of BagIt packages and of the ledger.

## The archive's errors

archive-io = { $path }: { $action } failed: { $error }
    {"  "}help: { $help }
archive-damaged = { $path }: { $message }
    {"  "}help: { $help }
archive-unrecorded = { $package }: the package is sealed and in place, but its ledger line could not be written: { $cause }
    {"  "}help: filing stopped here, nothing else was filed; make the ledger appendable again (free space, a read-write mount, `chattr -i { $ledger }`, its permissions), then run `sw-briefing record` to record this package (the next run also records it); until then `verify` notes it as unrecorded
archive-help-not-a-file = something other than a file (a pipe, a device) stands where the archive keeps this file: remove it, restore the file from a backup copy, and run `sw-briefing verify`; nothing already archived was changed
archive-help-read-only = the archive folder is on a read-only file system: remount it read-write, or point `archive_dir` in the config at a writable folder; nothing already archived was changed
archive-help-permission = this user may not write there: run as the user who owns the archive or fix the folder's permissions; nothing already archived was changed
archive-help-full = the disk holding the archive is full: free some space and run again; nothing already archived was changed, and the next run completes or removes what this one left unfinished
archive-help-name-too-long = a file or folder name is too long for the file system (most allow 255 bytes): shorten the region name (region.name in its metrics file) or `series` in the config; nothing already archived was changed
archive-help-not-a-folder = a part of the path is a file, not a folder: check `archive_dir` in the config and move the file away; nothing already archived was changed
archive-help-not-found = the file or a folder on its path does not exist (moved or deleted during the run?): check the path named above, and `archive_dir` in the config; nothing already archived was changed
archive-help-other = check that the archive folder exists, is writable by this user and that the disk has room; nothing already archived was changed

## What the archive was doing (in “… failed”)

archive-action-making-read-only = making read-only
archive-action-reading-the-folder = reading the folder
archive-action-creating-the-folder = creating the folder
archive-action-reading-the-staging-folder = reading the staging folder
archive-action-moving-into-place = moving into place
archive-action-writing = writing
archive-action-syncing = syncing
archive-action-setting-permissions = setting permissions
archive-action-moving-the-package-into-place = moving the package into place
archive-action-reading-the-archive-folder = reading the archive folder
archive-action-reading-the-region-folder = reading the region folder
archive-action-reading-the-year-folder = reading the year folder
archive-action-reading-the-size = reading the size
archive-action-opening = opening
archive-action-creating = creating
archive-action-appending = appending
archive-action-reading-a-metrics-file-for-the-package = reading a metrics file for the package
archive-action-syncing-the-folder = syncing the folder
archive-action-removing-an-unfinished-package = removing an unfinished package
archive-action-creating-a-temporary-file = creating a temporary file
archive-action-creating-a-folder-in-the-package = creating a folder in the package
archive-action-creating-the-archive-folder = creating the archive folder
archive-action-reading = reading
archive-action-creating-a-staging-folder = creating a staging folder
archive-action-appending-to-the-ledger = appending to the ledger
archive-action-reading-the-package-record = reading the package record
archive-action-reading-the-ledger = reading the ledger
archive-action-reading-the-file-type = reading the file type
archive-action-opening-the-lock-file = opening the lock file
archive-action-opening-the-delivery-lock = opening the delivery lock
archive-action-locking-the-archive = locking the archive
archive-action-locking-the-archive-for-the-service = locking the archive for the service
archive-action-locking-the-archive-for-delivery = locking the archive for delivery
archive-action-removing-a-temporary-file = removing a temporary file

## What verify finds

archive-restore-hint = restore the package from a backup copy; never edit or remove sealed packages by hand
archive-no-folder = the archive folder does not exist
archive-no-folder-hint = check `archive_dir` in the config (or --config)
verify-stray = is not a package filed by sw-briefing (expected a folder <series>-<year>年第<NN>期-<period>[-r<K>] inside a year folder)
verify-stray-hint = move it out of the archive folder, or restore what was there from a backup copy
verify-record-head-lost = was filed when the ledger's head was sha256:{ $head }, but no line of { $ledger } has that digest: the ledger lost lines at its end (or was replaced)
verify-record-head-lost-hint = restore the ledger from a backup copy; never edit or cut it
verify-ledger-line = line { $line } { $message }
verify-dated-after = was made on { $created }, after the clock now ({ $now }): the clock was ahead when it was filed (its 期号 is of the year { $year }), or is behind now
verify-dated-after-hint = check the system clock and SOURCE_DATE_EPOCH; if the package was filed with a wrong clock, tell the archivist; do not edit or remove sealed packages by hand
verify-ledger-cut-hint = restore the ledger from a backup copy; it is append-only and must never be cut or replaced
verify-head-file-missing = does not exist: the archive was made by an older sw-briefing, or the file was removed; without it a ledger cut short at its end is only found with `verify --head`
verify-head-file-missing-hint = the next run or `verify` writes it
verify-head-file-bad = does not hold a ledger head (`{ $text }`)
verify-head-file-lost = says the ledger ended at sha256:{ $head }, but no line of { $ledger } has that digest: the ledger lost lines at its end (or was removed or replaced)
verify-head-file-behind = names line { $line } of { $ledger }, not its last line { $last }: a run was stopped before it rewrote it
verify-head-file-behind-hint = the next run that appends to the ledger (or `verify`) rewrites it
verify-head-not-found = does not contain the head sha256:{ $head } given with --head: the lines up to it were removed or changed, or the ledger was replaced
verify-issue-unnamed = line { $line } records an issue without naming its package
verify-issue-twice = line { $line } records { $package } again (first at line { $first })
verify-package-missing = line { $line } records the package { $package }, which is missing from the archive
verify-tag-manifest-changed = SHA-256 is { $actual }, but ledger line { $line } recorded { $expected }: the package was resealed after it was filed
verify-pdf-changed = SHA-256 is { $actual }, but ledger line { $line } recorded { $expected }: the PDF is not the one issued
verify-unrecorded-one = has no ledger line yet: the run that filed it was stopped before recording it
verify-unrecorded-one-hint = the next run records it, or `sw-briefing record` now
verify-not-recorded-group = packages of an interrupted run await their ledger lines, which must follow the ledger's last line; the next run (or `sw-briefing record`) records them
verify-unrecorded-many = has no ledger line, and the packages without one are not a group a run was stopped before recording (each naming the line of the one before it, from the ledger's last line): ledger lines were lost or packages were put here by hand
verify-unrecorded-many-hint = if a run could not append to the ledger (a full disk, a read-only or immutable ledger), fix that and run `sw-briefing record`; otherwise restore the ledger from a backup copy, or move packages that were not issued by this archive out of it
verify-record-empty-fields = required fields are empty: { $fields }
verify-record-describes = describes { $described } but is filed as { $filed }
verify-record-period = period `{ $period }` is not a period
verify-record-number = 文件编号 is { $number }, but the folder says { $folder }
verify-record-file-name = 计算机文件名 is { $name }, expected { $expected }
verify-record-mime = 格式信息 is { $mime }, expected application/pdf
verify-record-pdf-unreadable = names { $name }, which cannot be read: { $error }
verify-pdf-size = is { $size } bytes, but 计算机文件大小 in { $file } says { $recorded }
verify-pdf-sha = SHA-256 is { $actual }, but { $file } says { $recorded }
verify-pdf-version = is not PDF { $version } as 格式信息 says
verify-pdf-encrypted = it is encrypted
verify-pdf-unusable = cannot be used as an archived PDF: { $reason }
verify-input-not-copied = input `{ $source }` is the region's own file but is not in the package
verify-input-outside = input `{ $path }` is not inside data/inputs/
verify-input-changed = is { $size } bytes with SHA-256 { $sha }, but { $file } records { $recorded_size } bytes with { $recorded_sha }
verify-input-unreadable = is listed as an input but cannot be read: { $error }
verify-inputs-digest = inputs_sha256 is { $recorded }, but its inputs give { $actual }
verify-input-unlisted = is not listed among the inputs in { $file }
verify-number-missing = { $series } { $year }年: 期号 { $number } is missing (the numbers run to { $max }): a package was removed
verify-number-periods = { $series } { $year }年: 期号 { $number } is used for more than one period: { $periods }
verify-number-twice = { $series } { $year }年: 期号 { $number }{ $which } is filed { $count } times under one region code, in the region folders of more than one name: { $folders }
verify-number-twice-hint = the region was renamed in the metrics and an older sw-briefing filed the period again under the new name; the package filed first is the one issued: tell the archivist, who decides how to register the duplicate; do not edit or remove sealed packages by hand
verify-first-issue-missing = { $series } { $year }年: the first issue of 期号 { $number } is missing (r{ $last } exists): a package was removed
verify-revision-missing = { $series } { $year }年: revision r{ $revision } of 期号 { $number } is missing (r{ $last } exists): a package was removed
verify-period-twice = { $series }: period { $period } was issued more than once: { $issues }
verify-period-twice-hint = a period is issued once; corrections are revisions of the same 期号

## A BagIt package's checks

bagit-reseal-hint = the package no longer is as it was sealed: restore it from a backup copy; do not edit sealed packages
bagit-manifest-line = expected `<sha256> <path>`
bagit-manifest-digest = expected a 64-digit SHA-256 and a path
bagit-manifest-twice = { $path } is listed twice
bagit-txt-wrong = expected exactly { $expected }
bagit-unreadable = cannot be read: { $error }
bagit-payload-unreadable = the payload folder cannot be read: { $error }
bagit-outside-data = lists `{ $path }`, which is not a path inside data/
bagit-file-altered = SHA-256 is { $actual }, but { $manifest } says { $expected }: the file was altered after it was sealed
bagit-listed-unreadable = listed in { $manifest } but cannot be read: { $error }
bagit-unlisted = is in the payload but not listed in { $manifest }: it was added after sealing
bagit-oxum-wrong = Payload-Oxum is { $value }, but the payload holds { $actual } (bytes.files)
bagit-oxum-missing = has no Payload-Oxum
bagit-tag-unlisted = does not list { $name }
bagit-tag-altered = SHA-256 is { $actual }, but { $manifest } says { $expected }: the tag file was altered after sealing

## The ledger

ledger-unreadable = cannot be read: { $error }
ledger-not-an-event = is not a ledger event ({ $error }): the line was changed or damaged
ledger-first-prev = carries prev { $prev }, but the first line must carry the genesis value { $genesis }: this line was changed, or lines were removed before it
ledger-prev = carries prev { $prev }, but the SHA-256 of line { $before } is { $digest }: line { $before } was changed, or lines were removed or inserted before this one
ledger-seq = is numbered { $seq } (seq), expected { $expected }: lines were removed or inserted
ledger-cut-short = is cut short (no line end after { $bytes } bytes): a write was interrupted or the file was edited
ledger-not-utf8 = is not UTF-8 text (byte { $byte })
ledger-damaged-hint = the ledger was damaged: run `sw-briefing verify` and restore it from a backup copy

## Filing and recording

seal-input-changed = changed while the briefing was being made; the package would not hold the data the briefing was made from
seal-input-changed-hint = run again once nobody is editing the metrics; nothing was filed for this region
seal-not-a-record = is not a package record: { $error }
seal-not-a-record-hint = the package was altered after it was sealed: run `sw-briefing verify` and restore it from a backup copy
seal-in-the-way = is in the way: a package of this name exists but was not recognised as filed
seal-in-the-way-hint = run `sw-briefing verify` to see what is wrong with it; never remove a package by hand
seal-check-failed = the package failed its check before filing: { $problems }
seal-check-failed-hint = this is a bug or a failing disk; nothing was filed
seal-head-lost = { $head_file } names the ledger head sha256:{ $head }, which no line of { $ledger } has: ledger lines were removed
seal-head-bad = { $head_file } does not hold a ledger head ({ $text })
seal-record-refused-all = { $count } package(s) have no ledger line, and none was recorded: { $reason }
seal-record-refused-all-hint = restore the ledger from a backup copy (run `sw-briefing verify` to see what is missing); recording now would hide the lost lines
seal-package-fails-check = the package does not check out ({ $first })
seal-filed-after-lost-head = it was filed after the ledger head sha256:{ $head }, which no ledger line has: ledger lines were removed
archive-input-added = { $source } added
archive-input-changed = { $source } changed
archive-input-removed = { $source } removed
