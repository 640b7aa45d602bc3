//! Files → decoded text. Reads .txt/.md in any Chinese encoding (UTF-8 with or
//! without BOM, GB18030/GBK, UTF-16 LE/BE, detected without asking), .docx (body,
//! tables, text boxes) and .pdf (text layer); reads a folder of plans with an optional
//! `manifest.json`; keeps the user library on disk. Nothing here parses structure:
//! that is `extract`'s job.

mod atomic;
mod bundled;
mod decode;
pub mod dirs;
mod docx;
mod folder;
mod library;
mod pdf;
mod read;

use serde::{Deserialize, Serialize};

pub use bundled::bundled;
pub use folder::{MANIFEST_FILE, PLAN_EXTENSIONS, load_dir};
pub use library::{ImportOutcome, LibraryEntry, UserLibrary};
pub use pdf::PDF_TIME_LIMIT;
pub use read::{MAX_FILE_BYTES, decode_bytes, read_file};

/// blake3 hex of a decoded text: the `hash` of a [`SourceDoc`], which keys the
/// persisted index and recognises the same plan imported twice.
pub fn text_hash(text: &str) -> String {
    blake3::hash(text.as_bytes()).to_hex().to_string()
}

/// Metadata a text may lack, from `manifest.json` (all optional).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct DocMeta {
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub doc_number: Option<String>,
    pub date: Option<String>,
    pub period: Option<String>,
}

/// One plan as read from disk: decoded text plus metadata. `extract` turns it into
/// the model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceDoc {
    /// The file stem, e.g. `000_8b95ee374a2f737e`.
    pub id: String,
    /// The path as shown to the user (relative to the corpus folder's parent when
    /// given as `--corpus corpus`, e.g. `corpus/000_….txt`).
    pub source: String,
    pub meta: DocMeta,
    /// The decoded original text (no normalisation; `\r\n` turned into `\n`).
    pub text: String,
    /// blake3 hex of the decoded text: keys the persisted index.
    pub hash: String,
}

/// What loading a folder gave: the plans read, and the files skipped with why.
#[derive(Debug, Default)]
pub struct LoadReport {
    pub docs: Vec<SourceDoc>,
    pub skipped: Vec<(std::path::PathBuf, crate::Error)>,
}
