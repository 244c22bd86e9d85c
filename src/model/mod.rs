//! The vocabulary every stage shares: report periods, problems tied to a file and a
//! place, digests, XML escaping. No I/O and no Chinese words live here (the wording
//! stage owns those), so any stage may use it without pulling in another stage.

pub mod digest;
pub mod period;
pub mod problem;
pub mod xml;
