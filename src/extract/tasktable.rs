//! Task tables (重点任务分工表), the commonest way a 分工方案 is issued: a header that
//! names its columns (序号 / 重点任务 / 牵头单位 / 配合单位 / 完成时限 …) and one task per
//! row. Tables reach the parser as lines: a .docx row comes out of `corpus` as one line
//! with its cells separated by tabs (a row merged across the table as plain lines), and
//! a table pasted from a PDF or typed in a .txt separates its cells by a tab or by a run
//! of spaces (two or more, or an ideographic space).
//!
//! Reading a table is a small grammar over its lines. The header says which column is
//! which. After it, every line is one of: a row start (a number in the 序号 column, or,
//! in a table without one, any line of two cells or more); a continuation of the row
//! above (a long cell wrapped onto the next line: its pieces go to the columns they
//! stand under, a single piece to the task cell); a section row (one cell, 一、 / （一）
//! or a short title), which counts only when a row follows it; the header repeated on a
//! new page, skipped; or anything else, where the table ends.

use super::markers::{self, Kind, Level};
use super::text::{self, Line, Para};
use super::units;
use crate::model::{Role, UnitRole};

/// What a column of a task table holds, read from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// 序号.
    Number,
    /// 重点任务, 工作任务, 任务内容, 具体措施 …: the first such column is the task.
    Task,
    /// 工作目标, 预期成效 …: read for targets with the task.
    Goal,
    /// 牵头单位, 牵头部门, 主责单位.
    Lead,
    /// 责任单位, 责任部门: lead, unless the table also has a 牵头 column.
    Responsible,
    /// 配合单位, 协办单位, 参与单位, 协助单位.
    Cooperate,
    /// 完成时限, 时间节点, 完成时间, 完成期限.
    Deadline,
    /// Anything else (备注 …).
    Other,
}

/// Longest header cell, in characters: header cells are names of columns, never sentences.
const MAX_HEADER_CELL: usize = 12;

/// The kind of a column from its header cell (folded, without whitespace), or None when
/// the cell cannot be a header (too long, or a sentence).
fn column_kind(cell: &str) -> Option<ColumnKind> {
    use ColumnKind::*;
    if cell.chars().count() > MAX_HEADER_CELL
        || cell.contains(['。', ',', '，', ';', '；', '、', ':', '：'])
    {
        return None;
    }
    let has = |words: &[&str]| words.iter().any(|w| cell.contains(w));
    Some(if cell == "序" || has(&["序号", "编号"]) {
        Number
    } else if has(&["牵头", "主责", "主办"]) {
        Lead
    } else if has(&["配合", "协办", "参与", "协助", "协同"]) {
        Cooperate
    } else if has(&["责任", "负责"]) && !has(&["领导", "人"]) {
        Responsible
    } else if has(&["时限", "期限", "时间", "年限"]) {
        Deadline
    } else if has(&["目标", "成效", "成果"]) {
        Goal
    } else if has(&["任务", "内容", "举措", "措施", "事项", "工作"]) {
        Task
    } else {
        Other
    })
}

/// A cell of a line: its characters with their original offsets, and where it stands —
/// the tab-separated slot, or the display column (a CJK character is two wide).
#[derive(Debug, Clone)]
struct Piece {
    chars: Vec<char>,
    orig: Vec<usize>,
    /// Cell index in a tab-separated line.
    slot: Option<usize>,
    /// Display column where the piece starts, and its display width.
    col: usize,
    width: usize,
}

/// Display width of a character in a fixed-width layout: two for CJK and full-width
/// forms (and the quotes and dashes Chinese text sets full width), one otherwise.
fn width(c: char) -> usize {
    match c {
        '\u{feff}' | '\u{200b}' => 0,
        '\u{1100}'..='\u{115f}'
        | '\u{2014}'
        | '\u{2018}'..='\u{201d}'
        | '\u{2026}'
        | '\u{2e80}'..='\u{a4cf}'
        | '\u{ac00}'..='\u{d7a3}'
        | '\u{f900}'..='\u{faff}'
        | '\u{fe30}'..='\u{fe4f}'
        | '\u{ff00}'..='\u{ff60}'
        | '\u{ffe0}'..='\u{ffe6}'
        | '\u{20000}'..='\u{3fffd}' => 2,
        _ => 1,
    }
}

