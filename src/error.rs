//! The library's one error type. The CLI and the GUI turn these into sentences a user
//! understands; nothing in the library panics on bad input.

use std::path::PathBuf;

/// Everything that can go wrong while reading, indexing or exporting plans.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file is empty.
    #[error("{0}: the file is empty")]
    Empty(PathBuf),
    /// The file is not text, a .docx or a .pdf that PlanScope can read.
    #[error("{path}: {reason}")]
    Unreadable { path: PathBuf, reason: String },
    /// The format is known but not supported (.doc, .wps, .ofd, a scanned PDF …).
    #[error("{path}: {reason}")]
    Unsupported { path: PathBuf, reason: String },
    /// The file is larger than PlanScope reads.
    #[error(
        "{path}: the file is {size} bytes, more than the {limit} bytes PlanScope reads; save the \
         plan on its own (its text, or the sheet of its task table, without pictures) and \
         import that"
    )]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    /// manifest.json or another JSON file is malformed.
    #[error("{path}: {message}")]
    Json { path: PathBuf, message: String },
    /// The search index could not be built, opened or queried.
    #[error("search index: {0}")]
    Index(String),
    /// Writing an export failed.
    #[error("export: {0}")]
    Export(String),
    /// A plan's file no longer holds the text the library was read from.
    #[error(
        "{0}: the file has changed since PlanScope read the library; open PlanScope again to read it anew"
    )]
    Changed(PathBuf),
    /// Something the user asked for does not exist (a plan id, a unit).
    #[error("{0}")]
    NotFound(String),
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
