//! Files → decoded text. Reads .txt/.md in any Chinese encoding (UTF-8 with or
//! without BOM, GB18030/GBK, UTF-16 LE/BE, detected without asking), .docx (body,
//! tables, text boxes), .doc/.wps (Word 97–2003 binary), .pdf (text layer), .ofd (text
//! placed on the page, paragraphs rebuilt), saved web pages (.html, .mhtml: the article
//! only) and spreadsheets (.xlsx, .xls, .et, .ods: rows as a table). Every reader gives
//! the same form of text: one line per paragraph, a table row as one line of
//! tab-separated cells. Reads a folder of plans with an optional `manifest.json`; keeps
//! the user library on disk. Nothing here parses structure: that is `extract`'s job.

mod atomic;
mod bundled;
mod decode;
pub mod dirs;
mod doc;
mod docx;
#[doc(hidden)]
pub mod fixtures;
mod folder;
mod html;
mod library;
mod ofd;
mod pdf;
mod read;
mod sheet;
#[cfg(test)]
mod testing;

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::model::{Document, PlanText};

pub use bundled::bundled;
pub use folder::{MANIFEST_FILE, PLAN_EXTENSIONS, load_dir, load_dir_with};
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
    /// The file the text was read from, where the reader can read it again; `None` when
    /// the text has no file of its own (it is then kept in memory).
    pub file: Option<std::path::PathBuf>,
}

/// What loading a folder gave: the plans read (as [`SourceDoc`]s, or what a caller made of
/// each while loading), and the files skipped with why.
#[derive(Debug)]
pub struct LoadReport<T = SourceDoc> {
    pub docs: Vec<T>,
    pub skipped: Vec<(std::path::PathBuf, crate::Error)>,
}

impl<T> Default for LoadReport<T> {
    fn default() -> Self {
        LoadReport {
            docs: Vec::new(),
            skipped: Vec::new(),
        }
    }
}

/// A plan file to read: where it is, and the id, shown source and metadata it gets.
pub(crate) struct PlanFile {
    pub path: std::path::PathBuf,
    pub id: String,
    pub source: String,
    pub meta: DocMeta,
}

/// Reads the plan files on every core, handing each to `make` as soon as it is decoded
/// (so a large library is never held as text all at once) and keeping what `make`
/// returns in file order; a file that cannot be read goes to `skipped` with its error.
pub(crate) fn read_plans<T: Send>(
    files: Vec<PlanFile>,
    make: impl Fn(SourceDoc) -> T + Sync,
    report: &mut LoadReport<T>,
) {
    use rayon::prelude::*;
    let made: Vec<(std::path::PathBuf, crate::Result<T>)> = files
        .into_par_iter()
        .map(|f| {
            let made = read_file(&f.path).map(|text| {
                make(SourceDoc {
                    id: f.id,
                    source: f.source,
                    meta: f.meta,
                    hash: text_hash(&text),
                    text,
                    file: Some(f.path.clone()),
                })
            });
            (f.path, made)
        })
        .collect();
    for (path, made) in made {
        match made {
            Ok(doc) => report.docs.push(doc),
            Err(e) => report.skipped.push((path, e)),
        }
    }
}

/// A plan's original text for the reader: from memory, or read and decoded again from its
/// file. A file that no longer holds the text the library was made from (edited, replaced,
/// removed since) is an error that says so, since the task positions would not fit it.
pub fn plan_text(doc: &Document) -> crate::Result<Arc<str>> {
    match &doc.text {
        PlanText::Held(text) => Ok(Arc::clone(text)),
        PlanText::File(path) => {
            let text = read_file(path)?;
            if !doc.hash.is_empty() && text_hash(&text) != doc.hash {
                return Err(crate::Error::Changed(path.clone()));
            }
            Ok(Arc::from(text))
        }
        PlanText::Missing => Err(crate::Error::NotFound(format!(
            "the text of {} is not in this library",
            doc.id
        ))),
    }
}
