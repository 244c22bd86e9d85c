# The form (form) and its import (import): what the clerk reads on the terminal.


## What the clerk reads on the terminal (the workbook's own words stay Chinese: src/form/messages.rs)

form-place-sheet =  sheet “{ $sheet }”
form-place-sheet-field =  sheet “{ $sheet }” ({ $field })
form-place-cell =  sheet “{ $sheet }”!{ $cell }
form-place-cell-field =  sheet “{ $sheet }”!{ $cell } ({ $field })
form-hint-line = {"  "}help: { $hint }
form-error-option = error: { $option }: { $message }
form-written = form written: { $path }
form-imported = imported: { $path }
form-unchanged = the same content, left unchanged: { $path }
form-replaced = replaced: { $path } (the old file's SHA-256: { $sha256 })
form-dry-run-ok = checked (--dry-run, nothing written): { $path }
form-summary = { $problems } problem(s) found in { $files } file(s); no file was written

## Making the form (form)

form-bad-period-argument = “{ $text }” is not a period: write a year (2023), a quarter (2023-Q4) or a month (2023-11)
form-cannot-make = the form cannot be made: { $error }
form-exists = { $path } exists already, perhaps a form filled in; it is not overwritten
form-exists-hint = name another file with --output, or move the existing one away first
form-cannot-write = { $path } cannot be written: { $error }
form-cannot-write-hint = check that the folder exists and that you may write in it

## Problems found by import

form-fix-regenerate = do not add or delete rows, change grey cells or rename sheets; make the form again with sw-briefing form and fill the figures in
form-empty-file = the file is empty (0 bytes)
form-empty-file-hint = choose the form that was filled in and saved
form-not-a-workbook = not an Excel, WPS or LibreOffice workbook; it cannot be read ({ $detail })
form-not-a-workbook-hint = import a form made by sw-briefing form, filled in and saved as .xlsx, .xls or .ods
form-password = the file is protected by a password to open it; it cannot be read
form-password-hint = open it in Excel/WPS, remove "Encrypt with password", save it and import it again
form-too-large = the file has { $size } bytes, more than the { $max } allowed; it does not look like a form
form-too-large-hint = check that this is the right file
form-cannot-read = the file cannot be read: { $error }
form-cannot-read-hint = check the path and that you may read the file
form-missing-sheet = there is no sheet “{ $name }” (the sheets are: { $present })
form-missing-sheet-hint = the sheet may have been renamed or deleted: give it its name back, or make the form again
form-unreadable-sheet = sheet “{ $name }” cannot be read: { $error }
form-moved = this should be “{ $expected }”, it is “{ $found }”: rows or columns were deleted, inserted or moved, so it is unclear which figure belongs to which item
form-moved-blank = this should be “{ $expected }”, it is blank: rows or columns were deleted, inserted or moved, so it is unclear which figure belongs to which item
form-merged = these cells are merged: only the top left value is kept, the others are lost
form-merged-hint = unmerge them (Home → Merge & Center → Unmerge Cells) and fill one value in each cell
form-formula-without-value = the cell holds the formula “={ $formula }”, but the file holds no computed value
form-formula-without-value-hint = open and save it once in Excel/WPS (which saves the computed value), or write the number itself
form-formula-error = the cell's formula fails ({ $error })
form-formula-error-hint = correct the formula, or write the number itself
form-full-width = “{ $text }” has full-width digits; it is not a number
form-full-width-hint = write it with ordinary digits: { $half }
form-not-a-number = “{ $text }” is text, not a number
form-not-a-number-hint = write digits only, e.g. 1705; for “1150余万元” write 11500000 and choose the qualifier “余”
form-separators = “{ $text }” has thousands separators or a unit; it is not a number
form-separators-hint = write the number only: { $plain }
form-negative = it says { $value }; counts and amounts cannot be negative
form-negative-hint = write 0 for none, and leave it blank when unknown
form-not-whole = it says { $value }; a whole number is expected
form-not-whole-hint = people, counts and amounts in yuan are whole numbers; convert amounts to yuan
form-percent-range = it says { $value }; a share lies between 0 and 100
form-percent-range-hint = write no % sign: 50 for 50%
form-kind-date = a date
form-kind-logical = a true/false value
form-kind-number = a number
form-separators-over = { $value }, with the qualifier “余”
form-wrong-kind = it holds { $found }; { $expected } is expected here
form-wrong-kind-hint = write { $expected }
form-bad-qualifier = the qualifier “{ $text }” is not known
form-bad-qualifier-hint = “余” means more than (1150余万元), “约” means about; leave it blank when the number is exact
form-qualifier-without-value = a qualifier is given but no number
form-qualifier-without-value-hint = write the number in the cell to the left, or delete the qualifier
form-bad-choice = “{ $text }” is not one of the choices
form-bad-choice-hint = choose from the drop-down list: { $choices }
form-bad-date = “{ $text }” is not a date
form-bad-date-hint = write the date as 2023-12-31
form-bad-code = “{ $text }” is not a six-digit region code
form-bad-code-hint = write six digits, e.g. 430000
form-bad-period = the period “{ $text }” is not understood
form-required-missing = a required cell is empty
form-required-missing-hint = fill this cell in
form-row-required-missing = this row is filled in, but “{ $column }” is empty
form-row-required-missing-hint = fill in “{ $column }”, or clear the whole row
form-rank-incomplete = a rank needs its place, its basis and its scope together
form-rank-incomplete-hint = fill in all three, or leave all three blank
form-region-renamed = region { $code } is called “{ $here }” here and “{ $on_file }” in { $file } on file
form-region-renamed-hint = one code names one region: correct the region's name
form-exists-different = { $path } exists already, with content different from this form
form-exists-different-hint = to replace it with this form, import again with --replace (the old file's SHA-256 is logged)
form-same-target = the same region and period as { $other }: both would be written to { $path }
form-same-target-hint = import one form per region and period

## The metrics loader's rules, as the clerk reads them

form-rule-passes = more passed than registered
form-rule-channels = the channels do not add up to the total funding
form-rule-built = more built than the total
form-rule-stations-built = more stations built than the total
form-rule-level = the target's level is not listed in the station levels; the names must match exactly
form-rule-deadline = the date set is after the deadline
form-rule-parent = the parent region code does not contain this region's code (the parent's code is this code with its last two or four digits set to 0)
form-rule-code = a region code is six digits
form-rule-place = the region's name is not a place name (it cannot be empty or hold a slash)
form-rule-rank = a rank is 1 or more
form-rule-share = a share lies between 0 and 100
form-rule-negative = counts and amounts cannot be negative
form-rule-whole = a whole number is expected
form-rule-other = the data check failed: { $message }
form-rule-hint = check this cell and the figures it goes with (passed and registered, built and total, channels and total funding)