fn is_ws(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{3000}' | '\u{feff}' | '\u{00a0}')
}

/// A line cut into its cells, and whether tabs cut it.
#[derive(Debug, Clone)]
struct Cut {
    pieces: Vec<Piece>,
    tabbed: bool,
    /// Display width of the whitespace the line began with.
    lead_width: usize,
}

impl Cut {
    fn of(line: &Line) -> Cut {
        let tabbed = line.chars.contains(&'\t') || line.lead.contains(&'\t');
        let lead_width: usize = line.lead.iter().map(|&c| width(c)).sum();
        let mut pieces = Vec::new();
        let mut piece = |from: usize, to: usize, slot: Option<usize>, col: usize| {
            let (mut a, mut b) = (from, to);
            while a < b && is_ws(line.chars[a]) {
                a += 1;
            }
            while b > a && is_ws(line.chars[b - 1]) {
                b -= 1;
            }
            let skipped: usize = line.chars[from..a].iter().map(|&c| width(c)).sum();
            if a < b {
                pieces.push(Piece {
                    chars: line.chars[a..b].to_vec(),
                    orig: line.orig[a..b].to_vec(),
                    slot,
                    col: col + skipped,
                    width: line.chars[a..b].iter().map(|&c| width(c)).sum(),
                });
            }
        };
        let n = line.chars.len();
        if tabbed {
            // Every tab is a cell boundary, so an empty cell keeps its place; tabs the line
            // began with are empty cells before the first.
            let mut slot = line.lead.iter().filter(|&&c| c == '\t').count();
            let mut start = 0;
            for k in 0..=n {
                if k == n || line.chars[k] == '\t' {
                    piece(start, k, Some(slot), slot);
                    slot += 1;
                    start = k + 1;
                }
            }
        } else {
            // A run of two spaces or more, or one holding an ideographic space, divides cells;
            // a single space stays inside a cell ("NB IoT").
            let mut col = lead_width;
            let mut start = 0;
            let mut start_col = col;
            let mut k = 0;
            while k < n {
                if is_ws(line.chars[k]) {
                    let run_start = k;
                    let mut ideographic = false;
                    while k < n && is_ws(line.chars[k]) {
                        ideographic |= line.chars[k] == '\u{3000}';
                        col += width(line.chars[k]);
                        k += 1;
                    }
                    if k - run_start >= 2 || ideographic {
                        piece(start, run_start, None, start_col);
                        start = k;
                        start_col = col;
                    }
                } else {
                    col += width(line.chars[k]);
                    k += 1;
                }
            }
            piece(start, n, None, start_col);
        }
        Cut {
            pieces,
            tabbed,
            lead_width,
        }
    }

    fn folded(piece: &Piece) -> String {
        piece
            .chars
            .iter()
            .filter(|&&c| !is_ws(c))
            .map(|&c| text::fold_char(c))
            .collect()
    }
}

/// A task table's header: the kind of each column and, for a table laid out with spaces,
/// the display columns each header cell covers.
#[derive(Debug, Clone)]
pub struct Header {
    pub kinds: Vec<ColumnKind>,
    spans: Option<Vec<(usize, usize)>>,
    lead_width: usize,
}

/// The header of a task table, when `line` is one: three columns or more, each named
/// like a column, among them a task column and a 牵头 or 责任 column.
pub fn header(line: &Line) -> Option<Header> {
    // Almost no line is a header: a line that names no 牵头 or 责任 column is passed over
    // without being cut into cells.
    let names_units = line.chars.len() <= 160
        && line
            .chars
            .windows(2)
            .any(|w| matches!(w, ['牵', '头'] | ['责', '任'] | ['主', '责'] | ['负', '责']));
    if !names_units {
        return None;
    }
    let cut = Cut::of(line);
    if cut.pieces.len() < 3 || cut.pieces.len() > 12 {
        return None;
    }
    let mut kinds = Vec::new();
    if cut.tabbed {
        // An empty header cell in a tab-separated header is a column all the same.
        for p in &cut.pieces {
            let slot = p.slot.unwrap_or(kinds.len());
            while kinds.len() < slot {
                kinds.push(ColumnKind::Other);
            }
            kinds.push(column_kind(&Cut::folded(p))?);
        }
    } else {
        for p in &cut.pieces {
            kinds.push(column_kind(&Cut::folded(p))?);
        }
    }
    let has = |k: ColumnKind| kinds.contains(&k);
    if !has(ColumnKind::Task) || !(has(ColumnKind::Lead) || has(ColumnKind::Responsible)) {
        return None;
    }
    Some(Header {
        spans: (!cut.tabbed).then(|| {
            cut.pieces
                .iter()
                .map(|p| (p.col, p.col + p.width))
                .collect()
        }),
        kinds,
        lead_width: cut.lead_width,
    })
}

