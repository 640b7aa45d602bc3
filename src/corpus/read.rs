//! One file → its text. The format is decided by the file's first bytes (a ZIP package →
//! .docx, .ofd or a workbook by the parts it holds; `%PDF` → PDF; an OLE compound file →
//! .doc/.wps, .xls/.et or a refusal by the streams it holds; HTML or a MIME web archive;
//! RTF; images) and only then by its extension, so a renamed file is still read for what
//! it is. Every refusal carries a sentence saying what the file is and what to do about
//! it.

use std::fs;
use std::io::Read;
use std::path::Path;

use super::decode::{self, DecodeProblem};
use super::doc::{self, OleKind};
use super::sheet::{self, Book};
use super::{docx, html, ofd, pdf};
use crate::{Error, Result};

/// The largest file PlanScope reads: 64 MiB. Larger files are refused with
/// [`Error::TooLarge`] before a byte is read, so memory stays bounded. A plan's text
/// is rarely above a few MiB even as a PDF with fonts embedded.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Decodes one plan file to text, by what its first bytes say it is (then by its
/// extension): .txt/.md in UTF-8 (with or without BOM), UTF-16 or GB18030/GBK; .docx,
/// .doc/.wps, .pdf, .ofd, .html/.mhtml, .xlsx/.xls/.et/.ods. Line ends become `\n` and a
/// BOM is removed; a text file's text is otherwise unchanged.
///
/// Errors: [`Error::Io`] for a missing path, a folder or a file that cannot be
/// read; [`Error::TooLarge`] above [`MAX_FILE_BYTES`]; [`Error::Empty`];
/// [`Error::Unsupported`] for what cannot be read as a plan (encrypted files, scanned
/// PDFs, image-only OFDs, a site's home page, RTF, images, presentations);
/// [`Error::Unreadable`] for binary data and damaged files of every format.
pub fn read_file(path: &Path) -> Result<String> {
    let meta = fs::metadata(path).map_err(|e| io_error(path, e))?;
    if meta.is_dir() {
        return Err(Error::io(
            path,
            std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "this is a folder, not a plan file",
            ),
        ));
    }
    if !meta.is_file() {
        return Err(Error::io(
            path,
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "this is not a regular file",
            ),
        ));
    }
    check_size(path, meta.len())?;
    if meta.len() == 0 {
        return Err(Error::Empty(path.to_path_buf()));
    }
    let file = fs::File::open(path).map_err(|e| io_error(path, e))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // The file may grow after the size check; never read more than the limit.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(path, e))?;
    check_size(path, bytes.len() as u64)?;
    decode_bytes(path, bytes)
}

/// [`Error::Io`] with the two common causes said in words; the error kind is kept.
pub(crate) fn io_error(path: &Path, error: std::io::Error) -> Error {
    use std::io::ErrorKind;
    let message = match error.kind() {
        ErrorKind::NotFound => "there is no such file or folder",
        ErrorKind::PermissionDenied => "PlanScope is not allowed to read this (permission denied)",
        _ => return Error::io(path, error),
    };
    Error::io(path, std::io::Error::new(error.kind(), message))
}

fn check_size(path: &Path, size: u64) -> Result<()> {
    if size > MAX_FILE_BYTES {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    Ok(())
}

/// What a file is, by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Magic {
    Zip,
    Pdf,
    Ole,
    Rtf,
    Image,
    /// Excel's XML Spreadsheet 2003.
    SpreadsheetMl,
    Html,
    Mhtml,
    Unknown,
}

fn sniff(bytes: &[u8]) -> Magic {
    const OLE: &[u8] = &[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    let head = &bytes[..bytes.len().min(1024)];
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        Magic::Zip
    } else if bytes.starts_with(OLE) {
        Magic::Ole
    } else if head.windows(5).any(|w| w == b"%PDF-") {
        // Readers accept a PDF header anywhere in the first KiB; so does PlanScope.
        Magic::Pdf
    } else if bytes.starts_with(b"{\\rtf") {
        Magic::Rtf
    } else if bytes.starts_with(b"\x89PNG")
        || bytes.starts_with(&[0xff, 0xd8, 0xff])
        || bytes.starts_with(b"GIF8")
        || bytes.starts_with(b"II*\0")
        || bytes.starts_with(b"MM\0*")
    {
        Magic::Image
    } else if sheet::is_spreadsheet_ml(bytes) {
        Magic::SpreadsheetMl
    } else {
        match html::sniff(bytes) {
            Some(html::WebPage::Html) => Magic::Html,
            Some(html::WebPage::Mhtml) => Magic::Mhtml,
            None => Magic::Unknown,
        }
    }
}

