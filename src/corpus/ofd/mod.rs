//! .ofd → text. OFD (GB/T 33190) is the national fixed-layout format of 电子公文: a
//! ZIP package whose `OFD.xml` names each document's `Document.xml`, which lists the
//! pages in order; a page's `Content.xml` places text objects (`TextObject` with
//! `TextCode` runs) at positions on the page, like a PDF. Nothing says where a
//! paragraph ends, so lines and paragraphs are rebuilt from the positions (see
//! [`layout`]): a line that ends short of the right text margin ends a paragraph, a
//! first-line indent starts one, and a paragraph runs on across line wraps and page
//! breaks. Rows of text set in columns come out as tab-separated lines, as from a .docx.
//! Page templates (running headers and footers), annotations (stamps) and signatures
//! (seals) are left out, and so are page numbers and lines repeated at the head or foot
//! of every page.

mod layout;
mod page;
mod write;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::Path;

use crate::{Error, Result};

pub use write::write_ofd;

/// The most decompressed XML read from one part of an OFD package.
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// The most decompressed XML read from one OFD package in all: a ZIP bomb stops here.
const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;

/// The most pages read from one OFD package (all its documents together).
const MAX_PAGES: usize = 20_000;

/// The most documents (`DocBody`) read from one package.
const MAX_DOCUMENTS: usize = 256;

/// The package's entry file.
const ENTRY: &str = "OFD.xml";

/// The sentence for an OFD whose pages hold only images.
const NO_TEXT_LAYER: &str = "this OFD has no text layer (its pages are only images, \
probably scanned), so PlanScope cannot read it; provide an OFD or PDF with text, or a \
.docx of the plan";

/// Reads the text of an OFD package held in memory: each document's pages in order,
/// one line per paragraph, a table row as one line of tab-separated cells.
pub(crate) fn ofd_text(path: &Path, bytes: &[u8]) -> Result<String> {
    let unreadable = |reason: String| Error::Unreadable {
        path: path.to_path_buf(),
        reason,
    };
    let unsupported = |reason: &str| Error::Unsupported {
        path: path.to_path_buf(),
        reason: reason.to_owned(),
    };
    let mut package = Package::open(bytes).map_err(|e| {
        unreadable(format!(
            "this OFD file is damaged or incomplete and cannot be opened ({e}); \
             open it in an OFD reader and save it again"
        ))
    })?;
    if package.looks_encrypted() {
        return Err(unsupported(ENCRYPTED));
    }
    let entry = package.read(ENTRY).map_err(|e| e.into_error(path))?;
    let roots = page::doc_roots(&entry).map_err(|e| damaged(path, ENTRY, &e))?;
    if roots.encrypted {
        return Err(unsupported(ENCRYPTED));
    }
    if roots.docs.is_empty() {
        return Err(unreadable(
            "this OFD file is damaged: its OFD.xml names no document (no DocRoot); \
             open it in an OFD reader and save it again"
                .to_owned(),
        ));
    }

    let mut out: Vec<String> = Vec::new();
    let mut pages_read = 0usize;
    let mut images = 0usize;
    let mut glyphs = 0usize;
    for root in roots.docs.iter().take(MAX_DOCUMENTS) {
        let doc_path = resolve("", root);
        let xml = package.read(&doc_path).map_err(|e| e.into_error(path))?;
        let doc = page::document(&xml).map_err(|e| damaged(path, &doc_path, &e))?;
        let base = parent_dir(&doc_path);
        let mut pages = Vec::with_capacity(doc.pages.len().min(MAX_PAGES));
        for loc in &doc.pages {
            pages_read += 1;
            if pages_read > MAX_PAGES {
                return Err(unsupported(&format!(
                    "this OFD has more than {MAX_PAGES} pages, more than PlanScope reads"
                )));
            }
            let page_path = resolve(base, loc);
            let xml = package.read(&page_path).map_err(|e| e.into_error(path))?;
            let content =
                page::page(&xml, doc.page_box).map_err(|e| damaged(path, &page_path, &e))?;
            images += content.images;
            glyphs += content.glyphs.len();
            pages.push(layout::PageLines::new(content, pages.len()));
        }
        out.extend(layout::document_lines(pages));
    }
    if glyphs == 0 {
        return Err(if images > 0 {
            unsupported(NO_TEXT_LAYER)
        } else {
            unsupported(
                "this OFD contains no text (its pages are empty or only drawings); \
                 PlanScope needs the text of the plan",
            )
        });
    }
    if out.is_empty() {
        return Err(unsupported(
            "this OFD contains no text apart from page numbers and running headers; \
             PlanScope needs the text of the plan",
        ));
    }
    Ok(out.join("\n"))
}

/// The error for a part that cannot be read.
fn damaged(path: &Path, part: &str, e: &page::XmlError) -> Error {
    Error::Unreadable {
        path: path.to_path_buf(),
        reason: format!(
            "this OFD file is damaged: its part {part} cannot be read ({e}); \
             open it in an OFD reader and save it again"
        ),
    }
}

