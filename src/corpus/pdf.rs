//! .pdf → text, from the PDF's text layer. The PDF reader underneath can panic or
//! recurse deeply on malformed files, so it runs on its own named thread with a
//! large stack, inside `catch_unwind`, with a time limit: a broken PDF becomes
//! [`Error::Unreadable`] and never takes the program down or hangs it. A PDF whose
//! pages are only scanned images has no text layer; that is said plainly, with
//! what to do instead.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::{Once, mpsc};
use std::time::Duration;

use super::decode;
use crate::{Error, Result};

/// How long reading one PDF's text may take before PlanScope gives up on it. A
/// long plan reads in seconds; only a malformed file comes near this.
pub const PDF_TIME_LIMIT: Duration = Duration::from_secs(120);

/// Fewer visible characters than this means the PDF has no real text layer.
const MIN_TEXT_CHARS: usize = 20;

/// Stack for the PDF thread: the reader recurses over nested objects.
const PDF_STACK_BYTES: usize = 64 * 1024 * 1024;

/// The sentence for a PDF without a text layer.
pub(crate) const SCANNED: &str = "this PDF has no text layer (it is probably scanned page \
images), so PlanScope cannot read it; provide a PDF with text, or a .docx of the plan";

/// Reads the text layer of a PDF held in memory.
pub(crate) fn pdf_text(path: &Path, bytes: Vec<u8>) -> Result<String> {
    let unreadable = |reason: String| Error::Unreadable {
        path: path.to_path_buf(),
        reason,
    };
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("pdf-text".into())
        .stack_size(PDF_STACK_BYTES)
        .spawn(move || {
            let result = catch_quietly(|| pdf_extract::extract_text_from_mem(&bytes));
            // The receiver is gone only if the caller gave up waiting.
            let _ = tx.send(result);
        })
        .map_err(|e| Error::io(path, e))?;

    let extracted = match rx.recv_timeout(PDF_TIME_LIMIT) {
        Ok(Ok(Ok(text))) => text,
        Ok(Ok(Err(pdf_extract::OutputError::PdfError(pdf_extract::Error::Decryption(_))))) => {
            return Err(Error::Unsupported {
                path: path.to_path_buf(),
                reason: "this PDF is password-protected; save a copy without a password \
                         (or a .docx of the plan) and import that"
                    .to_owned(),
            });
        }
        Ok(Ok(Err(e))) => {
            return Err(unreadable(format!(
                "this PDF is damaged and cannot be read ({e})"
            )));
        }
        Ok(Err(())) | Err(mpsc::RecvTimeoutError::Disconnected) => {
            return Err(unreadable(
                "this PDF is damaged or malformed and cannot be read".to_owned(),
            ));
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            // The thread is left to finish on its own; its result is dropped.
            return Err(unreadable(format!(
                "reading this PDF took longer than {} seconds; it may be damaged",
                PDF_TIME_LIMIT.as_secs()
            )));
        }
    };

    let text = decode::normalise_line_ends(extracted);
    let visible = text.chars().filter(|c| !c.is_whitespace()).count();
    if visible < MIN_TEXT_CHARS {
        return Err(Error::Unsupported {
            path: path.to_path_buf(),
            reason: SCANNED.to_owned(),
        });
    }
    if !decode::looks_like_text(&text) {
        return Err(Error::Unsupported {
            path: path.to_path_buf(),
            reason: "this PDF's text layer cannot be decoded (its fonts carry no Unicode \
                     map); export the plan again as a PDF with text, or provide a .docx"
                .to_owned(),
        });
    }
    Ok(text)
}

thread_local! {
    /// Set while PDF code runs on this thread: its panics are expected and handled,
    /// so the panic hook stays silent instead of printing a "panicked at" report.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

static QUIET_HOOK: Once = Once::new();

/// Runs `f`, turning a panic into `Err(())` without printing anything for it.
/// Panics elsewhere in the program still reach the previously installed hook.
pub(crate) fn catch_quietly<R>(f: impl FnOnce() -> R) -> std::result::Result<R, ()> {
    QUIET_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.map_err(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panics_are_caught() {
        let r: std::result::Result<(), ()> = catch_quietly(|| panic!("inside the PDF reader"));
        assert_eq!(r, Err(()));
        assert_eq!(catch_quietly(|| 7), Ok(7));
    }

    #[test]
    fn garbage_after_the_header_is_unreadable() {
        let bytes =
            b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\nxref garbage".to_vec();
        let err = pdf_text(Path::new("x.pdf"), bytes).unwrap_err();
        assert!(matches!(err, Error::Unreadable { .. }), "{err:?}");
    }
}
