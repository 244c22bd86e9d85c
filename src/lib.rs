//! sw-briefing: periodic social-work briefings (社会工作简报) for civil affairs bureaus.
//!
//! The pipeline, top to bottom: [`config`] and [`metrics`] are read and checked,
//! [`indicators`] derives the numbers, [`document`] words them, [`layout`] sets the
//! pages, [`pdf`] writes the bytes and [`archive`] files them. [`pipeline`] chains the
//! stages; only the edges touch the disk.

pub mod archive;
pub mod assemble;
pub mod batch;
pub mod cli;
pub mod clock;
pub mod config;
pub mod document;
pub mod fonts;
pub mod form;
pub mod indicators;
pub mod layout;
pub mod logging;
pub mod metrics;
pub mod parallel;
pub mod pdf;
pub mod period;
pub mod pipeline;
pub mod problem;
pub mod schedule;
pub mod service;
pub mod synthetic;
pub mod yaml;
