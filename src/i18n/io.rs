//! System errors in the words of the current language.

use super::{lang, show, Lang};

/// An I/O error in the words of the current language: Chinese names the usual kinds
/// (the system's own text is English); English keeps the system's text.
pub fn io_words(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    if lang() == Lang::En {
        return error.to_string();
    }
    match error.kind() {
        ErrorKind::NotFound => crate::tr!("io-not-found"),
        ErrorKind::PermissionDenied => crate::tr!("io-permission-denied"),
        ErrorKind::IsADirectory => crate::tr!("io-is-a-folder"),
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => crate::tr!("io-disk-full"),
        _ => crate::tr!("io-other", detail = show(error)),
    }
}
