//! Lines and paragraphs rebuilt from where an OFD places its characters, as a reader
//! sees them on the page.
//!
//! Characters sharing a baseline make a line, read left to right. Page numbers
//! (`— 3 —`, `- 3 -`, `第3页`) and lines repeated at the same place at the head or
//! foot of the pages are running debris and go. Lines split by wide gaps into pieces
//! that line up with the pieces of the lines around them are the rows of a table: a row
//! comes out as one line of tab-separated cells, a cell's wrapped lines joined.
//!
//! The text margins are worked out from the lines themselves, for each page size: the
//! left margin is where most lines start (the leftmost start many lines share), the
//! right margin where most long lines end. A paragraph then runs on across line wraps
//! and page breaks, and ends before a line that is indented (a first-line indent, a
//! centred heading), after a line that ends short of the right margin (the last line of
//! a paragraph, a heading), at a change of font size, at a wider gap between lines than
//! the usual line spacing, and before a numbered heading (`二、`, `（三）`, `4.`) that
//! follows a finished sentence.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::page::{Glyph, PageContent, is_wide};

/// A gap of this many ems or more between two characters of a line separates two
/// cells (or two pieces) of it.
const CELL_GAP_EMS: f64 = 2.0;

/// One line of a page.
#[derive(Debug, Clone)]
struct Line {
    text: String,
    /// Baseline, mm from the top of the page.
    y: f64,
    /// Font size (median of its characters), mm.
    size: f64,
    /// Left edge of its first visible character and right edge of its last.
    start: f64,
    end: f64,
    /// Characters on the line, spaces included.
    chars: usize,
    /// Median distance between the starts of neighbouring CJK characters, if it has some.
    pitch: Option<f64>,
    /// The line split at wide gaps.
    pieces: Vec<Piece>,
    /// Index of its page in the document.
    page: usize,
}

/// A piece of a line between wide gaps.
#[derive(Debug, Clone)]
struct Piece {
    start: f64,
    end: f64,
    text: String,
}

/// What a page gives, in reading order.
#[derive(Debug)]
enum Item {
    Text(Line),
    /// A table row, its cells separated by tabs.
    Row(String),
}

/// The median of some values (0 for none).
fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

/// The usual distance between baselines: the lower quartile of the distances between
/// neighbouring lines (wider ones part paragraphs, headers and footers), 0 for none.
fn usual_leading(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 4).copied().unwrap_or(0.0)
}

/// The characters of one page as lines, top to bottom.
fn page_lines(mut glyphs: Vec<Glyph>, page: usize) -> Vec<Line> {
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut lines = Vec::new();
    let mut current: Vec<Glyph> = Vec::new();
    let mut top = 0.0;
    for g in glyphs {
        if let Some(first) = current.first()
            && g.y - top > 0.5 * first.size.max(g.size)
        {
            lines.extend(make_line(std::mem::take(&mut current), page));
        }
        if current.is_empty() {
            top = g.y;
        }
        current.push(g);
    }
    lines.extend(make_line(current, page));
    lines
}

/// One line from the characters sharing its baseline; `None` if it shows nothing.
fn make_line(mut glyphs: Vec<Glyph>, page: usize) -> Option<Line> {
    glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
    // Some producers embolden by drawing a character twice, a hair apart.
    glyphs.dedup_by(|next, prev| next.ch == prev.ch && (next.x - prev.x).abs() < 0.2 * prev.size);
    let visible: Vec<&Glyph> = glyphs.iter().filter(|g| !g.ch.is_whitespace()).collect();
    let (first, last) = (visible.first()?, visible.last()?);
    let size = median(visible.iter().map(|g| g.size).collect());
    let mut text = String::with_capacity(glyphs.len() * 3);
    let mut pieces: Vec<Piece> = Vec::new();
    let mut prev: Option<&Glyph> = None;
    for g in &glyphs {
        if g.ch.is_whitespace() {
            text.push(g.ch);
            continue;
        }
        let gap = prev.map_or(f64::INFINITY, |p| g.x - p.end());
        if let Some(p) = prev
            && gap > 0.25 * size
            && p.ch.is_ascii_alphanumeric()
            && g.ch.is_ascii_alphanumeric()
            && !text.ends_with(char::is_whitespace)
        {
            // Separate objects with room between them: a word space not drawn.
            text.push(' ');
        }
        text.push(g.ch);
        match pieces.last_mut() {
            Some(piece) if gap < CELL_GAP_EMS * size => {
                if g.x - piece.end > 0.25 * size
                    && piece.text.ends_with(|c: char| c.is_ascii_alphanumeric())
                    && g.ch.is_ascii_alphanumeric()
                {
                    piece.text.push(' ');
                }
                piece.text.push(g.ch);
                piece.end = g.end();
            }
            _ => pieces.push(Piece {
                start: g.x,
                end: g.end(),
                text: g.ch.to_string(),
            }),
        }
        prev = Some(g);
    }
    let advances: Vec<f64> = visible
        .windows(2)
        .filter_map(|w| match w {
            [a, b] if is_wide(a.ch) && is_wide(b.ch) => Some(b.x - a.x),
            _ => None,
        })
        .filter(|d| *d > 0.0)
        .collect();
    let pitch = (advances.len() >= 3).then(|| median(advances));
    Some(Line {
        text,
        y: first.y.min(last.y),
        size,
        start: first.x,
        end: last.end(),
        chars: glyphs.len(),
        pitch,
        pieces,
        page,
    })
}