/// A task table read from lines.
#[derive(Debug, Clone)]
pub struct TaskTable {
    pub columns: Vec<ColumnKind>,
    pub entries: Vec<Entry>,
}

/// A section row or a task row, in table order.
#[derive(Debug, Clone)]
pub enum Entry {
    /// A row merged across the table: 一、… / （一）… (with its level, number and the chars
    /// its marker takes), or a short title without a number (`marker` None, level L1).
    Section {
        level: Level,
        marker: Option<(String, usize)>,
        para: Para,
    },
    Row(Row),
}

/// One task row: a cell per column (empty where the table left it blank), and where the
/// row stands in the original text.
#[derive(Debug, Clone)]
pub struct Row {
    pub cells: Vec<Para>,
    pub span: [usize; 2],
}

/// The number in a 序号 cell: one to three digits, perhaps closed by . or 、.
fn row_number(folded: &str) -> Option<String> {
    let digits = folded
        .trim_start_matches('(')
        .trim_end_matches(['.', '、', ')', '。']);
    (!digits.is_empty() && digits.len() <= 3 && digits.chars().all(|c| c.is_ascii_digit()))
        .then(|| digits.to_string())
}

/// A single cell that may head a section: 一、… / （一）… / 第一章, or a short title that
/// does not read as a sentence.
fn section(piece: &Piece) -> Option<(Level, Option<(String, usize)>)> {
    let folded: String = piece.chars.iter().map(|&c| text::fold_char(c)).collect();
    if let Some(m) = markers::detect(&folded) {
        return match m.kind {
            Kind::Heading(level @ (Level::Chapter | Level::L1 | Level::L2)) if !m.glued => {
                Some((level, Some((m.number, m.len))))
            }
            _ => None,
        };
    }
    let plain = folded.chars().count() <= 30
        && !folded.starts_with("注")
        && !text::ends_sentence(&folded)
        && !folded.contains([',', ';', '。']);
    plain.then_some((Level::L1, None))
}

/// What one line of a table is.
enum LineKind {
    Header,
    RowStart(Vec<Piece>),
    Continuation(Vec<Piece>),
    Section(Level, Option<(String, usize)>, Piece),
    End,
}

struct Reader<'a> {
    header: &'a Header,
    numbered: bool,
}

