# Messages about the input files: the config, the metrics and wording YAML, fonts, and
# the errors of making a briefing from them (--now, check).
# Every id here must also be in zh-CN/input.ftl with the same variables (tests/i18n.rs).

## Reading YAML files

yaml-too-large = the file is more than { $bytes } bytes; at most { $bytes } bytes are accepted
yaml-too-large-help = a metrics or config file is a few kilobytes; check that this is the right file
yaml-not-regular = this is { $kind }, not a regular file
yaml-not-regular-help = point the path (or the link) at an ordinary file; nothing is read from pipes, devices or sockets
yaml-unreadable = cannot read the file: { $error }
yaml-unreadable-help = check that the path exists and that this user may read it
yaml-larger-than-expected = the file is larger than expected
file-kind-folder = a folder
file-kind-fifo = a FIFO (named pipe)
file-kind-device = a device
file-kind-socket = a socket
file-kind-link = a link
file-kind-regular = a regular file
file-kind-other = not a regular file
yaml-not-utf8 = the file is not UTF-8 text
yaml-not-utf8-gbk-help = it looks like GBK/GB 2312 (the Windows Chinese default); re-save it as UTF-8, e.g. in Notepad choose 另存为 → 编码 UTF-8, or run `iconv -f GBK -t UTF-8 old.yaml > new.yaml`
yaml-not-utf8-help = re-save the file with UTF-8 encoding
yaml-empty = the file is empty
yaml-empty-help = fill it in from the example in README.md
yaml-tab = a tab indents this line; YAML allows only spaces
yaml-tab-help = replace the tab with spaces (two per level)

## The parser's errors (English keeps the parser's own text; these copy its shapes)

yaml-unknown-field = unknown field `{ $field }`, expected one of { $expected }
yaml-missing-field = missing field `{ $field }`
yaml-invalid-type = invalid type: { $found }, expected { $expected }
yaml-invalid-value = invalid value: { $found }, expected { $expected }
yaml-invalid-length = invalid length { $len }, expected { $expected }
yaml-unknown-variant = unknown variant `{ $variant }`, expected one of { $expected }
yaml-duplicate-key = duplicate mapping key: { $key }
yaml-duplicate-key-unnamed = duplicate mapping key
yaml-eof = unexpected end of input
yaml-expected-here = expected { $what }
yaml-word-scalar = a scalar
yaml-other = { $detail }
yaml-found-boolean = boolean { $value }
yaml-found-integer = integer { $value }
yaml-found-float = floating point { $value }
yaml-found-character = character { $value }
yaml-found-string = string { $value }
yaml-word-string = a string
yaml-word-boolean = a boolean
yaml-word-sequence = a sequence
yaml-word-map = a map
yaml-word-null = unit value
yaml-word-unsigned = a whole number that is not negative
yaml-word-integer = a whole number
yaml-word-number = a number
yaml-hint-did-you-mean = did you mean `{ $field }`? The fields are listed in docs/metrics-format.md (README.md for the config)
yaml-hint-unknown-field = check the spelling against the field list in docs/metrics-format.md (or README.md for the config)
yaml-hint-unknown-variant = use one of the values listed in the message
yaml-hint-duplicate = each key may appear once in a mapping; delete or merge the repeated one
yaml-hint-period = write the period in quotes as "2023", "2023-Q4" or "2023-11"
yaml-hint-number = write plain digits, e.g. 1705; amounts are in yuan
yaml-hint-whole-number = write the number in digits only, without 0x, 0o, 0b, _ or an exponent
yaml-hint-figure = write the figure as digits only, e.g. {"{"}value: 1705, qualifier: over{"}"}
yaml-hint-non-finite = write the figure as digits only, e.g. 1705; .inf and .nan are not figures
yaml-hint-date-exists = correct the day or the month; write dates as YYYY-MM-DD
yaml-hint-date = write the date as YYYY-MM-DD, e.g. 2023-12-31
yaml-hint-missing-field = add the field; docs/metrics-format.md lists which fields are required
yaml-hint-other = compare this place with the example in docs/metrics-format.md; quote text that contains : # [ ] {"{"} {"}"} and close every bracket and quote

## The config file

