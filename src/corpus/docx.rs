//! .docx → text. A Word file is a ZIP archive whose `word/document.xml` holds the
//! body. The text comes out one line per paragraph, in document order: body
//! paragraphs, table cells row by row (one line per paragraph of each cell), and
//! text boxes. Text boxes matter because plans often put an engineering column
//! (专栏) in one. Word stores each box twice — a DrawingML copy in `mc:Choice` and
//! a VML copy in `mc:Fallback` — so only the first alternative of each
//! `mc:AlternateContent` is read. A box's lines follow the paragraph it is anchored
//! in. Headers, footers, comments, deleted revisions and field codes are left out.

use std::io::{Cursor, Read};
use std::path::Path;

use quick_xml::events::Event;
use quick_xml::reader::Reader;

use crate::{Error, Result};

/// The most decompressed XML PlanScope reads from one .docx: far more than any plan,
/// small enough that a ZIP bomb cannot exhaust memory.
const MAX_XML_BYTES: u64 = 256 * 1024 * 1024;

/// The main part of a Word document inside the archive.
const DOCUMENT_PART: &str = "word/document.xml";

/// Reads the text of a .docx held in memory.
pub(crate) fn docx_text(path: &Path, bytes: &[u8]) -> Result<String> {
    let unreadable = |reason: String| Error::Unreadable {
        path: path.to_path_buf(),
        reason,
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        unreadable(format!(
            "this ZIP/.docx file is damaged or incomplete and cannot be opened ({e}); \
             open it in Word or WPS and save it again"
        ))
    })?;
    if archive.index_for_name(DOCUMENT_PART).is_none() {
        return Err(not_a_docx(path, &archive));
    }
    let mut xml = Vec::new();
    {
        let entry = archive.by_name(DOCUMENT_PART).map_err(|e| {
            unreadable(format!(
                "this .docx is damaged: its main text cannot be read ({e})"
            ))
        })?;
        entry
            .take(MAX_XML_BYTES + 1)
            .read_to_end(&mut xml)
            .map_err(|e| {
                unreadable(format!(
                    "this .docx is damaged: its main text cannot be unpacked ({e})"
                ))
            })?;
    }
    if xml.len() as u64 > MAX_XML_BYTES {
        return Err(unreadable(format!(
            "this .docx unpacks to more than {MAX_XML_BYTES} bytes of text, more than PlanScope reads"
        )));
    }
    // Word writes UTF-8; `decode` also honours a UTF-16 BOM should one appear.
    let (xml, _, malformed) = encoding_rs::UTF_8.decode(&xml);
    if malformed {
        return Err(unreadable(
            "this .docx is damaged: its text is not valid UTF-8".to_owned(),
        ));
    }
    let lines = document_lines(&xml).map_err(|e| {
        unreadable(format!(
            "this .docx is damaged: its main text is not well-formed XML ({e})"
        ))
    })?;
    if lines.is_empty() {
        return Err(Error::Unsupported {
            path: path.to_path_buf(),
            reason: "this .docx contains no text (perhaps only scanned images); \
                     PlanScope needs the text of the plan"
                .to_owned(),
        });
    }
    Ok(lines.join("\n"))
}

/// The error for a ZIP archive without a Word body: names what it is when the
/// archive says so (OFD, spreadsheet, presentation, OpenDocument).
fn not_a_docx(path: &Path, archive: &zip::ZipArchive<Cursor<&[u8]>>) -> Error {
    let has = |name: &str| {
        archive
            .file_names()
            .flatten()
            .any(|n| n.eq_ignore_ascii_case(name))
    };
    let unsupported = |reason: &str| Error::Unsupported {
        path: path.to_path_buf(),
        reason: reason.to_owned(),
    };
    if has("OFD.xml") {
        unsupported(super::read::OFD_ADVICE)
    } else if has("xl/workbook.xml") {
        unsupported(
            "this is an Excel workbook, not a plan document; \
             PlanScope reads plans saved as .docx, .pdf or .txt",
        )
    } else if has("ppt/presentation.xml") {
        unsupported(
            "this is a PowerPoint presentation, not a plan document; \
             PlanScope reads plans saved as .docx, .pdf or .txt",
        )
    } else if has("content.xml") && has("mimetype") {
        unsupported(
            "this is an OpenDocument file, which PlanScope cannot read; \
             open it and save it as .docx, then import that",
        )
    } else {
        Error::Unreadable {
            path: path.to_path_buf(),
            reason: "this is a ZIP archive, not a Word document: it has no word/document.xml"
                .to_owned(),
        }
    }
}

/// One open paragraph: its text so far, and the lines of text boxes anchored in
/// it, which are emitted after it.
#[derive(Default)]
struct Paragraph {
    text: String,
    boxes: Vec<String>,
}

