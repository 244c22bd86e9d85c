//! Command-line definitions, the exit codes they map to, and the help and usage errors
//! in the operator's language.
//!
//! The doc comments below are the developers' description; what `--help` prints comes
//! from the message catalogue (`cli-…` ids in src/i18n), looked up by command and
//! argument name when the command line is parsed, so that help is Chinese by default.

use crate::i18n::{self, tr, Lang};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};
use std::ffi::OsString;
use std::path::PathBuf;

/// Exit codes, documented in README.md.
pub mod exit {
    pub const OK: i32 = 0;
    /// A briefing could not be made (others may have been).
    pub const FAILED: i32 = 1;
    /// The command line is wrong (clap's own code).
    pub const USAGE: i32 = 2;
    /// The config, wording or fonts are invalid: nothing was made.
    pub const CONFIG: i32 = 3;
    /// A metrics file is invalid: nothing was made.
    pub const METRICS: i32 = 4;
    /// `verify` found problems in the archive.
    pub const VERIFY: i32 = 5;
    /// Another service already runs on this archive.
    pub const BUSY: i32 = 6;
}

#[derive(Debug, Parser)]
#[command(
    name = "sw-briefing",
    version,
    about = "社会工作简报: periodic social-work briefings as archived Chinese PDFs"
)]
pub struct Cli {
    /// The job config.
    #[arg(
        long,
        global = true,
        env = "SW_BRIEFING_CONFIG",
        default_value = "config/briefing.yaml"
    )]
    pub config: PathBuf,

    /// Make the briefings now instead of running as a service.
    #[arg(long)]
    pub now: bool,

    /// Only this region (administrative code); may be repeated.
    #[arg(long = "region", requires = "now")]
    pub regions: Vec<String>,

    /// The period to report on (2023, 2023-Q4, 2023-11); default: the latest on file.
    #[arg(long, requires = "now")]
    pub period: Option<String>,

    /// Write a preview to this file instead of filing it in the archive (one region).
    #[arg(long, requires = "now")]
    pub output: Option<PathBuf>,

    /// When a period's metrics changed since it was issued, file a revision (same 期号,
    /// next revision number); without it such a period is only reported.
    #[arg(long, requires = "now")]
    pub revise: bool,

    /// Log as JSON lines (also SW_BRIEFING_LOG_FORMAT=json).
    #[arg(long, global = true)]
    pub json_logs: bool,

    /// The language of messages and help: zh (default) or en (also SW_BRIEFING_LANG).
    #[arg(long, global = true, value_name = "LANG", value_parser = ["zh", "en"])]
    pub lang: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the config, wording and every metrics file without making anything.
    Check,
    /// Show schedules with their next fire times, the last run, and what is archived, due, pending and missing.
    Status,
    /// Check every archived package, the 期号 sequence and the ledger; exit 5 on any problem.
    Verify {
        /// A ledger head written down earlier (`sha256:…`, as verify prints it): the
        /// ledger must still contain it, or lines were removed.
        #[arg(long, value_name = "SHA256")]
        head: Option<String>,
    },
    /// Deliver the filed briefings that are due to the configured channels (folder, mail,
    /// program); each delivery is recorded in the ledger and never repeated.
    Deliver {
        /// Also try now the deliveries that failed and wait for their next attempt, and
        /// those given up after `max_attempts`.
        #[arg(long)]
        retry: bool,
    },
    /// List the drafts (送审稿) waiting for approval, with their state and the reason of
    /// a rejection (`approval: required`).
    Drafts,
    /// Approve a draft: it is issued with the next 期号, dated the approval date, and the
    /// record and the ledger name who approved it.
    Approve {
        /// The region (administrative code, e.g. 430300).
        code: String,
        /// The period of the draft (2023, 2023-Q4, 2023-11).
        period: String,
        /// Who approves it (签发人), as recorded.
        #[arg(long, value_parser = clap::builder::NonEmptyStringValueParser::new())]
        by: String,
        /// The date of approval, printed in the masthead (YYYY-MM-DD); default: today.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// Reject a draft: it is kept, marked rejected with the reason, until its data change.
    Reject {
        /// The region (administrative code, e.g. 430300).
        code: String,
        /// The period of the draft (2023, 2023-Q4, 2023-11).
        period: String,
        /// Why it is sent back, shown by `status` and `drafts`.
        #[arg(long, value_parser = clap::builder::NonEmptyStringValueParser::new())]
        reason: String,
        /// Who rejects it.
        #[arg(long, value_parser = clap::builder::NonEmptyStringValueParser::new())]
        by: Option<String>,
    },
    /// Record in the ledger the packages that are sealed and in place but have no ledger
    /// line (a run whose ledger could not be appended to), once the cause is fixed.
    Record,
    /// Write a fill-in workbook (填报表, .xlsx) for one region and period.
    Form {
        /// The region (administrative code, e.g. 430300).
        #[arg(long)]
        region: String,
        /// The period (2023, 2023-Q4, 2023-11).
        #[arg(long)]
        period: String,
        /// Where to write it; default `<code>-<name>-<period>-填报表.xlsx` here.
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Read filled forms (.xlsx, .xls, .ods), check them and file them as metrics YAML;
    /// nothing is written when any form has a problem (exit 4).
    Import {
        /// The filled forms.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Check only; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Replace a different metrics file already on file (its SHA-256 is logged).
        #[arg(long)]
        replace: bool,
    },
}

/// Reads the command line: chooses the language first (from `--lang` or
/// `SW_BRIEFING_LANG`), then parses with help texts from the catalogue. Prints help,
/// the version or a usage error itself and exits, as clap does.
pub fn parse() -> Cli {
    let args: Vec<OsString> = std::env::args_os().collect();
    let env = std::env::var(i18n::LANG_ENV).ok();
    i18n::set_lang(i18n::lang_from(&args, env.as_deref()));
    match parse_from(args) {
        Ok(cli) => cli,
        Err(error) => exit_with(error),
    }
}

/// Parses `args` with the help of the current language.
pub fn parse_from(args: Vec<OsString>) -> Result<Cli, clap::Error> {
    let mut command = localized_command();
    let matches = command.try_get_matches_from_mut(args)?;
    Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut command))
}