impl Reader<'_> {
    fn classify(&self, line: &Line, in_row: bool) -> LineKind {
        if header(line).is_some() {
            return LineKind::Header;
        }
        let cut = Cut::of(line);
        let mut pieces = cut.pieces;
        let Some(first) = pieces.first() else {
            return LineKind::End;
        };
        let first_folded = Cut::folded(first);
        if first_folded.starts_with("注:") || first_folded.starts_with("备注:") {
            return LineKind::End;
        }
        let at_left = first.slot.is_none_or(|s| s == 0);
        if self.numbered {
            if at_left && pieces.len() >= 2 && row_number(&first_folded).is_some() {
                return LineKind::RowStart(pieces);
            }
            // "1 加快建设…" with one space after the number, and more cells after it.
            if at_left
                && pieces.len() >= 2
                && let Some(split) = split_number(first)
            {
                pieces.splice(0..1, split);
                return LineKind::RowStart(pieces);
            }
        } else if pieces.len() >= 2 {
            return LineKind::RowStart(pieces);
        }
        let lone = (pieces.len() == 1 && at_left)
            .then(|| section(&pieces[0]))
            .flatten();
        // A numbered heading in one cell heads a section wherever it stands.
        if let Some((level, marker @ Some(_))) = &lone {
            return LineKind::Section(*level, marker.clone(), pieces.remove(0));
        }
        // Further right than the table's left edge: the cells of a row wrapped onto this line.
        let indented = if cut.tabbed {
            !at_left
        } else {
            cut.lead_width > self.header.lead_width
        };
        if self.numbered && in_row && indented {
            return LineKind::Continuation(pieces);
        }
        if let Some((level, None)) = lone {
            return LineKind::Section(level, None, pieces.remove(0));
        }
        LineKind::End
    }

    /// The column of each piece of a row's line: in order when a first line fills every
    /// column, the task column for a lone wrapped piece, else by where each piece stands
    /// under the header (the 序号 column holds only the number on a row's first line).
    fn place(&self, pieces: &[Piece], first_line: bool) -> Vec<usize> {
        let n = self.header.kinds.len();
        let task = self
            .header
            .kinds
            .iter()
            .position(|&k| k == ColumnKind::Task)
            .unwrap_or(0);
        if pieces.iter().all(|p| p.slot.is_some()) {
            return pieces
                .iter()
                .map(|p| p.slot.unwrap_or(0).min(n - 1))
                .collect();
        }
        if first_line && pieces.len() == n {
            return (0..n).collect();
        }
        if !first_line && pieces.len() == 1 {
            return vec![task];
        }
        let min = usize::from(self.numbered);
        let mut out = Vec::with_capacity(pieces.len());
        let mut last = 0;
        for (k, p) in pieces.iter().enumerate() {
            let col = if first_line && k == 0 && self.numbered {
                0
            } else {
                let by_place = match &self.header.spans {
                    Some(spans) => {
                        let centre = p.col + p.width / 2;
                        (1..n)
                            .filter(|&c| centre >= (spans[c - 1].1 + spans[c].0) / 2)
                            .count()
                    }
                    None => k + usize::from(!first_line && self.numbered),
                };
                by_place.max(min).max(last).min(n - 1)
            };
            last = col;
            out.push(col);
        }
        out
    }
}

/// "1 加快建设…": the number and the text after its single space, as two pieces.
fn split_number(piece: &Piece) -> Option<Vec<Piece>> {
    let space = piece.chars.iter().position(|&c| is_ws(c))?;
    let number: String = piece.chars[..space]
        .iter()
        .map(|&c| text::fold_char(c))
        .collect();
    row_number(&number)?;
    let rest = space + 1;
    if rest >= piece.chars.len() {
        return None;
    }
    let head_width: usize = piece.chars[..rest].iter().map(|&c| width(c)).sum();
    Some(vec![
        Piece {
            chars: piece.chars[..space].to_vec(),
            orig: piece.orig[..space].to_vec(),
            slot: None,
            col: piece.col,
            width: head_width - 1,
        },
        Piece {
            chars: piece.chars[rest..].to_vec(),
            orig: piece.orig[rest..].to_vec(),
            slot: None,
            col: piece.col + head_width,
            width: piece.width - head_width,
        },
    ])
}

/// The row being read: the pieces of each column, in line order.
struct OpenRow {
    cells: Vec<Vec<Piece>>,
    span: [usize; 2],
}

impl OpenRow {
    fn add(&mut self, pieces: Vec<Piece>, columns: &[usize], line: &Line) {
        for (p, &c) in pieces.into_iter().zip(columns) {
            if let Some(cell) = self.cells.get_mut(c) {
                cell.push(p);
            }
        }
        if let Some(&e) = line.orig.last() {
            self.span[1] = self.span[1].max(e + 1);
        }
    }

    fn finish(self) -> Row {
        Row {
            cells: self.cells.iter().map(|pieces| para_of(pieces)).collect(),
            span: self.span,
        }
    }
}

/// A paragraph of the pieces of one cell. Pieces wrapped from one line to the next join
/// as wrapped lines do; whole cells (of rows a tab-separated table continues) are separate
/// values, so a ； divides them unless the first ends its sentence or list already.
fn para_of(pieces: &[Piece]) -> Para {
    let mut lines: Vec<Line> = Vec::with_capacity(pieces.len());
    for p in pieces {
        let mut chars = p.chars.clone();
        let mut orig = p.orig.clone();
        let after = lines
            .last()
            .and_then(|l| l.chars.last())
            .map(|&c| text::fold_char(c));
        if p.slot.is_some()
            && let (Some(prev), Some(&o)) = (after, p.orig.first())
            && !matches!(prev, '。' | ';' | ',' | '、' | '!' | '?' | ':')
        {
            chars.insert(0, '；');
            orig.insert(0, o);
        }
        lines.push(Line {
            chars,
            orig,
            indented: false,
            after_blank: false,
            lead: Vec::new(),
        });
    }
    let refs: Vec<&Line> = lines.iter().collect();
    text::join(&refs)
}