/// Decodes the bytes of a plan file already in memory. `path` supplies the
/// extension (consulted when the first bytes do not say what the file is) and the
/// name in error messages; nothing is read from it. This is what [`read_file`]
/// does after reading, exposed for callers that hold bytes (tests, fuzzing).
pub fn decode_bytes(path: &Path, bytes: Vec<u8>) -> Result<String> {
    if bytes.is_empty() {
        return Err(Error::Empty(path.to_path_buf()));
    }
    check_size(path, bytes.len() as u64)?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let unsupported = |reason: &str| {
        Err(Error::Unsupported {
            path: path.to_path_buf(),
            reason: reason.to_owned(),
        })
    };
    let unreadable = |reason: &str| {
        Err(Error::Unreadable {
            path: path.to_path_buf(),
            reason: reason.to_owned(),
        })
    };
    match sniff(&bytes) {
        Magic::Zip => match zip_kind(&bytes, &ext) {
            ZipKind::Ofd => ofd::ofd_text(path, &bytes),
            ZipKind::Xlsx => sheet::sheet_text(path, &bytes, Book::Xlsx),
            ZipKind::Ods => sheet::sheet_text(path, &bytes, Book::Ods),
            ZipKind::Other => docx::docx_text(path, &bytes),
        },
        Magic::Pdf => pdf::pdf_text(path, bytes),
        Magic::Ole => match doc::ole_kind(&bytes) {
            OleKind::Word => doc::doc_text(path, &bytes),
            OleKind::Workbook => sheet::sheet_text(path, &bytes, Book::Xls),
            OleKind::Encrypted => unsupported(doc::ENCRYPTED_ADVICE),
            // A damaged .xls is said to be a damaged spreadsheet.
            OleKind::Damaged(_) if matches!(ext.as_str(), "xls" | "et") => {
                sheet::sheet_text(path, &bytes, Book::Xls)
            }
            OleKind::Other(reason) => unsupported(reason),
            OleKind::Damaged(reason) => unreadable(&reason),
        },
        Magic::Rtf => unsupported(
            "this is an RTF file, which PlanScope cannot read; open it in Word or WPS, \
             save it as .docx, then import that",
        ),
        Magic::Image => unsupported(
            "this is an image, not a document; PlanScope needs the text of the plan: \
             provide a .docx, a PDF with text or a .txt",
        ),
        Magic::SpreadsheetMl => sheet::spreadsheet_ml_text(path, &bytes),
        Magic::Html => html::html_text(path, &bytes),
        Magic::Mhtml => html::mhtml_text(path, &bytes),
        Magic::Unknown => match ext.as_str() {
            "html" | "htm" | "xhtml" | "shtml" => html::html_text(path, &bytes),
            "mhtml" | "mht" => html::mhtml_text(path, &bytes),
            "doc" | "dot" => unsupported(
                "this is not a Word 97–2003 .doc file (it is not an OLE compound file: it may \
                 be damaged, or another kind of file renamed); open it in Word or WPS and save \
                 it as .docx, then import that",
            ),
            "wps" | "wpt" => unsupported(
                "this is a WPS file in an old WPS-only format, which PlanScope cannot read; \
                 open it in WPS and save it as .doc or .docx, then import that",
            ),
            "xls" | "et" => unreadable(
                "this is not a valid .xls/.et spreadsheet (it is not an OLE compound file: it \
                 may be damaged, or another kind of file renamed); open it in Excel or WPS and \
                 save it as .xlsx, then import that",
            ),
            "ppt" | "dps" => unsupported(
                "this is a presentation, not a plan document; PlanScope reads plans saved as \
                 text, Word, WPS, PDF, OFD, web pages or spreadsheets",
            ),
            "ofd" => unreadable(
                "this is not a valid OFD file (it is not a ZIP package: it may be damaged, or \
                 another kind of file renamed); open it in an OFD reader and save it again",
            ),
            "docx" | "docm" | "dotx" => unreadable(
                "this is not a valid .docx (it is not a ZIP archive: it may be damaged, or \
                 another kind of file renamed); open it in Word or WPS and save it as .docx",
            ),
            "pdf" => unreadable(
                "this is not a valid PDF (there is no %PDF header): it may be damaged, or \
                 another kind of file renamed",
            ),
            "xlsx" | "pptx" | "zip" => unreadable(
                "this is not a valid Office/ZIP file (it is not a ZIP archive); it may be damaged",
            ),
            _ => decode::decode_text(&bytes).map_err(|problem| match problem {
                DecodeProblem::Empty => Error::Empty(path.to_path_buf()),
                DecodeProblem::NotText => Error::Unreadable {
                    path: path.to_path_buf(),
                    reason: decode::NOT_TEXT.to_owned(),
                },
            }),
        },
    }
}

