//! Spreadsheets → text: .xlsx (Excel), .xls (Excel 97–2003), .et (WPS 表格, the same
//! binary as .xls) and .ods, read with `calamine`; and Excel's XML Spreadsheet 2003, which
//! web systems still export ledgers in (as .xls or .xml), read here with `quick-xml`. A task ledger (分工表, 任务清单) is the
//! commonest plan that arrives as a spreadsheet, so every visible worksheet comes out as
//! a table, in the form `extract` reads task tables in — the same form `docx` gives a
//! Word table:
//!
//! - a row of two cells or more is one line, its cells separated by tabs, in their
//!   columns (an empty cell leaves its place empty, so columns stay under their header);
//! - a region merged down several rows repeats its text in each row it covers (a lead
//!   unit merged down beside three tasks leads all three); a region merged across
//!   columns keeps its text in its first column;
//! - a row with one filled cell — a title, a section row merged across the table
//!   (一、强化网络基础), a note — is that cell's text as plain lines;
//! - a cell's own line breaks are joined as a Word cell's paragraphs are.
//!
//! A sheet that is not a task table is read as the same lines, which `extract` then
//! reads as text. Hidden sheets (lookup lists for drop-downs) and chart sheets are left
//! out; a workbook of several sheets names each sheet (unless its name is a default one
//! such as Sheet1) on a line before its rows. Dates come out as 2025年6月30日, whole
//! numbers without a decimal point.
//!
//! Bounds: the archive of an .xlsx/.ods may not unpack to more than [`MAX_UNPACKED`]
//! bytes, and a workbook may not hold more than [`MAX_CELLS`] filled cells (repeated
//! merged cells included); .xlsx sheets are streamed cell by cell, so one stray cell at
//! XFD1048576 costs nothing. The reader runs inside `catch_quietly`: a malformed file
//! that makes it panic becomes an error.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, DataRef, Dimensions, Reader, SheetType, SheetVisible};

use super::docx::cell_text;
use super::pdf::catch_quietly;
use crate::{Error, Result};

/// The most an .xlsx or .ods archive may unpack to (by the sizes its directory declares).
pub(crate) const MAX_UNPACKED: u64 = 512 * 1024 * 1024;

/// The most filled cells PlanScope reads from one workbook: a ledger of a thousand tasks
/// has some ten thousand.
pub(crate) const MAX_CELLS: usize = 2_000_000;

/// Which reader a workbook needs, decided by `read` from the file's first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Book {
    /// A ZIP with `xl/workbook.xml`.
    Xlsx,
    /// An OLE compound file with a `Workbook` or `Book` stream (.xls, .et).
    Xls,
    /// A ZIP with an OpenDocument spreadsheet `content.xml`.
    Ods,
}

/// One worksheet as read: its name, its filled cells by (row, column), and its merged
/// regions.
struct Grid {
    name: String,
    cells: BTreeMap<(u32, u32), String>,
    merges: Vec<Dimensions>,
}

/// Reads the text of a workbook held in memory.
pub(crate) fn sheet_text(path: &Path, bytes: &[u8], book: Book) -> Result<String> {
    let unreadable = |reason: String| Error::Unreadable {
        path: path.to_path_buf(),
        reason,
    };
    if matches!(book, Book::Xlsx | Book::Ods) {
        check_unpacked(path, bytes)?;
    }
    let grids = match catch_quietly(|| read_grids(bytes, book)) {
        Ok(Ok(grids)) => grids,
        Ok(Err(Problem::Password)) => {
            return Err(Error::Unsupported {
                path: path.to_path_buf(),
                reason: "this spreadsheet is password-protected; open it in Excel or WPS, \
                         remove the password, save it again, then import that"
                    .to_owned(),
            });
        }
        Ok(Err(Problem::TooMany)) => {
            return Err(Error::Unsupported {
                path: path.to_path_buf(),
                reason: format!(
                    "this spreadsheet has more than {MAX_CELLS} filled cells, more than a \
                     plan's task table; save the sheet of the plan on its own and import that"
                ),
            });
        }
        Ok(Err(Problem::Damaged(e))) => {
            return Err(unreadable(format!(
                "this spreadsheet is damaged and cannot be read ({e}); open it in Excel or \
                 WPS and save it again"
            )));
        }
        Err(()) => {
            return Err(unreadable(
                "this spreadsheet is damaged or malformed and cannot be read; open it in \
                 Excel or WPS and save it again"
                    .to_owned(),
            ));
        }
    };
    grids_text(path, grids)
}

