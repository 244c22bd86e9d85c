//! The application layer: the one place that combines the pure stages with I/O. The
//! engine holds what is loaded once per process (config, fonts, wording); loading
//! reads the metrics; a batch decides, renders in parallel and files in order; the
//! clock and logging are set up here. The command line and the service call only this.

pub mod batch;
pub mod clock;
pub mod engine;
pub mod load;
pub mod logging;
pub mod parallel;
pub mod signals;
pub mod signoff;