/// What a ZIP archive holds, by the parts it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ZipKind {
    /// An OFD package (`OFD.xml`).
    Ofd,
    /// An Excel workbook (`xl/workbook.xml`).
    Xlsx,
    /// An OpenDocument spreadsheet.
    Ods,
    /// Anything else: read as a .docx, whose reader names what it is when it is not one.
    Other,
}

/// By the parts the archive names; when it cannot be opened (cut off, damaged), by the
/// file's extension, so that the message speaks of the kind of file the user has.
fn zip_kind(bytes: &[u8], ext: &str) -> ZipKind {
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return match ext {
            "ofd" => ZipKind::Ofd,
            "xlsx" | "xlsm" => ZipKind::Xlsx,
            "ods" => ZipKind::Ods,
            _ => ZipKind::Other,
        };
    };
    let names: Vec<String> = archive
        .file_names()
        .flatten()
        .map(|n| n.trim_start_matches('/').to_ascii_lowercase())
        .collect();
    let has = |name: &str| names.iter().any(|n| n == name);
    if has("word/document.xml") {
        ZipKind::Other
    } else if has("ofd.xml") || ext == "ofd" {
        ZipKind::Ofd
    } else if has("xl/workbook.xml") {
        ZipKind::Xlsx
    } else if has("content.xml") && has("mimetype") {
        let mut mimetype = String::new();
        let ods = archive.by_name("mimetype").is_ok_and(|entry| {
            entry.take(200).read_to_string(&mut mimetype).is_ok()
                && mimetype.trim() == "application/vnd.oasis.opendocument.spreadsheet"
        });
        if ods { ZipKind::Ods } else { ZipKind::Other }
    } else {
        ZipKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_beats_extension() {
        assert_eq!(sniff(b"PK\x03\x04rest"), Magic::Zip);
        assert_eq!(sniff(b"%PDF-1.4\n"), Magic::Pdf);
        assert_eq!(sniff(b"\xef\xbb\xbfjunk %PDF-1.4"), Magic::Pdf);
        assert_eq!(
            sniff(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]),
            Magic::Ole
        );
        assert_eq!(sniff("一、总体要求".as_bytes()), Magic::Unknown);
    }

    #[test]
    fn extension_decides_when_magic_is_silent() {
        let doc = decode_bytes(Path::new("plan.doc"), "正文".into()).unwrap_err();
        assert!(matches!(doc, Error::Unsupported { .. }), "{doc:?}");
        let pdf = decode_bytes(Path::new("plan.pdf"), "正文".into()).unwrap_err();
        assert!(matches!(pdf, Error::Unreadable { .. }), "{pdf:?}");
        let txt = decode_bytes(Path::new("plan.txt"), "正文\r\n".into()).unwrap();
        assert_eq!(txt, "正文\n");
    }
}
