//! SHA-256 digests as the archive records them: lowercase hex, with the size of what
//! was digested when it describes a file.

use sha2::{Digest, Sha256};

/// The SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The digest of a file's bytes as they were read: the archive records what a
/// briefing was made from, not what the file holds by the time it is filed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceDigest {
    pub sha256: String,
    pub size: u64,
}

impl SourceDigest {
    pub fn of(bytes: &[u8]) -> SourceDigest {
        SourceDigest {
            sha256: sha256_hex(bytes),
            size: bytes.len() as u64,
        }
    }
}