config-not-decimal = `{ $text }` is not a whole number in plain decimal digits; write e.g. 60
config-too-large = `{ $text }` is too large; see README.md for the allowed range
config-timezone = `{ $name }` is not a time zone name
config-timezone-help = use an IANA name such as Asia/Shanghai (the default when the line is left out)
config-empty = `{ $key }` is empty
config-empty-help = write the name to print in the header
config-series-long = `series` is { $length } characters long; at most { $most } are accepted
config-series-long-help = write the briefing's name as printed in the masthead, e.g. 社会工作简报; it is part of every archived file name
config-retention = `retention` is `{ $value }`, not a 保管期限 of GB/T 18894
config-retention-help = write 永久, 定期30年 or 定期10年 (永久 when the line is left out)
config-fonts-none = fonts.{ $role } lists no font
config-fonts-none-help = name at least one font file for this role
config-font-path-help = write a path, optionally followed by #N to pick face N of a .ttc collection
config-font-index = `{ $written }`: the face index after # must be a whole number
config-font-path-empty = a font path is empty
config-region-code = `{ $code }` is not an administrative code
config-region-code-help = write the six-digit GB/T 2260 code in quotes, e.g. "430300"
config-region-twice = region { $code } is listed twice
config-region-twice-help = keep one entry per region
config-regions-none = `regions` lists no region
config-regions-none-help = add the administrative code of each region to report on
config-schedule-never = schedule `{ $schedule }`: cron expression `{ $cron }` { $reason }
config-schedule-never-help = check the day and month fields (a 31 February or a 30 February never comes; with both day and weekday set, both must match), e.g. "0 8 1 * *" for 08:00 on the 1st of each month
config-schedule-region = schedule `{ $schedule }` names region { $code }, which `regions` does not list
config-schedule-region-help = add the region to `regions` or remove it from the schedule
config-schedule-invalid = schedule `{ $schedule }`: cron expression `{ $cron }` is invalid: { $reason }
config-schedule-invalid-help = write 5 fields (minute hour day month weekday) or 6 with seconds first, in quotes, e.g. "0 8 1 * *"
config-cron-far = first fires on { $date }, more than { $years } years from now
config-cron-never = never fires: no date matches it
config-cron-fields = it has { $count } fields; expected 5, or 6 with seconds first
config-cron-library = { $detail }
config-range = `{ $key }` is { $value } { $unit }; it must be between { $least } and { $most }
config-range-help = write a number of { $unit } from { $least } to { $most }, or leave the line out for the default ({ $default })
unit-days = days
unit-minutes = minutes
unit-seconds = seconds
config-copies = `copies` is { $copies }; it must be between 1 and { $most }
config-copies-help = write the number of printed copies (份数), or leave the line out
config-dir-not-folder = `{ $key }` is { $dir }, which is { $kind }, not a folder
config-dir-not-folder-help = point `{ $key }` at a folder (it is made if it does not exist), or move the file away
config-dirs-same = `archive_dir` ({ $archive }) is the same folder as `metrics_dir` ({ $metrics }); the two folders must be apart
config-dirs-inside = `archive_dir` ({ $archive }) is inside `metrics_dir` ({ $metrics }); the two folders must be apart
config-dirs-holds = `archive_dir` ({ $archive }) holds `metrics_dir` ({ $metrics }); the two folders must be apart
config-dirs-help = the archive keeps copies of the metrics files, which the next run would read as duplicate metrics: put them side by side, e.g. `metrics_dir: ../metrics` and `archive_dir: ../reports`

## Fonts

font-unreadable = { $path }: cannot read the font file: { $error }
font-unreadable-help = check `fonts` in the config; bundled fonts live in fonts/ (scripts/make-fonts.sh rebuilds them)
font-unusable = { $path }: not a usable font (face { $index }): { $reason }
font-unusable-help = the file may be truncated or not a TrueType/OpenType font; restore it from the repository or rebuild it with scripts/make-fonts.sh
font-changed-while-read = the file changed while it was being read; try again once it is installed
font-parser-said = { $detail }
font-no-cmap = it has no character map
font-missing-glyph = { $origin }: the character `{ $char }` (U+{ $code }) is in no configured font for { $role } text
font-missing-glyph-help = replace it with a common character, or add a font that has it to `fonts.fallbacks` in the config
font-role-title = Title
font-role-body = Body
font-role-heading = Heading
font-role-kai = Kai

## System errors (English keeps the system's own text)

io-not-found = No such file or directory
io-permission-denied = Permission denied
io-is-a-folder = Is a directory
io-disk-full = No space left on device
io-other = { $detail }

## Making a briefing (--now)