/// Is this line's text a page number?
pub(super) fn is_page_number(text: &str) -> bool {
    static RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(
            r"^(?:[-—–－―~～·•]*\d{1,5}[-—–－―~～·•]*|第\d{1,5}页(?:[,，/／]?共\d{1,5}页)?|\d{1,5}[/／]\d{1,5}|(?i:page)\d{1,5}(?:(?i:of)\d{1,5})?)$",
        )
        .ok()
    });
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    RE.as_ref().is_some_and(|re| re.is_match(&squeezed))
}

/// How many lines at the head and at the foot of a page may be running debris.
const EDGE_LINES: usize = 2;

/// Removes page numbers and running headers and footers. A page number goes when it
/// is among the first or last lines of a page. A line among them that is repeated at
/// the same height on at least half the pages (two at least), its numbers aside, goes
/// everywhere when a wider gap than the usual line spacing sets it apart from the text
/// (a running head or foot); when nothing sets it apart and it has cells (a table's
/// heading row repeated on each page), its first showing stays.
fn drop_running_debris(pages: &mut [Vec<Line>]) {
    let leading = usual_leading(
        pages
            .iter()
            .flat_map(|lines| {
                lines.windows(2).filter_map(|w| match w {
                    [a, b] if b.y - a.y > 0.5 * a.size => Some(b.y - a.y),
                    _ => None,
                })
            })
            .collect(),
    );
    let apart: Vec<Vec<bool>> = pages.iter().map(|l| set_apart(l, leading)).collect();
    let edge = |i: usize, n: usize| i < EDGE_LINES || i + EDGE_LINES >= n;
    // Repeated lines: by text with digits masked, the pages and heights they occur at.
    let mut seen: HashMap<String, Vec<(usize, f64)>> = HashMap::new();
    for (p, lines) in pages.iter().enumerate() {
        for (i, line) in lines.iter().enumerate() {
            if !edge(i, lines.len()) {
                continue;
            }
            let key = repeat_key(&line.text, apart[p].get(i).copied().unwrap_or(false));
            if key.chars().count() <= 62 {
                let at = seen.entry(key).or_default();
                if at.last().is_none_or(|(q, _)| *q != p) {
                    at.push((p, line.y));
                }
            }
        }
    }
    let needed = pages.len().div_ceil(2).max(2);
    // For each running line: its height, and whether its first showing is still to come.
    let mut running: HashMap<String, (f64, bool)> = HashMap::new();
    for (key, at) in seen {
        if at.len() < needed {
            continue;
        }
        let y = median(at.iter().map(|(_, y)| *y).collect());
        if at.iter().filter(|(_, v)| (v - y).abs() <= 1.5).count() >= needed {
            running.insert(key, (y, true));
        }
    }
    for (lines, apart) in pages.iter_mut().zip(apart) {
        let n = lines.len();
        let mut i = 0;
        lines.retain(|line| {
            let (at_edge, set_apart) = (edge(i, n), apart.get(i).copied().unwrap_or(false));
            i += 1;
            if !at_edge {
                return true;
            }
            if is_page_number(&line.text) {
                return false;
            }
            match running.get_mut(&repeat_key(&line.text, set_apart)) {
                Some((y, first)) if (line.y - *y).abs() <= 1.5 => {
                    let keep = *first && !set_apart && line.pieces.len() >= 2;
                    *first = false;
                    keep
                }
                _ => true,
            }
        });
    }
}