/// The lines of every non-empty sheet (named when there are several), or why there are
/// none.
fn grids_text(path: &Path, grids: Vec<Grid>) -> Result<String> {
    let several = grids.iter().filter(|g| !g.cells.is_empty()).count() > 1;
    let mut lines: Vec<String> = Vec::new();
    for grid in &grids {
        if grid.cells.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        if several && !is_default_name(&grid.name) {
            lines.push(grid.name.trim().to_owned());
        }
        lines.extend(grid_lines(grid));
    }
    if lines.iter().all(|l| l.trim().is_empty()) {
        return Err(Error::Unsupported {
            path: path.to_path_buf(),
            reason: "this spreadsheet has no text in any visible sheet; PlanScope needs the \
                     plan's tasks as text"
                .to_owned(),
        });
    }
    Ok(lines.join("\n"))
}

/// Why a workbook could not be read.
enum Problem {
    Password,
    TooMany,
    Damaged(String),
}

impl From<calamine::XlsxError> for Problem {
    fn from(e: calamine::XlsxError) -> Self {
        match e {
            calamine::XlsxError::Password => Problem::Password,
            e => Problem::Damaged(e.to_string()),
        }
    }
}

impl From<calamine::XlsError> for Problem {
    fn from(e: calamine::XlsError) -> Self {
        match e {
            calamine::XlsError::Password => Problem::Password,
            e => Problem::Damaged(e.to_string()),
        }
    }
}

impl From<calamine::OdsError> for Problem {
    fn from(e: calamine::OdsError) -> Self {
        Problem::Damaged(e.to_string())
    }
}

/// The sheets a workbook shows: visible worksheets, in their order.
fn shown_sheets(meta: &[calamine::Sheet]) -> Vec<String> {
    meta.iter()
        .filter(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect()
}

fn read_grids(bytes: &[u8], book: Book) -> std::result::Result<Vec<Grid>, Problem> {
    let mut filled = 0usize;
    let mut grids = Vec::new();
    match book {
        Book::Xlsx => {
            let mut wb: calamine::Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))?;
            for name in shown_sheets(wb.sheets_metadata()) {
                let mut cells = BTreeMap::new();
                {
                    let mut reader = wb.worksheet_cells_reader(&name)?;
                    while let Some(cell) = reader.next_cell()? {
                        let text = ref_text(cell.get_value());
                        if text.is_empty() {
                            continue;
                        }
                        filled += 1;
                        if filled > MAX_CELLS {
                            return Err(Problem::TooMany);
                        }
                        cells.insert(cell.get_position(), text);
                    }
                }
                let merges = wb.merge_cells_by_sheet_name(&name).unwrap_or_default();
                grids.push(Grid {
                    name,
                    cells,
                    merges,
                });
            }
        }
        Book::Xls => {
            let mut wb: calamine::Xls<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))?;
            for name in shown_sheets(wb.sheets_metadata()) {
                let range = wb.worksheet_range(&name)?;
                let cells = range_cells(&range, &mut filled)?;
                let merges = wb.merge_cells_by_sheet_name(&name).unwrap_or_default();
                grids.push(Grid {
                    name,
                    cells,
                    merges,
                });
            }
        }
        Book::Ods => {
            let mut wb: calamine::Ods<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))?;
            for name in shown_sheets(wb.sheets_metadata()) {
                let range = wb.worksheet_range(&name)?;
                let cells = range_cells(&range, &mut filled)?;
                grids.push(Grid {
                    name,
                    cells,
                    merges: Vec::new(),
                });
            }
        }
    }
    for grid in &mut grids {
        spread_merges(grid, &mut filled)?;
    }
    Ok(grids)
}

/// The filled cells of a read range, by absolute position.
fn range_cells(
    range: &calamine::Range<Data>,
    filled: &mut usize,
) -> std::result::Result<BTreeMap<(u32, u32), String>, Problem> {
    let mut cells = BTreeMap::new();
    let (row0, col0) = range.start().unwrap_or((0, 0));
    for (r, c, value) in range.used_cells() {
        let text = data_text(value);
        if text.is_empty() {
            continue;
        }
        *filled += 1;
        if *filled > MAX_CELLS {
            return Err(Problem::TooMany);
        }
        let at = (
            row0.saturating_add(u32::try_from(r).unwrap_or(u32::MAX)),
            col0.saturating_add(u32::try_from(c).unwrap_or(u32::MAX)),
        );
        cells.insert(at, text);
    }
    Ok(cells)
}

/// Repeats the text of each region merged down several rows in every row it covers (in
/// the region's first column), as Word's vertically merged cells are read.
fn spread_merges(grid: &mut Grid, filled: &mut usize) -> std::result::Result<(), Problem> {
    for m in &grid.merges {
        let (r0, c0) = m.start;
        let (r1, _) = m.end;
        if r1 <= r0 {
            continue;
        }
        let Some(text) = grid.cells.get(&(r0, c0)).cloned() else {
            continue;
        };
        for r in r0 + 1..=r1 {
            *filled += 1;
            if *filled > MAX_CELLS {
                return Err(Problem::TooMany);
            }
            grid.cells.entry((r, c0)).or_insert_with(|| text.clone());
        }
    }
    Ok(())
}