/// Reads the task table whose header is `lines[at]`: the table, and the index of the first
/// line after it. None when `lines[at]` is no task-table header or no row follows it.
pub fn read(lines: &[Line], at: usize) -> Option<(TaskTable, usize)> {
    let mut at = at;
    let mut header = header(lines.get(at)?)?;
    // A header given in two rows (责任单位 over 牵头单位 | 配合单位, the other names merged
    // down both rows and so repeated) names its columns in its lower row.
    while let Some(lower) = lines.get(at + 1).and_then(self::header) {
        if lower.kinds == header.kinds {
            break;
        }
        header = lower;
        at += 1;
    }
    let reader = Reader {
        numbered: header.kinds.first() == Some(&ColumnKind::Number),
        header: &header,
    };
    let n = header.kinds.len();
    let mut entries = Vec::new();
    // Section rows seen since the last row, kept until a row shows they belong to the table.
    let mut pending: Vec<Entry> = Vec::new();
    let mut pending_from = None;
    let mut open: Option<OpenRow> = None;
    let mut i = at + 1;
    let mut end = i;
    while i < lines.len() {
        let line = &lines[i];
        match reader.classify(line, open.is_some() && pending.is_empty()) {
            LineKind::Header => {}
            LineKind::RowStart(pieces) => {
                if let Some(row) = open.take() {
                    entries.push(Entry::Row(row.finish()));
                }
                entries.append(&mut pending);
                pending_from = None;
                let columns = reader.place(&pieces, true);
                let start = pieces.first().and_then(|p| p.orig.first()).copied();
                let mut row = OpenRow {
                    cells: vec![Vec::new(); n],
                    span: [start.unwrap_or(0), 0],
                };
                row.add(pieces, &columns, line);
                open = Some(row);
            }
            LineKind::Continuation(pieces) => {
                let columns = reader.place(&pieces, false);
                if let Some(row) = open.as_mut() {
                    row.add(pieces, &columns, line);
                }
            }
            LineKind::Section(level, marker, piece) => {
                pending_from.get_or_insert(i);
                pending.push(Entry::Section {
                    level,
                    marker,
                    para: para_of(std::slice::from_ref(&piece)),
                });
                i += 1;
                continue;
            }
            LineKind::End => break,
        }
        i += 1;
        end = i;
    }
    if let Some(row) = open.take() {
        entries.push(Entry::Row(row.finish()));
    }
    // Section rows no row followed were not the table's: the table ends before them.
    let end = pending_from.unwrap_or(end).max(at + 1);
    entries
        .iter()
        .any(|e| matches!(e, Entry::Row(_)))
        .then_some((
            TaskTable {
                columns: header.kinds,
                entries,
            },
            end,
        ))
}

impl TaskTable {
    fn first(&self, kind: ColumnKind) -> Option<usize> {
        self.columns.iter().position(|&k| k == kind)
    }