/// Walks `document.xml` and returns its non-empty paragraphs as lines.
fn document_lines(xml: &str) -> std::result::Result<Vec<String>, quick_xml::Error> {
    let mut reader = Reader::from_str(xml);
    // Keep the spaces Word preserves inside w:t.
    reader.config_mut().trim_text(false);

    let mut lines: Vec<String> = Vec::new();
    let mut open: Vec<Paragraph> = Vec::new();
    // Depth of the element being skipped (a Fallback copy, a second Choice, a
    // deletion, a field code); while set, everything inside is ignored.
    let mut skip_until: Option<usize> = None;
    let mut depth = 0usize;
    // For each open mc:AlternateContent: has one alternative been read already?
    let mut alternates: Vec<bool> = Vec::new();
    let mut in_text = false;

    loop {
        match reader.read_event()? {
            Event::Start(e) => {
                depth += 1;
                if skip_until.is_some() {
                    continue;
                }
                match e.name().into_inner() {
                    "w:p" => open.push(Paragraph::default()),
                    "w:t" => in_text = true,
                    "mc:AlternateContent" => alternates.push(false),
                    "mc:Choice" | "mc:Fallback" => match alternates.last_mut() {
                        Some(taken) if *taken => skip_until = Some(depth),
                        Some(taken) => *taken = true,
                        None => {}
                    },
                    "w:delText" | "w:instrText" | "w:del" | "w:moveFrom" => {
                        skip_until = Some(depth)
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                if skip_until == Some(depth) {
                    skip_until = None;
                } else if skip_until.is_none() {
                    match e.name().into_inner() {
                        "w:p" => close_paragraph(&mut open, &mut lines),
                        "w:t" => in_text = false,
                        "mc:AlternateContent" => {
                            alternates.pop();
                        }
                        _ => {}
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Event::Empty(e) => {
                if skip_until.is_some() {
                    continue;
                }
                let mark = match e.name().into_inner() {
                    "w:tab" | "w:ptab" => Some('\t'),
                    "w:br" | "w:cr" => Some('\n'),
                    "w:noBreakHyphen" => Some('-'),
                    // An empty paragraph still ends; it just adds no line.
                    "w:p" => {
                        open.push(Paragraph::default());
                        close_paragraph(&mut open, &mut lines);
                        None
                    }
                    _ => None,
                };
                if let (Some(mark), Some(paragraph)) = (mark, open.last_mut()) {
                    paragraph.text.push(mark);
                }
            }
            Event::Text(t) if in_text && skip_until.is_none() => {
                if let Some(paragraph) = open.last_mut() {
                    paragraph.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) if in_text && skip_until.is_none() => {
                if let Some(paragraph) = open.last_mut() {
                    paragraph.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_text && skip_until.is_none() => {
                let resolved = match r.resolve_char_ref()? {
                    Some(c) => Some(c.to_string()),
                    None => quick_xml::escape::resolve_predefined_entity(&r).map(str::to_owned),
                };
                if let (Some(s), Some(paragraph)) = (resolved, open.last_mut()) {
                    paragraph.text.push_str(&s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // A document cut off mid-paragraph still gives what was read.
    while !open.is_empty() {
        close_paragraph(&mut open, &mut lines);
    }
    Ok(lines)
}

/// Ends the innermost open paragraph. A paragraph inside a text box goes to the
/// paragraph it is anchored in (emitted after that one); a top-level paragraph
/// goes out with the boxes anchored in it.
fn close_paragraph(open: &mut Vec<Paragraph>, lines: &mut Vec<String>) {
    let Some(paragraph) = open.pop() else {
        return;
    };
    let mut out = Vec::with_capacity(1 + paragraph.boxes.len());
    if !paragraph.text.trim().is_empty() {
        out.push(paragraph.text);
    }
    out.extend(paragraph.boxes);
    match open.last_mut() {
        Some(anchor) => anchor.boxes.extend(out),
        None => lines.extend(out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(inner: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{inner}</w:body></w:document>"#
        )
    }

    #[test]
    fn paragraphs_runs_and_entities() {
        let xml = body(
            r#"<w:p><w:r><w:t>一、总体</w:t></w:r><w:r><w:t xml:space="preserve">要求 </w:t></w:r></w:p>
<w:p/><w:p><w:r><w:t>A&amp;B&#x4E2D;</w:t><w:tab/><w:t>x</w:t></w:r></w:p>"#,
        );
        assert_eq!(
            document_lines(&xml).unwrap(),
            vec!["一、总体要求 ".to_owned(), "A&B中\tx".to_owned()]
        );
    }

    #[test]
    fn deleted_text_and_field_codes_are_left_out() {
        let xml = body(
            r#"<w:p><w:del><w:r><w:delText>旧</w:delText></w:r></w:del><w:r><w:instrText> PAGE </w:instrText><w:t>新</w:t></w:r></w:p>"#,
        );
        assert_eq!(document_lines(&xml).unwrap(), vec!["新".to_owned()]);
    }

    #[test]
    fn text_box_read_once_after_its_anchor() {
        let xml = body(
            r#"<w:p><w:r><w:t>锚段</w:t></w:r><w:r><mc:AlternateContent>
<mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>专栏1 工程</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>
<mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>专栏1 工程</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback>
</mc:AlternateContent></w:r><w:r><w:t>尾</w:t></w:r></w:p><w:p><w:r><w:t>下一段</w:t></w:r></w:p>"#,
        );
        assert_eq!(
            document_lines(&xml).unwrap(),
            vec![
                "锚段尾".to_owned(),
                "专栏1 工程".to_owned(),
                "下一段".to_owned()
            ]
        );
    }

    #[test]
    fn broken_xml_is_an_error() {
        assert!(document_lines("<w:document><w:body><w:p></w:body>").is_err());
    }
}