/// Which lines of a page are set apart at its head or foot: the first (or last) one or
/// two lines, when a gap wider than the usual line spacing parts them from the rest.
fn set_apart(lines: &[Line], leading: f64) -> Vec<bool> {
    let n = lines.len();
    let mut out = vec![false; n];
    let wide = |a: &Line, b: &Line| leading > 0.0 && b.y - a.y > 1.3 * leading;
    for k in 1..=EDGE_LINES.min(n.saturating_sub(1)) {
        if let (Some(a), Some(b)) = (lines.get(k - 1), lines.get(k))
            && wide(a, b)
        {
            out.iter_mut().take(k).for_each(|x| *x = true);
            break;
        }
    }
    for k in 1..=EDGE_LINES.min(n.saturating_sub(1)) {
        if let (Some(a), Some(b)) = (lines.get(n - k - 1), lines.get(n - k))
            && wide(a, b)
        {
            out.iter_mut().skip(n - k).for_each(|x| *x = true);
            break;
        }
    }
    out
}

/// A line's text for recognising it on other pages, without spaces; for a line set
/// apart at the head or foot its digits are masked (a running foot may carry the page
/// number), for a line of the text they are not (rows of a table differ by them).
fn repeat_key(text: &str, set_apart: bool) -> String {
    let mark = if set_apart { "A:" } else { "T:" };
    mark.chars()
        .chain(text.chars().filter(|c| !c.is_whitespace()).map(|c| {
            if set_apart && c.is_ascii_digit() {
                '#'
            } else {
                c
            }
        }))
        .collect()
}

/// A page's lines as text lines and table rows.
fn page_items(lines: Vec<Line>) -> Vec<Item> {
    // The tables first: where each starts and ends, and its rows.
    let mut tables: Vec<(usize, usize, Vec<String>)> = Vec::new();
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        if line.pieces.len() >= 2
            && let Some((rows, next)) = table_at(&lines, i)
        {
            tables.push((i, next, rows));
            i = next;
        } else {
            i += 1;
        }
    }
    let mut items = Vec::with_capacity(lines.len());
    let mut tables = tables.into_iter().peekable();
    for (i, line) in lines.into_iter().enumerate() {
        match tables.peek_mut() {
            Some((start, end, rows)) if i >= *start => {
                if i == *start {
                    items.extend(std::mem::take(rows).into_iter().map(Item::Row));
                }
                if i + 1 >= *end {
                    tables.next();
                }
            }
            _ => items.push(Item::Text(line)),
        }
    }
    items
}

/// The columns of a table: the horizontal span of each.
type Bands = Vec<(f64, f64)>;

/// Which column each piece of a line falls in: the column whose left edge its start
/// is at or past, without running into the next column; `None` if a piece spans two
/// columns or two pieces fall in one (the line is not a row of this table).
fn assign(pieces: &[Piece], bands: &Bands, em: f64) -> Option<Vec<usize>> {
    let mut out: Vec<usize> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        let k = bands.iter().rposition(|(s, _)| piece.start >= s - em)?;
        if let Some((next_start, _)) = bands.get(k + 1)
            && piece.end > next_start + 0.5 * em
        {
            return None;
        }
        if out.last().is_some_and(|&last| last >= k) {
            return None;
        }
        out.push(k);
    }
    Some(out)
}

