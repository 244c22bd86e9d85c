//! The metrics a clerk files for one region and one period: schema, checks, store.
//!
//! One YAML file per region and period, named after the period (`2023.yaml`,
//! `2023-Q4.yaml`, `2023-11.yaml`) inside a folder per region. Every field is
//! documented with its unit in `docs/metrics-format.md`. Checking reports every
//! problem of a file, each with line and column; reading the files is the
//! application layer's (`app::load`).

pub mod assemble;
pub mod check;
pub mod figure;
pub mod repeats;
pub mod schema;
pub mod store;

pub use check::parse_str;
pub use figure::{diagnose_number_text, Figure, Qualifier};
pub use schema::*;
pub use store::{is_ancestor_code, MetricsStore};
