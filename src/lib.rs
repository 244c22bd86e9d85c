//! sw-briefing: periodic social-work briefings (社会工作简报) for civil affairs bureaus.
//!
//! The stages, in the only order in which they may use each other (tests/architecture.rs
//! checks it): [`model`] is the shared vocabulary; [`config`] and [`metrics`] read and
//! check the inputs; [`indicators`] derives the numbers; [`document`] words them (every
//! Chinese word lives there); [`layout`] sets the pages; [`pdf`] writes the bytes;
//! [`archive`] decides and files; [`delivery`] sends what was filed to its channels
//! (folder, mail, program), once each, by the ledger. [`app`] is the one layer that combines them with I/O
//! (engine, loading, batches, clock, logging); [`service`] runs it on schedules.

#[cfg(not(unix))]
compile_error!("sw-briefing runs on Unix-like systems: the archive relies on POSIX permissions, fsync of folders and rename");

pub mod app;
pub mod archive;
pub mod cli;
pub mod config;
pub mod delivery;
pub mod document;
pub mod faults;
pub mod fonts;
pub mod form;
pub mod i18n;
pub mod indicators;
pub mod layout;
pub mod metrics;
pub mod model;
pub mod pdf;
pub mod service;
pub mod yaml;
