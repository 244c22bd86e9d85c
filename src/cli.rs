//! Command-line definitions and the exit codes they map to.

use clap::{Parser, Subcommand};
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
