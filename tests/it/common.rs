//! Shared helpers for the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The bundled corpus folder of the repository.
pub fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus")
}