/// The grid's rows as lines (see the module comment).
fn grid_lines(grid: &Grid) -> Vec<String> {
    let Some(first_col) = grid.cells.keys().map(|&(_, c)| c).min() else {
        return Vec::new();
    };
    let mut rows: BTreeMap<u32, Vec<(u32, &str)>> = BTreeMap::new();
    for (&(r, c), text) in &grid.cells {
        rows.entry(r).or_default().push((c, text));
    }
    let mut lines = Vec::new();
    for cells in rows.values() {
        if let [(_, only)] = cells[..] {
            lines.extend(
                only.split('\n')
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned),
            );
            continue;
        }
        let mut line = String::new();
        let mut col = first_col;
        for &(c, text) in cells {
            for _ in col..c {
                line.push('\t');
            }
            col = c;
            // `cell_text` joins the cell's own lines.
            line.push_str(&cell_text(&[text.to_owned()]));
        }
        lines.push(line);
    }
    lines
}

/// A cell's value as text: whole numbers without a decimal point, dates in Chinese.
fn data_text(value: &Data) -> String {
    match value {
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::String(s) | Data::DateTimeIso(s) => normalise(s),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_owned(),
        Data::DateTime(d) => date_text(d),
        Data::DurationIso(_) | Data::Error(_) | Data::Empty => String::new(),
    }
}

fn ref_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::SharedString(s) => normalise(s),
        other => data_text(&Data::from(other.clone())),
    }
}

/// Line ends inside a cell as `\n`, and the text trimmed.
fn normalise(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_owned()
}

fn number_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.0}")
    } else {
        f.to_string()
    }
}

/// A date cell as 2025年6月30日 (a time of day is left out); a duration as its number.
fn date_text(d: &calamine::ExcelDateTime) -> String {
    if !d.is_datetime() {
        return number_text(d.as_f64());
    }
    let (year, month, day, ..) = d.to_ymd_hms_milli();
    format!("{year}年{month}月{day}日")
}

/// Sheet1, Sheet2, 工作表1, Feuil1 …: names a spreadsheet program gives by itself.
fn is_default_name(name: &str) -> bool {
    let stem = name.trim().trim_end_matches(|c: char| c.is_ascii_digit());
    stem.len() < name.trim().len()
        && ["sheet", "工作表", "表", "feuil", "tabelle", "hoja"]
            .iter()
            .any(|d| stem.eq_ignore_ascii_case(d))
}

/// Refuses an archive whose directory declares more than [`MAX_UNPACKED`] bytes.
fn check_unpacked(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| Error::Unreadable {
        path: path.to_path_buf(),
        reason: format!(
            "this spreadsheet is damaged or incomplete and cannot be opened ({e}); open it \
             in Excel or WPS and save it again"
        ),
    })?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        if let Ok(entry) = archive.by_index_raw(i) {
            total = total.saturating_add(entry.size());
        }
    }
    if total > MAX_UNPACKED {
        return Err(Error::Unsupported {
            path: path.to_path_buf(),
            reason: format!(
                "this spreadsheet unpacks to more than {} MiB, more than a plan's task table; \
                 save the sheet of the plan on its own and import that",
                MAX_UNPACKED / (1024 * 1024)
            ),
        });
    }
    Ok(())
}

/// The namespace of Excel's XML Spreadsheet 2003 format, which web systems still export
/// task ledgers in (as .xls or .xml).
const SPREADSHEET_ML: &[u8] = b"urn:schemas-microsoft-com:office:spreadsheet";

/// Is this an XML Spreadsheet 2003 workbook: XML that declares its namespace near the top?
pub(crate) fn is_spreadsheet_ml(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace() && !matches!(b, 0xef | 0xbb | 0xbf))
        .unwrap_or(0);
    head[start..].starts_with(b"<?xml")
        && head
            .windows(SPREADSHEET_ML.len())
            .any(|w| w == SPREADSHEET_ML)
}