run-internal = making the briefing failed unexpectedly: { $error }
run-internal-help = this is a bug in sw-briefing; nothing was filed for this region, the others were made; please report it with the log
run-no-data = no metrics on file for region { $code }
run-no-data-period = no metrics on file for region { $code } and period { $period }
run-no-data-help = add a metrics file for it under { $dir }
run-no-data-period-help = add { $period }.yaml to the region's folder under { $dir }, or choose another --period
run-period-future = period { $period } has not begun yet (today is { $today })
run-period-future-help = check the year and month of `period` and the file name
preview-inside-archive = the preview would be written inside the archive ({ $archive })
preview-inside-archive-help = write previews elsewhere, e.g. --output preview.pdf in the working folder; the archive holds only filed briefings
preview-not-a-folder = { $dir } is not a folder
preview-not-a-folder-help = name a file in an existing folder
preview-folder-unusable = the folder { $dir } cannot be used: { $error }
preview-folder-unusable-help = create the folder first, or name a file in an existing folder
preview-not-a-file = this is { $kind }; a preview replaces only a regular file
preview-not-a-file-help = name a PDF file, e.g. --output preview.pdf
preview-create-failed = creating a temporary file for the preview failed: { $error }
preview-write-failed = writing the preview failed: { $error }
preview-replace-failed = replacing the preview failed: { $error }
preview-help-permission = this user may not write in that folder: choose another --output
preview-help-disk-full = the disk is full: free some space or choose another --output
preview-help-name-too-long = the file name is too long: choose a shorter --output
preview-help-other = choose another --output in a folder this user may write; an earlier preview there is left as it was

## Loading the metrics files

load-metrics-dir = cannot read the metrics folder: { $error }
load-metrics-dir-help = check `metrics_dir` in the config and that the folder exists
load-wrong-folder = region.code is { $code }, but the file is in the folder of region { $folder }
load-wrong-folder-help = move the file to its region's folder or correct the code
load-name-differs = region { $code } is named { $name } here but { $first } in { $file }
load-name-differs-help = a code names one region: correct the name or the code; a region that was renamed takes its new name in every one of its files (its archive folder and 期号 carry on)
load-period-twice = region { $code } period { $period } is already filed in { $file }
load-period-twice-help = keep one file per region and period; delete or merge the other
batch-filing-stopped = filing stopped: a package could not be recorded in the ledger (see above); { $count } more briefing(s) of this run were not made
batch-filing-stopped-help = make the ledger appendable again, run `sw-briefing record` to record the package in place, then run again
batch-filing-stopped-group = filing stopped: a group of packages could not be synced to disk or moved into place (see above); { $count } more briefing(s) of this run were not made
batch-filing-stopped-group-help = fix the cause named above (the disk, the file system, permissions), then run again: what was not filed is made then
batch-panic-no-message = no message

## Checking a metrics file

metrics-rank = certification.rank.rank must be 1 or more
metrics-rank-help = 1 means first place
metrics-passes = certification.passes is { $passes }, more than the { $registrants } registrants
metrics-passes-help = passes cannot exceed registrants; check both figures
metrics-share = certification.certified_share_percent is { $value }; a share lies between 0 and 100
metrics-share-help = write the percentage as a number without %, e.g. 50 for 50%
metrics-funding-sum = funding.total_yuan is { $total }, but the channels add up to { $sum }
metrics-funding-sum-help = make the channel amounts add up to the total, or mark the total as approximate
metrics-level-built = stations.levels[{ $index }] ({ $level }): { $built } built, more than the total of { $total }
metrics-subregion-built = subregions[{ $index }] ({ $name }): { $built } stations built, more than the total of { $total }
metrics-built-help = built cannot exceed total; check both figures
metrics-target-level = stations.targets[{ $index }] counts level `{ $level }`, which stations.levels does not list
metrics-target-level-help = use the exact level name from stations.levels
metrics-target-set-on = stations.targets[{ $index }]: set_on { $set_on } is after the deadline { $deadline }
metrics-record-highs = certification.record_highs lists `{ $name }`
metrics-record-highs-help = list only registrants and/or passes
metrics-region-code = region.code `{ $code }` is not a six-digit GB/T 2260 code
metrics-region-code-help = write it in quotes, e.g. "430300"
metrics-parent-code = region.parent_code `{ $parent }` is not a region that contains { $code }
metrics-parent-code-help = a parent's GB/T 2260 code is the region's own with its last two or four digits zero, e.g. 430000 for 430300; quote it
metrics-name-invisible = region.name `{ $name }` holds the invisible character U+{ $code } ({ $kind })
metrics-name-invisible-help = retype the name by hand; such characters come with text pasted from web pages or chat and would print nothing or reverse the text
invisible-bidi = a bidirectional control
invisible-zero-width = a zero-width character
invisible-control = a control character
invisible-format = a format character
metrics-name-long = region.name is { $length } characters long; at most { $most } are accepted
metrics-name-long-help = write the region's name as printed, e.g. 湘潭市; the name is part of the archive's folder names
metrics-name-not-place = region.name `{ $name }` is not a place name
metrics-name-not-place-help = write the name as printed, e.g. 湘潭市, without slashes
metrics-file-name = the file says period { $period } but is named { $name }
metrics-file-name-help = name the file { $period }.yaml, or correct the period
metrics-figure-spelling = { $label }: { $reason }
metrics-figure-spelling-help = write the figure as digits only, e.g. 1705; for an approximate figure write {"{"}value: 1705, qualifier: about{"}"}
metrics-too-large = { $label } is { $value }, more than the most this field can plausibly be ({ $most })
metrics-too-large-help = check the figure for extra digits or a wrong unit (figures are in persons, yuan, hours or days as named)
metrics-negative = { $label } is { $value }; a count or amount cannot be negative
metrics-negative-help = write 0 or leave the field out when there is nothing to report
metrics-name-empty = { $field } is empty
metrics-name-empty-help = write a name, or leave the item out
metrics-name-several = { $field } `{ $name }` holds several names
metrics-name-several-help = write each person as a list item of its own: names: [李某, 王某]
metrics-name-too-long = { $field } `{ $name }` is longer than 20 characters
metrics-name-too-long-help = write a person's name only
metrics-name-twice = { $field } `{ $name }` is named twice
metrics-name-twice-help = name each person once
metrics-name-in-title = { $field } `{ $title }` holds the name `{ $name }`
metrics-name-in-title-help = write the honour alone as the title; the briefing puts the names before it
metrics-names-exceed-count = { $field } is { $count }, but { $named } people are named
metrics-names-exceed-count-help = the count is all the people honoured, named or not; check both
metrics-not-whole = { $label } is { $value }; expected a whole number
metrics-not-whole-help = counts and yuan amounts are whole numbers