/// The table starting at line `i` (a line of two pieces or more), if there is one: its
/// rows as tab-separated lines, and the index of the first line after it. A table
/// needs two lines of two pieces or more in the same columns; a line whose first
/// column is empty continues the cells of the row above (a wrapped cell).
fn table_at(lines: &[Line], i: usize) -> Option<(Vec<String>, usize)> {
    let head = lines.get(i)?;
    let em = head.size.max(0.1);
    let mut bands: Bands = head.pieces.iter().map(|p| (p.start, p.end)).collect();
    let mut rows: Vec<Vec<String>> = vec![head.pieces.iter().map(|p| p.text.clone()).collect()];
    let mut multi = 1;
    let mut last_y = head.y;
    let mut j = i + 1;
    while let Some(line) = lines.get(j) {
        if line.y - last_y > 4.0 * em || (line.size - em).abs() > 0.3 * em {
            break;
        }
        let Some(cols) = assign(&line.pieces, &bands, em) else {
            break;
        };
        let new_row = cols.first() == Some(&0) || line.pieces.len() == bands.len();
        if new_row {
            rows.push(vec![String::new(); bands.len()]);
            if line.pieces.len() >= 2 {
                multi += 1;
            }
        }
        let row = rows.last_mut()?;
        for (piece, &k) in line.pieces.iter().zip(&cols) {
            if let Some(cell) = row.get_mut(k) {
                cell.push_str(&piece.text);
            }
            if let Some(band) = bands.get_mut(k) {
                *band = (band.0.min(piece.start), band.1.max(piece.end));
            }
        }
        last_y = line.y;
        j += 1;
    }
    if multi < 2 {
        return None;
    }
    let rows = rows
        .into_iter()
        .filter(|cells| cells.iter().any(|c| !c.trim().is_empty()))
        .map(|cells| {
            cells
                .iter()
                .map(|c| c.trim().replace('\t', " "))
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect();
    Some((rows, j))
}

/// The text block of pages of one size, as found from their lines.
#[derive(Debug, Clone, Copy)]
struct Block {
    left: f64,
    right: f64,
    /// Character pitch: the distance from one CJK character to the next.
    pitch: f64,
    /// Usual distance from one baseline to the next.
    leading: f64,
}

/// The leftmost start that enough lines share: the left margin (a stray mark further
/// left is outvoted; indented and centred lines start further right).
fn left_margin(starts: &mut [f64], em: f64) -> Option<f64> {
    starts.sort_by(f64::total_cmp);
    let needed = (starts.len() / 20).max(2).min(starts.len());
    let mut hi = 0;
    for lo in 0..starts.len() {
        hi = hi.max(lo);
        while hi + 1 < starts.len() && starts[hi + 1] <= starts[lo] + 0.5 * em {
            hi += 1;
        }
        if hi + 1 - lo >= needed {
            return starts.get(lo).copied();
        }
    }
    starts.first().copied()
}

/// Where most long lines end: the right margin, and how many lines end there.
fn right_margin(ends: &mut [f64], em: f64) -> Option<(f64, usize)> {
    ends.sort_by(f64::total_cmp);
    let (mut best, mut best_count) = (None, 0);
    let mut lo = 0;
    for hi in 0..ends.len() {
        while ends[lo] < ends[hi] - 0.75 * em {
            lo += 1;
        }
        if hi + 1 - lo >= best_count {
            best_count = hi + 1 - lo;
            best = Some(ends[hi]);
        }
    }
    best.map(|b| (b, best_count))
}

/// The text block of some lines (those of the pages of one size).
fn block_of(lines: &[&Line], page_width: f64) -> Option<Block> {
    let em = median(lines.iter().map(|l| l.size).collect()).max(0.1);
    let left = left_margin(&mut lines.iter().map(|l| l.start).collect::<Vec<_>>(), em)?;
    let max_end = lines.iter().map(|l| l.end).fold(f64::MIN, f64::max);
    let half = left + 0.5 * (max_end - left);
    let mut ends: Vec<f64> = lines.iter().map(|l| l.end).filter(|e| *e >= half).collect();
    // Where too few lines end alike to tell (a short text), the margins are taken to
    // be as wide on the right as on the left.
    let right = right_margin(&mut ends, em)
        .filter(|(_, support)| *support >= 2)
        .map_or(page_width - left, |(r, _)| r);
    let pitches: Vec<f64> = lines.iter().filter_map(|l| l.pitch).collect();
    let pitch = if pitches.is_empty() {
        em
    } else {
        median(pitches)
    }
    .max(0.1);
    let leading = usual_leading(
        lines
            .windows(2)
            .filter_map(|w| match w {
                [a, b] if a.page == b.page && b.y - a.y > 0.5 * em => Some(b.y - a.y),
                _ => None,
            })
            .collect(),
    );
    Some(Block {
        left,
        right,
        pitch,
        leading: if leading > 0.0 { leading } else { 1.5 * em },
    })
}

/// The text lines of a page's items.
fn text_lines(items: &[Item]) -> Vec<&Line> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Text(l) => Some(l),
            Item::Row(_) => None,
        })
        .collect()
}

