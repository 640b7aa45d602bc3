//! .docx → text. A Word file is a ZIP archive whose `word/document.xml` holds the
//! body. The text comes out one line per paragraph, in document order: body
//! paragraphs, tables row by row, and text boxes. A table row of two cells or more is
//! one line with its cells separated by tabs (a cell's paragraphs joined, a vertically
//! merged cell repeating the cell above it), which is how `extract` reads a 分工表; a
//! row of one cell (a cell spanning the table, a 1×1 box) is its paragraphs as lines.
//! Text boxes matter because plans often put an engineering column (专栏) in one. Word
//! stores each box twice — a DrawingML copy in `mc:Choice` and a VML copy in
//! `mc:Fallback` — so only the first alternative of each `mc:AlternateContent` is read. A box's lines follow the paragraph it is anchored
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
/// archive says so (presentation, OpenDocument text). OFD packages and workbooks never
/// come here: `read` sends them to their own readers.
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
    if has("ppt/presentation.xml") {
        unsupported(
            "this is a PowerPoint presentation, not a plan document; \
             PlanScope reads plans saved as text, Word, WPS, PDF, OFD, web pages or spreadsheets",
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

/// How a cell takes part in a vertical merge (w:vMerge).
#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum VMerge {
    #[default]
    No,
    /// The first cell of a merge: its text stands for the cells merged below it.
    Restart,
    /// A cell merged into the one above it.
    Continue,
}

/// One open table cell: the lines of its paragraphs (and of anything nested in it).
struct Cell {
    lines: Vec<String>,
    /// Grid columns the cell spans (w:gridSpan).
    span: usize,
    vmerge: VMerge,
    /// An old-style horizontal merge continues the cell before it (w:hMerge).
    hmerge_continue: bool,
}

impl Default for Cell {
    fn default() -> Self {
        Cell {
            lines: Vec::new(),
            span: 1,
            vmerge: VMerge::No,
            hmerge_continue: false,
        }
    }
}

/// One open table: the cells of the row being read, and what each grid column last held
/// (the text a vertically merged cell below repeats).
#[derive(Default)]
struct Table {
    row: Vec<Cell>,
    grid_before: usize,
    above: Vec<String>,
}

/// What is open while `document.xml` is read, innermost last.
enum Open {
    Paragraph(Paragraph),
    Table(Table),
    Cell(Cell),
}

/// The innermost open paragraph, where text goes.
fn paragraph_mut(open: &mut [Open]) -> Option<&mut Paragraph> {
    match open.last_mut() {
        Some(Open::Paragraph(p)) => Some(p),
        _ => None,
    }
}

/// The value of a `w:val` attribute.
fn val(e: &quick_xml::events::BytesStart) -> Option<String> {
    e.try_get_attribute("w:val")
        .ok()
        .flatten()
        .map(|a| a.value.into_owned())
}

/// Reads the properties of a cell or a row that tables need: spans and merges.
fn table_property(e: &quick_xml::events::BytesStart, open: &mut [Open]) {
    match (e.name().into_inner(), open.last_mut()) {
        ("w:gridSpan", Some(Open::Cell(c))) => {
            c.span = val(e)
                .and_then(|v| v.parse().ok())
                .unwrap_or(1)
                .clamp(1, 64);
        }
        ("w:vMerge", Some(Open::Cell(c))) => {
            c.vmerge = match val(e).as_deref() {
                Some("restart") => VMerge::Restart,
                _ => VMerge::Continue,
            };
        }
        ("w:hMerge", Some(Open::Cell(c))) => {
            c.hmerge_continue = val(e).as_deref() != Some("restart");
        }
        ("w:gridBefore", Some(Open::Table(t))) => {
            t.grid_before = val(e).and_then(|v| v.parse().ok()).unwrap_or(0).min(64);
        }
        _ => {}
    }
}

/// Walks `document.xml` and returns its non-empty paragraphs as lines.
fn document_lines(xml: &str) -> std::result::Result<Vec<String>, quick_xml::Error> {
    let mut reader = Reader::from_str(xml);
    // Keep the spaces Word preserves inside w:t.
    reader.config_mut().trim_text(false);

    let mut lines: Vec<String> = Vec::new();
    let mut open: Vec<Open> = Vec::new();
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
                    "w:p" => open.push(Open::Paragraph(Paragraph::default())),
                    "w:tbl" => open.push(Open::Table(Table::default())),
                    "w:tr" => {
                        if let Some(Open::Table(t)) = open.last_mut() {
                            t.row.clear();
                            t.grid_before = 0;
                        }
                    }
                    "w:tc" => open.push(Open::Cell(Cell::default())),
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
                    _ => table_property(&e, &mut open),
                }
            }
            Event::End(e) => {
                if skip_until == Some(depth) {
                    skip_until = None;
                } else if skip_until.is_none() {
                    match e.name().into_inner() {
                        "w:p" => close_paragraph(&mut open, &mut lines),
                        "w:tc" => close_cell(&mut open, &mut lines),
                        "w:tr" => close_row(&mut open, &mut lines),
                        "w:tbl" => close_table(&mut open),
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
                        open.push(Open::Paragraph(Paragraph::default()));
                        close_paragraph(&mut open, &mut lines);
                        None
                    }
                    // An empty cell keeps its place in the row.
                    "w:tc" => {
                        open.push(Open::Cell(Cell::default()));
                        close_cell(&mut open, &mut lines);
                        None
                    }
                    _ => {
                        table_property(&e, &mut open);
                        None
                    }
                };
                if let (Some(mark), Some(paragraph)) = (mark, paragraph_mut(&mut open)) {
                    paragraph.text.push(mark);
                }
            }
            Event::Text(t) if in_text && skip_until.is_none() => {
                if let Some(paragraph) = paragraph_mut(&mut open) {
                    paragraph.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) if in_text && skip_until.is_none() => {
                if let Some(paragraph) = paragraph_mut(&mut open) {
                    paragraph.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_text && skip_until.is_none() => {
                let resolved = match r.resolve_char_ref()? {
                    Some(c) => Some(c.to_string()),
                    None => quick_xml::escape::resolve_predefined_entity(&r).map(str::to_owned),
                };
                if let (Some(s), Some(paragraph)) = (resolved, paragraph_mut(&mut open)) {
                    paragraph.text.push_str(&s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // A document cut off mid-paragraph or mid-table still gives what was read.
    while let Some(top) = open.last() {
        match top {
            Open::Paragraph(_) => close_paragraph(&mut open, &mut lines),
            Open::Cell(_) => close_cell(&mut open, &mut lines),
            Open::Table(t) => {
                if !t.row.is_empty() {
                    close_row(&mut open, &mut lines);
                }
                close_table(&mut open);
            }
        }
    }
    Ok(lines)
}

/// Gives finished lines to what encloses them: a paragraph's text box lines to that
/// paragraph (emitted after it), a cell's paragraphs to the cell, else to the document.
fn emit(open: &mut [Open], lines: &mut Vec<String>, out: Vec<String>) {
    for o in open.iter_mut().rev() {
        match o {
            Open::Paragraph(anchor) => return anchor.boxes.extend(out),
            Open::Cell(cell) => return cell.lines.extend(out),
            Open::Table(_) => {}
        }
    }
    lines.extend(out);
}

/// Ends the innermost open paragraph. A paragraph inside a text box goes to the
/// paragraph it is anchored in (emitted after that one); a paragraph of a cell to the
/// cell; a top-level paragraph goes out with the boxes anchored in it.
fn close_paragraph(open: &mut Vec<Open>, lines: &mut Vec<String>) {
    let Some(Open::Paragraph(paragraph)) = open.pop_if(|o| matches!(o, Open::Paragraph(_))) else {
        return;
    };
    let mut out = Vec::with_capacity(1 + paragraph.boxes.len());
    if !paragraph.text.trim().is_empty() {
        out.push(paragraph.text);
    }
    out.extend(paragraph.boxes);
    emit(open, lines, out);
}

/// Ends the innermost open cell: it joins its table's row.
fn close_cell(open: &mut Vec<Open>, lines: &mut Vec<String>) {
    let Some(Open::Cell(cell)) = open.pop_if(|o| matches!(o, Open::Cell(_))) else {
        return;
    };
    match open.last_mut() {
        Some(Open::Table(t)) => t.row.push(cell),
        // A cell outside any row: its lines are text all the same.
        _ => emit(open, lines, cell.lines),
    }
}

/// Ends the row of the innermost open table (see [`row_lines`]).
fn close_row(open: &mut [Open], lines: &mut Vec<String>) {
    let Some(Open::Table(t)) = open.last_mut() else {
        return;
    };
    let out = row_lines(t);
    emit(open, lines, out);
}

/// Ends the innermost open table.
fn close_table(open: &mut Vec<Open>) {
    open.pop_if(|o| matches!(o, Open::Table(_)));
}

/// A row as lines. A row of two cells or more is one line, its cells separated by tabs
/// (an empty cell leaves its place empty; a cell merged into the one above repeats that
/// cell's text): the form `extract` reads task tables in. A row of one cell — a cell
/// spanning the table (a section row of a 分工表, a 1×1 box around a 专栏) — is its
/// paragraphs as lines, as in the body.
fn row_lines(t: &mut Table) -> Vec<String> {
    // A cell an old-style horizontal merge continues widens the cell before it.
    let mut row: Vec<Cell> = Vec::with_capacity(t.row.len());
    for cell in std::mem::take(&mut t.row) {
        match row.last_mut() {
            Some(before) if cell.hmerge_continue => before.span += cell.span,
            _ => row.push(cell),
        }
    }
    if let [cell] = &row[..] {
        return if cell.vmerge == VMerge::Continue {
            Vec::new()
        } else {
            cell.lines.clone()
        };
    }
    let mut col = t.grid_before;
    let mut cells: Vec<String> = Vec::with_capacity(row.len());
    for cell in row {
        let end = col + cell.span;
        if t.above.len() < end {
            t.above.resize(end, String::new());
        }
        let text = if cell.vmerge == VMerge::Continue {
            t.above[col].clone()
        } else {
            let text = cell_text(&cell.lines);
            for slot in &mut t.above[col..end] {
                slot.clone_from(&text);
            }
            text
        };
        cells.push(text);
        col = end;
    }
    if cells.iter().all(String::is_empty) {
        return Vec::new();
    }
    vec![cells.join("\t")]
}

/// The text of a cell of a multi-cell row, on one line: its paragraphs (and lines broken
/// within them) joined — with nothing after sentence or list punctuation (the text runs
/// on), with 、 between two short names (a cell listing units one per paragraph), else
/// with ；. A tab inside a cell becomes a space, since tabs separate the cells.
pub(crate) fn cell_text(lines: &[String]) -> String {
    let mut out = String::new();
    let mut prev_short = false;
    for piece in lines.iter().flat_map(|l| l.split('\n')) {
        let piece = piece.trim().replace('\t', " ");
        if piece.is_empty() {
            continue;
        }
        let short = is_short_name(&piece);
        if let Some(last) = out.chars().last() {
            if "。；;！!？?：:，,、".contains(last) {
            } else if prev_short && short {
                out.push('、');
            } else {
                out.push('；');
            }
        }
        out.push_str(&piece);
        prev_short = short;
    }
    out
}

/// Could this paragraph be one name in a list (省工业和信息化厅, 各市人民政府)? Short,
/// with no punctuation and no spaces.
fn is_short_name(s: &str) -> bool {
    s.chars().count() <= 20
        && !s
            .chars()
            .any(|c| c.is_whitespace() || "。，、；：！？“”《》.,;:!?\"".contains(c))
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

    /// A cell with these paragraphs and properties.
    fn tc(props: &str, paras: &[&str]) -> String {
        let ps: String = paras
            .iter()
            .map(|p| format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>"))
            .collect();
        format!("<w:tc><w:tcPr>{props}</w:tcPr>{ps}</w:tc>")
    }

    #[test]
    fn a_row_is_one_line_of_tab_separated_cells() {
        let xml = body(&format!(
            "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>\
             <w:tr>{}{}{}</w:tr><w:tr>{}</w:tr><w:tr>{}{}{}</w:tr><w:tr>{}<w:tc/>{}</w:tr></w:tbl>\
             <w:p><w:r><w:t>表后</w:t></w:r></w:p>",
            tc("", &["序号"]),
            tc("", &["重点任务"]),
            tc("", &["牵头单位"]),
            tc(
                r#"<w:gridSpan w:val="3"/>"#,
                &["一、强化基础", "（一）建设网络"]
            ),
            tc("", &["1"]),
            tc("", &["建设网络。", "推进工程"]),
            tc(
                r#"<w:vMerge w:val="restart"/>"#,
                &["省工信厅", "省通信管理局"]
            ),
            tc("", &["2"]),
            tc("<w:vMerge/>", &[]),
        ));
        assert_eq!(
            document_lines(&xml).unwrap(),
            vec![
                "序号\t重点任务\t牵头单位",
                "一、强化基础",
                "（一）建设网络",
                "1\t建设网络。推进工程\t省工信厅、省通信管理局",
                "2\t\t省工信厅、省通信管理局",
                "表后",
            ]
        );
    }

    #[test]
    fn a_vertically_merged_cell_repeats_in_each_row() {
        let xml = body(&format!(
            "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
            tc("", &["建设网络"]),
            tc(r#"<w:vMerge w:val="restart"/>"#, &["省工信厅"]),
            tc("", &["推进工程"]),
            tc(r#"<w:vMerge w:val="continue"/>"#, &[""]),
        ));
        assert_eq!(
            document_lines(&xml).unwrap(),
            vec!["建设网络\t省工信厅", "推进工程\t省工信厅"]
        );
    }

    #[test]
    fn a_one_cell_box_reads_as_paragraphs() {
        let xml = body(&format!(
            "<w:tbl><w:tr>{}</w:tr></w:tbl>",
            tc("", &["专栏1 工程", "1.建设数据中心。", "2.推进网络"]),
        ));
        assert_eq!(
            document_lines(&xml).unwrap(),
            vec!["专栏1 工程", "1.建设数据中心。", "2.推进网络"]
        );
    }

    #[test]
    fn a_cut_off_table_gives_what_was_read() {
        let xml = format!(
            "<w:document><w:body><w:tbl><w:tr>{}{}</w:tr><w:tr>{}<w:tc><w:p><w:r><w:t>半",
            tc("", &["a"]),
            tc("", &["b"]),
            tc("", &["c"]),
        );
        assert_eq!(document_lines(&xml).unwrap(), vec!["a\tb", "c\t半"]);
    }

    #[test]
    fn broken_xml_is_an_error() {
        assert!(document_lines("<w:document><w:body><w:p></w:body>").is_err());
    }
}