## Figures and dates as written

figure-expecting = a number such as 1705, or {"{"}value: 11500000, qualifier: over{"}"} for 1150余万
figure-not-finite = expected a finite number
figure-too-many-digits = `{ $text }` has more than { $most } significant digits and cannot be kept exactly; check the figure (no count or amount is that large or that precise)
figure-kind-hex = a hexadecimal number
figure-kind-octal = an octal number
figure-kind-binary = a binary number
figure-kind-separators = a number with `_` separators
figure-kind-exponent = a number with an exponent
figure-kind-not-finite = not a finite number
figure-kind-not-plain = not a plain number
figure-not-decimal = `{ $text }` is { $kind }; figures are written in plain decimal digits, e.g. 1705 or 12.5
figure-fix-full-width = it has full-width digits; write them half-width: { $fixed }
figure-fix-percent = write the percentage without the % sign: { $fixed }
figure-fix-separators = write the number without thousands separators: { $fixed }
figure-fix-units-over = write the figure without units, in yuan or persons: {"{"}value: { $value }, qualifier: over{"}"}
figure-fix-units = write the figure without units, in yuan or persons: { $value }
figure-fix-units-unread = write the figure as digits without units, in yuan or persons
figure-fix-other = write digits only, e.g. 1705; for 1150余万元 write {"{"}value: 11500000, qualifier: over{"}"}
figure-text-not-number = `{ $text }` is text, not a number: { $fix }
date-not-a-date = `{ $text }` is not a date; write it as YYYY-MM-DD, e.g. 2023-12-31
date-no-month = `{ $text }` is not a date that exists: there is no month { $month }
date-no-day = `{ $text }` is not a date that exists: month { $month } of { $year } has { $days } days

## The wording templates (config/wording.yaml)

wording-template-error = template { $name }: { $detail }
wording-render-error = { $file }: template { $name }: { $detail }
wording-syntax-help = fix the template syntax (minijinja / Jinja2)
wording-unknown-variable = template { $name }: unknown variable `{ $variable }`
wording-unknown-variable-help = use one of the variables listed in docs/wording.md
wording-filter-help = check filter names and arguments against docs/wording.md
wording-not-a-number = expected a number, found { $kind }

## Characters no font has, and the PDF

glyph-origin-title = wording: title
glyph-origin-heading = wording: section heading
glyph-origin-table = table { $caption }
glyph-origin-attachment-note = attachment note
glyph-origin-attachment = attachment
glyph-origin-chart = chart { $caption }
pdf-font = font { $name } could not be prepared for embedding
pdf-assembly = PDF assembly failed: { $detail }
pdf-font-kind = embedded as /{ $kind }, which PDF/A-1 does not allow; use a CID-keyed OpenType/CFF or a TrueType font
pdf-does-not-parse = it does not parse as PDF ({ $error })
pdf-no-pages = it has no pages