    /// The task cell of a row.
    pub fn task_cell<'a>(&self, row: &'a Row) -> Option<&'a Para> {
        self.first(ColumnKind::Task).and_then(|c| row.cells.get(c))
    }

    /// The cells a row's targets are read from: its task, detail and goal columns.
    pub fn target_cells<'a>(&'a self, row: &'a Row) -> impl Iterator<Item = &'a Para> {
        self.columns
            .iter()
            .zip(&row.cells)
            .filter(|(k, _)| matches!(k, ColumnKind::Task | ColumnKind::Goal))
            .map(|(_, p)| p)
    }

    /// The printed number of a row's 序号 cell in half-width digits, if it has one.
    pub fn number(&self, row: &Row) -> Option<String> {
        let cell = row.cells.get(self.first(ColumnKind::Number)?)?;
        let folded: String = cell.norm.iter().filter(|c| !c.is_whitespace()).collect();
        row_number(&folded).or_else(|| {
            let t = folded.trim_matches(['.', '、', '(', ')']);
            (!t.is_empty()).then(|| t.to_string())
        })
    }

    /// The 完成时限 cell as printed, when the row fills it.
    pub fn deadline(&self, row: &Row) -> Option<String> {
        let cell = row.cells.get(self.first(ColumnKind::Deadline)?)?;
        let s = cell.disp_str();
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_string())
    }

    /// The units of a row: each unit column's cells with the column's role (a 责任 column is
    /// lead unless the table has a 牵头 column), each unit once with its strongest role.
    pub fn units(&self, row: &Row) -> Vec<UnitRole> {
        let has_lead = self.first(ColumnKind::Lead).is_some();
        let mut out: Vec<UnitRole> = Vec::new();
        for (kind, cell) in self.columns.iter().zip(&row.cells) {
            let role = match kind {
                ColumnKind::Lead => Role::Lead,
                ColumnKind::Responsible if has_lead => Role::Cooperate,
                ColumnKind::Responsible => Role::Lead,
                ColumnKind::Cooperate => Role::Cooperate,
                _ => continue,
            };
            if cell.norm.is_empty() {
                continue;
            }
            for u in units::parse_cell(&cell.norm, &cell.disp, role) {
                match out.iter_mut().find(|o| o.name == u.name) {
                    Some(o) => o.role = o.role.min(u.role),
                    None => out.push(u),
                }
            }
        }
        out
    }

    /// A row as printed: its filled cells, separated by tabs as they are in the table.
    pub fn text(row: &Row) -> String {
        row.cells
            .iter()
            .filter(|c| !c.disp.is_empty())
            .map(Para::disp_str)
            .collect::<Vec<_>>()
            .join("\t")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> (TaskTable, usize) {
        let lines = text::lines(text);
        read(&lines, 0).expect("a task table")
    }

    /// Each row's cells as printed.
    fn rows(t: &TaskTable) -> Vec<Vec<String>> {
        t.entries
            .iter()
            .filter_map(|e| match e {
                Entry::Row(r) => Some(r.cells.iter().map(Para::disp_str).collect()),
                Entry::Section { .. } => None,
            })
            .collect()
    }

    fn sections(t: &TaskTable) -> Vec<String> {
        t.entries
            .iter()
            .filter_map(|e| match e {
                Entry::Section { para, .. } => Some(para.disp_str()),
                Entry::Row(_) => None,
            })
            .collect()
    }

    #[test]
    fn header_names_its_columns() {
        use ColumnKind::*;
        let line = |s: &str| text::lines(s).remove(0);
        let h = header(&line("序号\t重点任务\t牵头单位\t配合单位\t完成时限")).unwrap();
        assert_eq!(h.kinds, vec![Number, Task, Lead, Cooperate, Deadline]);
        let h = header(&line("工作内容    责任部门    时间节点")).unwrap();
        assert_eq!(h.kinds, vec![Task, Responsible, Deadline]);
        let h = header(&line("序号　主要任务　主责单位　协办单位　完成期限　备注")).unwrap();
        assert_eq!(
            h.kinds,
            vec![Number, Task, Lead, Cooperate, Deadline, Other]
        );
        // An indicator table, a sentence with spaces, a table without units: not task tables.
        for s in [
            "指标名称    单位    2020年    2025年    属性",
            "加快建设网络，推进工程。  省工信厅负责  年底前完成",
            "序号    任务    完成时限",
        ] {
            assert!(header(&line(s)).is_none(), "{s}");
        }
    }

    #[test]
    fn tab_rows_with_sections_and_a_repeated_header() {
        let text = "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n\
                    一、强化基础支撑\n\
                    （一）建设网络\n\
                    1\t加快5G建设。到2025年建成5G基站25万个\t省通信管理局\t省工业和信息化厅、各市政府\t2025年12月底\n\
                    序号\t重点任务\t牵头单位\t配合单位\t完成时限\n\
                    2\t推进光网\t省工业和信息化厅\t\t持续推进\n\
                    三、保障措施\n\
                    （一）加强组织领导。各地要建立工作机制。";
        let (t, end) = table(text);
        assert_eq!(sections(&t), vec!["一、强化基础支撑", "（一）建设网络"]);
        let r = rows(&t);
        assert_eq!(r.len(), 2);
        assert_eq!(
            r[1],
            vec!["2", "推进光网", "省工业和信息化厅", "", "持续推进"]
        );
        // The heading after the table is not one of its sections.
        assert_eq!(end, 6);
        let Some(Entry::Row(first)) = t.entries.get(2) else {
            panic!("row")
        };
        assert_eq!(t.number(first).as_deref(), Some("1"));
        assert_eq!(t.deadline(first).as_deref(), Some("2025年12月底"));
        let units: Vec<(String, Role)> = t
            .units(first)
            .into_iter()
            .map(|u| (u.name.to_string(), u.role))
            .collect();
        assert_eq!(
            units,
            vec![
                ("省通信管理局".to_string(), Role::Lead),
                ("省工业和信息化厅".to_string(), Role::Cooperate),
                ("各市政府".to_string(), Role::Cooperate),
            ]
        );
    }

    #[test]
    fn a_wrapped_task_cell_continues_its_row() {
        let text = "\
序号  重点任务                      牵头单位          配合单位        完成时限
1     加快建设新一代移动通信网络，  省通信管理局      省工业和信息化厅  2025年底
      规模化部署5G网络
2     建设算力设施                  省大数据局                        2026年6月底前
      和数据中心。                                    省发展改革委
此后是正文的一段话，不在表中。";
        let (t, end) = table(text);
        let r = rows(&t);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0][1], "加快建设新一代移动通信网络，规模化部署5G网络");
        assert_eq!(r[0][2], "省通信管理局");
        assert_eq!(r[0][3], "省工业和信息化厅");
        assert_eq!(r[0][4], "2025年底");
        assert_eq!(r[1][1], "建设算力设施和数据中心。");
        assert_eq!(r[1][2], "省大数据局");
        assert_eq!(r[1][3], "省发展改革委");
        assert_eq!(r[1][4], "2026年6月底前");
        assert_eq!(end, 5);
    }

    #[test]
    fn without_a_number_column_every_line_is_a_row() {
        let text = "工作任务\t责任单位\t完成时间\n推进数据共享\t省大数据局\t2025年\n完善标准\t省市场监管局\t2026年";
        let (t, _) = table(text);
        assert_eq!(rows(&t).len(), 2);
        let Some(Entry::Row(r)) = t.entries.first() else {
            panic!("row")
        };
        assert_eq!(t.number(r), None);
        assert_eq!(t.units(r)[0].role, Role::Lead);
        assert_eq!(TaskTable::text(r), "推进数据共享\t省大数据局\t2025年");
    }

    #[test]
    fn a_responsible_column_beside_a_lead_column_cooperates() {
        let text = "序号\t任务\t牵头单位\t责任单位\n1\t推进\t省工信厅\t各市政府";
        let (t, _) = table(text);
        let Some(Entry::Row(r)) = t.entries.first() else {
            panic!("row")
        };
        let roles: Vec<Role> = t.units(r).iter().map(|u| u.role).collect();
        assert_eq!(roles, vec![Role::Lead, Role::Cooperate]);
    }

    #[test]
    fn a_header_with_no_row_is_no_table() {
        let lines = text::lines("序号\t重点任务\t牵头单位\n一、总体要求\n（一）指导思想。坚持……");
        assert!(read(&lines, 0).is_none());
    }

    #[test]
    fn a_header_in_two_rows_names_its_columns_in_the_lower_row() {
        let text = "序号\t重点任务\t责任单位\t\t完成时限\n序号\t重点任务\t牵头单位\t配合单位\t完成时限\n1\t建设网络\t省通信管理局\t省工信厅\t2025年";
        let (t, end) = table(text);
        use ColumnKind::*;
        assert_eq!(t.columns, [Number, Task, Lead, Cooperate, Deadline]);
        assert_eq!(end, 3);
        let Some(Entry::Row(row)) = t.entries.first() else {
            panic!("a row: {t:?}");
        };
        let units = t.units(row);
        assert_eq!(units.len(), 2);
        assert_eq!(units[0].role, Role::Lead);
        assert_eq!(units[1].role, Role::Cooperate);
    }

    #[test]
    fn a_leading_empty_cell_continues_the_row_above() {
        let text = "序号\t重点任务\t牵头单位\t完成时限\n1\t建设网络\t省通信管理局\t2025年\n\t完善机制\t省工信厅";
        let (t, _) = table(text);
        let r = rows(&t);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0][1], "建设网络；完善机制");
        assert_eq!(r[0][2], "省通信管理局；省工信厅");
        let Some(Entry::Row(row)) = t.entries.first() else {
            panic!("row")
        };
        assert_eq!(t.units(row).len(), 2);
    }
}
