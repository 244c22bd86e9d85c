# Sign-off (签发): drafts for approval (`approval: required`), `approve`, `reject`,
# `drafts`, and the drafts section of `status`.

## Command line

cli-drafts-about = List the drafts (送审稿) waiting for approval, with their state and the reason of a rejection
cli-drafts-usage = sw-briefing [--config FILE] drafts
cli-approve-about = Approve a draft: it is issued with the next 期号, dated the approval date, and the record and the ledger name who approved it
cli-approve-usage = sw-briefing [--config FILE] approve CODE PERIOD --by NAME [--date YYYY-MM-DD]
cli-approve-code = The region (administrative code, e.g. 430300)
cli-approve-period = The period of the draft (2023, 2023-Q4, 2023-11)
cli-approve-by = Who approves it (签发人), as recorded in the package and the ledger
cli-approve-date = The date of approval, printed in the masthead (YYYY-MM-DD); default: today
cli-reject-about = Reject a draft: it is kept, marked rejected with the reason, until its data change
cli-reject-usage = sw-briefing [--config FILE] reject CODE PERIOD --reason TEXT [--by NAME]
cli-reject-code = The region (administrative code, e.g. 430300)
cli-reject-period = The period of the draft (2023, 2023-Q4, 2023-11)
cli-reject-reason = Why it is sent back; shown by `status` and `drafts`
cli-reject-by = Who rejects it

## Errors

signoff-error-blank = { $option } is empty
    {"  "}help: write the name or the reason after { $option }, in quotes if it has spaces
signoff-error-date = `{ $given }` is not a date
    {"  "}help: write the date of approval as YYYY-MM-DD, e.g. --date 2024-01-05, or leave --date out for today
signoff-error-region = region { $code } is not in { $config }
    {"  "}help: name a region listed under `regions` in the config (its administrative code)
signoff-error-no-draft = region { $code }: there is no draft of { $period } to approve or reject
    {"  "}help: with `approval: required`, `sw-briefing --now --region { $code } --period { $period }` makes the draft; `sw-briefing drafts` lists those waiting
signoff-error-issued = region { $code }: { $period } is issued already, as 期号 { $issue } ({ $package }); nothing was done
    {"  "}help: a period is issued once; to issue a revision after its data changed, run `sw-briefing --now --revise --region { $code } --period { $period }` and approve the new draft
signoff-error-data-changed = region { $code }: the data changed after the draft of { $period } was made on { $made_at }; it is not approved and nothing was filed
    {"  "}help: run `sw-briefing --now --region { $code } --period { $period }` to remake the draft, have the new draft read, then approve it

## What was done

signoff-note-drafted = note: region { $code }: draft (送审稿) of { $period } made; it is issued when approved: sw-briefing approve { $code } { $period } --by NAME
signoff-note-draft-current = note: region { $code }: the draft of { $period } is current (same data); it waits for approval: sw-briefing approve { $code } { $period } --by NAME
signoff-approved = note: region { $code }: { $period } approved by { $by } and issued
signoff-rejected = region { $code }: the draft of { $period } is marked rejected ({ $draft }); it stays until its data change, and `status` shows the reason

## The drafts table (drafts, status)

signoff-drafts-none = no drafts waiting for approval
signoff-status-heading = drafts waiting for approval:
signoff-status-none = drafts waiting for approval: none
signoff-status-unreadable = drafts waiting for approval: cannot be read ({ $error })
signoff-column-region = region
signoff-column-period = period
signoff-column-state = state
signoff-column-made = made at
signoff-column-reason = reason
signoff-state-pending = waiting for approval
signoff-state-rejected = rejected
signoff-reason = { $reason } (by { $by }, { $at })
signoff-reason-unnamed = { $reason } ({ $at })