/// The text block of each page: that of its page size, moved sideways where the page
/// (with enough lines to tell) has its own left margin, as with mirrored margins.
fn page_blocks(pages: &[Vec<Item>], widths: &[f64]) -> Vec<Option<Block>> {
    let mut by_size: HashMap<i64, Vec<&Line>> = HashMap::new();
    for (p, items) in pages.iter().enumerate() {
        let key = (widths.get(p).copied().unwrap_or(0.0) * 2.0).round() as i64;
        by_size.entry(key).or_default().extend(text_lines(items));
    }
    let blocks: HashMap<i64, Option<Block>> = by_size
        .into_iter()
        .map(|(k, lines)| (k, block_of(&lines, k as f64 / 2.0)))
        .collect();
    pages
        .iter()
        .enumerate()
        .map(|(p, items)| {
            let key = (widths.get(p).copied().unwrap_or(0.0) * 2.0).round() as i64;
            let block = blocks.get(&key).copied().flatten()?;
            let lines = text_lines(items);
            if lines.len() < 8 {
                return Some(block);
            }
            let em = median(lines.iter().map(|l| l.size).collect()).max(0.1);
            let own = left_margin(&mut lines.iter().map(|l| l.start).collect::<Vec<_>>(), em)?;
            let shift = own - block.left;
            Some(if shift.abs() > block.pitch {
                Block {
                    left: own,
                    right: block.right + shift,
                    ..block
                }
            } else {
                block
            })
        })
        .collect()
}

/// Does this line open with a heading number (`二、`, `（三）`, `4.`, `第五章`)?
fn opens_numbered(text: &str) -> bool {
    static RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(
            r"^(?:#+\s|第[一二三四五六七八九十百零〇]+[章节条部分篇]|[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百]+[）)]|\d{1,3}[.．、](?:\D|$)|[（(]\d{1,3}[）)])",
        )
        .ok()
    });
    let text = text.trim_start();
    RE.as_ref().is_some_and(|re| re.is_match(text))
}

/// Does a paragraph end between line `a` and the line `b` after it?
fn breaks(a: &Line, b: &Line, block_a: &Block, block_b: &Block) -> bool {
    // An indented (or centred) line starts a paragraph.
    if b.start - block_b.left >= 1.5 * block_b.pitch {
        return true;
    }
    // A line that ends short of the right margin ends one, unless it holds as many
    // characters as fit in the width (text set by count, narrow characters included).
    let room = (block_a.right - a.start) / block_a.pitch;
    let by_count = a.chars as f64 >= room - 0.6;
    if a.end < block_a.right - 1.5 * block_a.pitch && !by_count {
        return true;
    }
    if (a.size - b.size).abs() > 0.15 * a.size.max(b.size) {
        return true;
    }
    if a.page == b.page && (b.y - a.y > 1.7 * block_a.leading || b.y < a.y) {
        return true;
    }
    a.text.trim_end().ends_with(['。', '！', '？', '!', '?']) && opens_numbered(&b.text)
}

/// One page as lines: its width and its lines, top to bottom.
#[derive(Debug)]
pub(super) struct PageLines {
    width: f64,
    lines: Vec<Line>,
}

impl PageLines {
    /// The lines of a page (the `index`th of its document); its characters are not kept.
    pub(super) fn new(content: PageContent, index: usize) -> Self {
        PageLines {
            width: content.width,
            lines: page_lines(content.glyphs, index),
        }
    }
}

/// The text of one document's pages: one line per paragraph, a table row as one line
/// of tab-separated cells.
pub(super) fn document_lines(pages: Vec<PageLines>) -> Vec<String> {
    let widths: Vec<f64> = pages.iter().map(|p| p.width).collect();
    let mut lines: Vec<Vec<Line>> = pages.into_iter().map(|p| p.lines).collect();
    drop_running_debris(&mut lines);
    let items: Vec<Vec<Item>> = lines.into_iter().map(page_items).collect();
    let blocks = page_blocks(&items, &widths);

    let mut out: Vec<String> = Vec::new();
    let mut paragraph = String::new();
    let mut prev: Option<(&Line, Block)> = None;
    let flush = |paragraph: &mut String, out: &mut Vec<String>| {
        let text = paragraph.trim_end();
        if !text.trim().is_empty() {
            out.push(text.to_owned());
        }
        paragraph.clear();
    };
    for (p, page_items) in items.iter().enumerate() {
        let Some(block) = blocks.get(p).copied().flatten() else {
            for item in page_items {
                if let Item::Row(row) = item {
                    flush(&mut paragraph, &mut out);
                    out.push(row.clone());
                    prev = None;
                }
            }
            continue;
        };
        for item in page_items {
            match item {
                Item::Row(row) => {
                    flush(&mut paragraph, &mut out);
                    out.push(row.clone());
                    prev = None;
                }
                Item::Text(line) => {
                    if let Some((a, block_a)) = prev
                        && breaks(a, line, &block_a, &block)
                    {
                        flush(&mut paragraph, &mut out);
                    }
                    paragraph.push_str(&line.text);
                    prev = Some((line, block));
                }
            }
        }
    }
    flush(&mut paragraph, &mut out);
    out
}