/// The command tree with its texts from the catalogue: `cli-about`, `cli-usage`, and
/// per argument `cli-<arg>` (subcommands: `cli-<command>-about`, `cli-<command>-<arg>`).
pub fn localized_command() -> clap::Command {
    localize(Cli::command(), "cli")
}

fn localize(command: clap::Command, prefix: &str) -> clap::Command {
    let text = |suffix: &str| i18n::message(&format!("{prefix}-{suffix}"), None);
    let options = tr!("cli-heading-options");
    let arguments = tr!("cli-heading-arguments");
    let mut command = command
        .about(text("about"))
        .long_about(None)
        .override_usage(text("usage"))
        .help_template(tr!("cli-help-template"))
        .subcommand_help_heading(tr!("cli-heading-commands"))
        .subcommand_value_name(tr!("cli-value-command"))
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .mut_args(|arg| {
            let id = arg.get_id().as_str().replace('_', "-");
            let heading = if arg.is_positional() {
                arguments.clone()
            } else {
                options.clone()
            };
            // clap's `[env: …]`, `[default: …]` and `[possible values: …]` are English;
            // the catalogue's help texts say the same in the reader's language.
            arg.help(i18n::message(&format!("{prefix}-{id}"), None))
                .long_help(None)
                .help_heading(heading)
                .hide_env(true)
                .hide_default_value(true)
                .hide_possible_values(true)
        })
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(tr!("cli-help"))
                .help_heading(options.clone()),
        );
    if prefix == "cli" {
        command = command.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(tr!("cli-version"))
                .help_heading(options),
        );
    }
    command.mut_subcommands(|sub| {
        let name = sub.get_name().to_string();
        localize(sub, &format!("{prefix}-{name}"))
    })
}

/// Prints help, the version, or a usage error in the current language, and exits
/// (0 for help and version, [`exit::USAGE`] for an error).
pub fn exit_with(error: clap::Error) -> ! {
    if i18n::lang() == Lang::En
        || matches!(
            error.kind(),
            ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        )
    {
        error.exit();
    }
    eprintln!("{}", usage_error(&error));
    std::process::exit(exit::USAGE);
}

/// A clap usage error said in the catalogue's words, with the usage and a pointer to
/// `--help`. Kinds without their own message keep clap's text after a Chinese lead.
pub fn usage_error(error: &clap::Error) -> String {
    let context = |kind: ContextKind| -> String {
        match error.get(kind) {
            Some(ContextValue::String(s)) => s.clone(),
            Some(ContextValue::Strings(list)) => list.join("、"),
            Some(ContextValue::StyledStr(s)) => s.to_string(),
            Some(ContextValue::StyledStrs(list)) => list
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join("、"),
            Some(ContextValue::Number(n)) => n.to_string(),
            _ => String::new(),
        }
    };
    let arg = context(ContextKind::InvalidArg);
    let mut text = match error.kind() {
        ErrorKind::UnknownArgument => tr!("cli-error-unknown-argument", arg = arg),
        ErrorKind::InvalidSubcommand => {
            tr!(
                "cli-error-unknown-command",
                command = context(ContextKind::InvalidSubcommand)
            )
        }
        ErrorKind::MissingRequiredArgument => tr!("cli-error-missing-argument", arg = arg),
        ErrorKind::InvalidValue => tr!(
            "cli-error-invalid-value",
            arg = arg,
            value = context(ContextKind::InvalidValue),
            valid = context(ContextKind::ValidValue)
        ),
        ErrorKind::ArgumentConflict => tr!(
            "cli-error-conflict",
            arg = arg,
            other = context(ContextKind::PriorArg)
        ),
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::WrongNumberOfValues
        | ErrorKind::TooFewValues
        | ErrorKind::ValueValidation => {
            tr!(
                "cli-error-value",
                arg = arg,
                value = context(ContextKind::InvalidValue)
            )
        }
        ErrorKind::MissingSubcommand => tr!("cli-error-missing-command"),
        _ => {
            let original = error.render().to_string();
            let first = original
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("error: ");
            tr!("cli-error-other", detail = first.to_string())
        }
    };
    for kind in [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
        ContextKind::Suggested,
    ] {
        let suggested = context(kind);
        if !suggested.is_empty() {
            text.push('\n');
            text.push_str(&tr!("cli-error-suggestion", suggested = suggested));
        }
    }
    let usage = context(ContextKind::Usage);
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    if !usage.is_empty() {
        text.push('\n');
        text.push_str(&tr!("cli-error-usage", usage = usage.to_string()));
    }
    text.push('\n');
    text.push_str(&tr!("cli-error-help"));
    text
}