/// The sentence for an encrypted OFD.
const ENCRYPTED: &str = "this OFD is encrypted, so PlanScope cannot read its text; open it \
in an OFD reader that holds its key, save an unencrypted copy (or a PDF with text), then \
import that";

/// The OFD package: its ZIP archive, its entries by lower-cased name (OFD producers
/// differ in case and in leading slashes), and how much has been unpacked so far.
struct Package<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    names: HashMap<String, String>,
    unpacked: u64,
}

/// Why a part could not be read.
enum PartError {
    Missing(String),
    Damaged(String, String),
    TooLarge(String),
    TotalTooLarge,
    Encrypted,
    NotUtf8(String),
}

impl PartError {
    fn into_error(self, path: &Path) -> Error {
        let unreadable = |reason: String| Error::Unreadable {
            path: path.to_path_buf(),
            reason,
        };
        match self {
            PartError::Missing(part) => unreadable(format!(
                "this OFD file is damaged or incomplete: its part {part} is missing; \
                 open it in an OFD reader and save it again"
            )),
            PartError::Damaged(part, e) => unreadable(format!(
                "this OFD file is damaged: its part {part} cannot be unpacked ({e}); \
                 open it in an OFD reader and save it again"
            )),
            PartError::TooLarge(part) => unreadable(format!(
                "this OFD's part {part} unpacks to more than {MAX_PART_BYTES} bytes, more \
                 than PlanScope reads (the file may be damaged or a ZIP bomb)"
            )),
            PartError::TotalTooLarge => unreadable(format!(
                "this OFD unpacks to more than {MAX_TOTAL_BYTES} bytes, more than PlanScope \
                 reads (the file may be damaged or a ZIP bomb)"
            )),
            PartError::Encrypted => Error::Unsupported {
                path: path.to_path_buf(),
                reason: ENCRYPTED.to_owned(),
            },
            PartError::NotUtf8(part) => unreadable(format!(
                "this OFD file is damaged: its part {part} is not valid UTF-8 text; \
                 open it in an OFD reader and save it again"
            )),
        }
    }
}

impl<'a> Package<'a> {
    fn open(bytes: &'a [u8]) -> zip::result::ZipResult<Self> {
        let archive = zip::ZipArchive::new(Cursor::new(bytes))?;
        let names = archive
            .file_names()
            .flatten()
            .map(|n| (normalise(&n).to_lowercase(), n.into_owned()))
            .collect();
        Ok(Package {
            archive,
            names,
            unpacked: 0,
        })
    }

    /// Entries or a part of OFD.xml's kind that only an encrypted package has.
    fn looks_encrypted(&self) -> bool {
        self.names.keys().any(|n| {
            n.rsplit('/')
                .next()
                .is_some_and(|f| f.starts_with("encryption") || f.starts_with("encrypt."))
        })
    }

    /// The text of one XML part, by its path inside the package.
    fn read(&mut self, part: &str) -> std::result::Result<String, PartError> {
        let key = normalise(part).to_lowercase();
        let Some(name) = self.names.get(&key).cloned() else {
            return Err(PartError::Missing(part.to_owned()));
        };
        let remaining = MAX_TOTAL_BYTES.saturating_sub(self.unpacked);
        let mut xml = Vec::new();
        {
            let entry = self.archive.by_name(&name).map_err(|e| match e {
                zip::result::ZipError::UnsupportedArchive(m)
                    if m == zip::result::ZipError::PASSWORD_REQUIRED =>
                {
                    PartError::Encrypted
                }
                e => PartError::Damaged(part.to_owned(), e.to_string()),
            })?;
            entry
                .take(MAX_PART_BYTES.min(remaining) + 1)
                .read_to_end(&mut xml)
                .map_err(|e| PartError::Damaged(part.to_owned(), e.to_string()))?;
        }
        let len = xml.len() as u64;
        if len > MAX_PART_BYTES {
            return Err(PartError::TooLarge(part.to_owned()));
        }
        if len > remaining {
            return Err(PartError::TotalTooLarge);
        }
        self.unpacked += len;
        // OFD parts are UTF-8; a UTF-16 BOM is honoured should one appear.
        let (text, _, malformed) = encoding_rs::UTF_8.decode(&xml);
        if malformed {
            return Err(PartError::NotUtf8(part.to_owned()));
        }
        Ok(text.into_owned())
    }
}

/// A package path without leading slashes, `.` segments or backslashes, with `..`
/// applied.
fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split(['/', '\\']) {
        match seg.trim() {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// A location as written in a part (`BaseLoc`, `DocRoot`) resolved against the folder
/// of the part that names it; one starting with `/` is from the package root.
fn resolve(base: &str, loc: &str) -> String {
    let loc = loc.trim();
    if loc.starts_with('/') || loc.starts_with('\\') || base.is_empty() {
        normalise(loc)
    } else {
        normalise(&format!("{base}/{loc}"))
    }
}

/// The folder of a package path (`Doc_0` for `Doc_0/Document.xml`).
fn parent_dir(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}