/// Reads an XML Spreadsheet 2003 workbook: each visible `Worksheet`'s `Row`s and `Cell`s
/// (with their `ss:Index` positions, `ss:MergeAcross` and `ss:MergeDown`), as the other
/// workbooks are read.
pub(crate) fn spreadsheet_ml_text(path: &Path, bytes: &[u8]) -> Result<String> {
    let (xml, _, malformed) = encoding_rs::UTF_8.decode(bytes);
    if malformed {
        return Err(Error::Unreadable {
            path: path.to_path_buf(),
            reason: "this XML spreadsheet is damaged: its text is not valid UTF-8; open it in \
                     Excel or WPS and save it as .xlsx"
                .to_owned(),
        });
    }
    let mut filled = 0;
    let grids = match spreadsheet_ml_grids(&xml, &mut filled) {
        Ok(grids) => grids,
        Err(Problem::TooMany) => {
            return Err(Error::Unsupported {
                path: path.to_path_buf(),
                reason: format!(
                    "this spreadsheet has more than {MAX_CELLS} filled cells, more than a \
                     plan's task table; save the sheet of the plan on its own and import that"
                ),
            });
        }
        Err(Problem::Password | Problem::Damaged(_)) => {
            return Err(Error::Unreadable {
                path: path.to_path_buf(),
                reason: "this XML spreadsheet is damaged (its XML is not well-formed); open it \
                         in Excel or WPS and save it as .xlsx"
                    .to_owned(),
            });
        }
    };
    grids_text(path, grids)
}

fn spreadsheet_ml_grids(xml: &str, filled: &mut usize) -> std::result::Result<Vec<Grid>, Problem> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let attr = |e: &quick_xml::events::BytesStart, name: &str| -> Option<String> {
        e.attributes()
            .flatten()
            .find(|a| a.key.local_name().as_ref() == name)
            .map(|a| {
                quick_xml::escape::unescape(&a.value)
                    .map(|v| v.into_owned())
                    .unwrap_or_else(|_| a.value.clone().into_owned())
            })
    };
    let number = |v: Option<String>| v.and_then(|v| v.trim().parse::<u32>().ok());
    let mut grids: Vec<Grid> = Vec::new();
    let mut hidden = false;
    // Where the next row and cell go (0-based), the open cell and its text.
    let (mut row, mut col) = (0u32, 0u32);
    let mut cell: Option<((u32, u32), String)> = None;
    let mut in_data = 0usize;
    let mut in_visible = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| Problem::Damaged(e.to_string()))?;
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Worksheet" => {
                grids.push(Grid {
                    name: attr(&e, "Name").unwrap_or_default(),
                    cells: BTreeMap::new(),
                    merges: Vec::new(),
                });
                hidden = false;
                row = 0;
            }
            Event::Start(e) if e.local_name().as_ref() == "Visible" => in_visible = true,
            Event::End(e) if e.local_name().as_ref() == "Visible" => in_visible = false,
            // <Visible>SheetHidden</Visible> (or SheetVeryHidden) in the sheet's options.
            Event::Text(t) if in_visible => {
                hidden = t.xml10_content().contains("Hidden");
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Row" => {
                if let Some(index) = number(attr(&e, "Index")) {
                    row = index.saturating_sub(1);
                }
                col = 0;
            }
            Event::End(e) if e.local_name().as_ref() == "Row" => row = row.saturating_add(1),
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Cell" => {
                if let Some(index) = number(attr(&e, "Index")) {
                    col = index.saturating_sub(1);
                }
                let across = number(attr(&e, "MergeAcross")).unwrap_or(0);
                let down = number(attr(&e, "MergeDown")).unwrap_or(0);
                if (across > 0 || down > 0)
                    && let Some(grid) = grids.last_mut()
                {
                    grid.merges.push(Dimensions {
                        start: (row, col),
                        end: (row.saturating_add(down), col.saturating_add(across)),
                    });
                }
                cell = Some(((row, col), String::new()));
                col = col.saturating_add(across).saturating_add(1);
            }
            Event::End(e) if e.local_name().as_ref() == "Cell" => {
                if let Some((at, text)) = cell.take() {
                    let text = normalise(&text);
                    if !text.is_empty()
                        && let Some(grid) = grids.last_mut()
                    {
                        *filled += 1;
                        if *filled > MAX_CELLS {
                            return Err(Problem::TooMany);
                        }
                        grid.cells.insert(at, text);
                    }
                }
            }
            Event::Start(e) if e.local_name().as_ref() == "Data" => in_data += 1,
            Event::End(e) if e.local_name().as_ref() == "Data" => {
                in_data = in_data.saturating_sub(1);
            }
            Event::Text(t) if in_data > 0 => {
                if let Some((_, text)) = cell.as_mut() {
                    text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_data > 0 => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => quick_xml::escape::resolve_predefined_entity(&r).map(str::to_owned),
                };
                if let (Some((_, text)), Some(s)) = (cell.as_mut(), resolved) {
                    text.push_str(&s);
                }
            }
            Event::End(e) if e.local_name().as_ref() == "Worksheet" && hidden => {
                grids.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    for grid in &mut grids {
        spread_merges(grid, filled)?;
    }
    Ok(grids)
}
