//! Lines → blocks → section tree. A block starts at every numbered heading or item,
//! every 专栏, every indicator table and the footer; all lines up to the next block
//! belong to it (that is how a task absorbs the text a PDF broke across lines and
//! the responsibility bracket that landed on a line of its own). Numbers are items
//! when they continue the running sequence or start a line after a finished sentence:
//! glued item numbers ("１建设…"), three-digit numbers and articles (第十二条) must
//! continue the sequence, so a wrapped line that happens to begin with "７市…",
//! "100个…" or "第三条规定" stays text.
//!
//! Once the plan is cut into runs of lines, each heading's own text is told from the
//! unnumbered paragraphs under it (a 若干政策 gives its tasks as such paragraphs, each
//! closed by its responsibility bracket), and a numbered item whose (1) items each
//! name their units gives way to them: they are the tasks, the item their heading.
//!
//! A task table (分工表) is one block of its own, read by [`super::tasktable`].

use super::markers::{self, Kind, Level, Marker};
use super::tasktable::{self, TaskTable};
use super::text::{self, Line, Para};
use super::units;

/// One structural block of a plan.
#[derive(Debug, Clone)]
pub enum Block {
    /// Text before the first heading (letterhead, preamble), or the name and preamble
    /// of a further plan printed in the same document.
    Preamble(Para),
    /// A heading or item; `para` holds its whole text including the number.
    Item {
        level: Level,
        number: String,
        marker_len: usize,
        para: Para,
        /// Numbered items or paragraphs of its own stand under it: it is a section.
        heading: bool,
        /// Where the heading's own text ends in `para` (its length for an item): what
        /// follows is the unnumbered paragraphs given next as `Paragraph` blocks.
        head: usize,
    },
    /// An unnumbered paragraph of a heading's text (also held in that heading's `para`).
    Paragraph(Para),
    /// A 专栏: its number, the title line and the body lines.
    Column {
        number: String,
        title: Para,
        body: Vec<Para>,
    },
    /// An indicator table: the title line (if any), the header and the rows.
    Table {
        title: String,
        header: String,
        rows: Vec<String>,
    },
    /// A task table (重点任务分工表): its section rows and task rows.
    TaskTable(TaskTable),
    Footer,
}

/// Does a paragraph's text close naming the units responsible for it: is its last
/// sentence, brackets included, a responsibility clause ("…。（责任单位：A、B）",
/// "…。责任单位：A")? A name in brackets inside a sentence does not count.
pub fn ends_with_units(norm: &str) -> bool {
    closing_clause(norm).is_some()
}

/// Where the responsibility clause that closes a text starts, if it closes with one.
fn closing_clause(norm: &str) -> Option<usize> {
    let body = norm.trim_end_matches(['。', ';', ' ']);
    let mut depth = 0usize;
    let mut last_stop = 0;
    for (i, c) in body.char_indices() {
        match c {
            '(' | '[' | '【' | '〔' => depth += 1,
            ')' | ']' | '】' | '〕' => depth = depth.saturating_sub(1),
            '。' | ';' | '!' | '?' if depth == 0 => last_stop = i + c.len_utf8(),
            _ => {}
        }
    }
    (!units::parse_units(&body[last_stop..]).is_empty()).then_some(last_stop)
}

/// How the plan's lines relate to its paragraphs: one paragraph per line, or paragraphs
/// wrapped at a width (PDF text), where a line that ends short ends its paragraph.
#[derive(Debug, Clone, Copy)]
struct Layout {
    per_line: bool,
    width: usize,
}

impl Layout {
    fn of(lines: &[Line]) -> Self {
        let mut lens: Vec<usize> = lines.iter().map(|l| l.chars.len()).collect();
        lens.sort_unstable();
        let width = lens.get(lens.len() * 9 / 10).copied().unwrap_or(0);
        let long: Vec<&Line> = lines.iter().filter(|l| l.chars.len() >= 20).collect();
        let ended = long.iter().filter(|l| ends_sentence(l)).count();
        Layout {
            per_line: ended * 2 >= long.len(),
            width,
        }
    }

    /// May `line` start a paragraph after `prev`, a line that finished its sentence?
    fn may_start(&self, prev: &Line, line: &Line) -> bool {
        self.per_line || line.indented || prev.chars.len() * 100 < self.width * 85
    }
}

/// Does a line end a sentence? Its last character is enough: every line of every plan is
/// asked, and folding the whole line for it would copy the plan once more.
fn ends_sentence(line: &Line) -> bool {
    let mut buf = [0u8; 4];
    line.chars
        .last()
        .is_some_and(|&c| text::ends_sentence(text::fold_char(c).encode_utf8(&mut buf)))
}

/// Where the paragraphs of a heading's lines start (the first is the heading's own).
fn paragraph_starts(lines: &[&Line], layout: Layout) -> Vec<usize> {
    let mut starts = vec![0];
    for k in 1..lines.len() {
        let prev = lines[k - 1];
        let from = starts.last().copied().unwrap_or(0);
        // A paragraph closed by its responsibility clause ends there, however laid out.
        let closes = prev
            .chars
            .last()
            .is_some_and(|&c| matches!(text::fold_char(c), ')' | ']' | '】' | '〕'))
            || prev.chars.iter().any(|&c| text::fold_char(c) == ':');
        let named = closes && ends_with_units(&text::join(&lines[from..k]).norm_str());
        // The heading line itself ends where it ends, full stop or not.
        let finished = k == 1 || ends_sentence(prev);
        // A bracket on a line of its own closes the paragraph before it.
        let line = lines[k];
        let may_be_clause = line
            .chars
            .first()
            .is_some_and(|&c| matches!(text::fold_char(c), '(' | '[' | '【' | '〔'))
            || line.chars.iter().any(|&c| text::fold_char(c) == ':');
        let clause = k > 1
            && may_be_clause
            && closing_clause(&text::join(&lines[k..=k]).norm_str()) == Some(0);
        if named || (finished && !clause && layout.may_start(prev, line)) {
            starts.push(k);
        }
    }
    starts
}

fn is_table_header(folded: &str) -> bool {
    let years = folded.matches("年").count();
    let year_cols = folded
        .split(|c: char| !c.is_ascii_digit())
        .filter(|t| t.len() == 4 && t.starts_with("20"))
        .count();
    year_cols >= 2
        && years >= 2
        && (folded.contains("指标") || folded.contains("属性") || folded.contains("单位"))
        && folded.chars().count() < 80
}

/// Does a line inside a column start a new item ("通信基础设施.推进…", "1.…")?
fn column_item_start(line: &Line, prev: Option<&Line>) -> bool {
    let folded = line.folded();
    if line.indented || markers::detect(&folded).is_some_and(|m| !m.glued) {
        return true;
    }
    let prev_ends = prev.is_some_and(|p| text::ends_sentence(&p.folded()));
    if !prev_ends {
        return false;
    }
    if line.after_blank {
        return true;
    }
    // A short lead phrase closed by a full stop, with more text after it.
    let chars: Vec<char> = folded.chars().collect();
    let stop = chars.iter().position(|&c| c == '.' || c == '。');
    matches!(stop, Some(p) if (2..=14).contains(&p) && p + 1 < chars.len()
        && chars[..p].iter().all(|c| !matches!(c, ',' | '、' | ';' | ':')))
}

/// A run of lines as the scan cut them, before the roles of its parts are known.
enum Run<'a> {
    /// Lines started by a heading marker (none: preamble text); `sub` marks a (1) item
    /// right under a numbered item.
    Lines {
        marker: Option<Marker>,
        lines: Vec<&'a Line>,
        sub: bool,
    },
    /// A column, a table or the footer.
    Done(Block),
}

/// Splits a document into blocks.
pub fn blocks(doc_text: &str) -> Vec<Block> {
    let lines = text::lines(doc_text);
    let layout = Layout::of(&lines);
    assemble(scan(&lines), layout)
}

/// Does the line at `i` name a further plan printed in the same document (a 若干政策
/// followed by its 行动计划): a short line naming a plan, its numbering starting again at
/// 一、 or 第一章 right after it?
fn starts_plan(lines: &[Line], i: usize, folded: &str) -> bool {
    if folded.chars().count() > 50
        || folded.ends_with(['。', '.', '!', '?', ';', ':', ','])
        || !markers::names_a_plan(folded)
    {
        return false;
    }
    lines[i + 1..]
        .iter()
        .take(30)
        .find_map(|l| markers::detect(&l.folded()))
        .is_some_and(|m| {
            matches!(m.kind, Kind::Heading(Level::L1 | Level::Chapter)) && m.number == "一"
        })
}

/// The run being read: its lines, how it started, the column it is (if one).
#[derive(Default)]
struct Open<'a> {
    lines: Vec<&'a Line>,
    marker: Option<Marker>,
    /// A (1) item right under a numbered item.
    sub: bool,
    /// The open column's number.
    column: Option<String>,
}

impl<'a> Open<'a> {
    /// Ends the run: a column is built at once, other lines wait for `assemble`.
    fn flush(&mut self, out: &mut Vec<Run<'a>>) {
        let Open {
            lines,
            marker,
            sub,
            column,
        } = std::mem::take(self);
        if lines.is_empty() {
            return;
        }
        match column {
            Some(number) => {
                let title = text::join(&lines[..1]);
                let mut body = Vec::new();
                let mut start = 1;
                for k in 2..=lines.len() {
                    if k == lines.len() || column_item_start(lines[k], Some(lines[k - 1])) {
                        if start < k {
                            body.push(text::join(&lines[start..k]));
                        }
                        start = k;
                    }
                }
                out.push(Run::Done(Block::Column {
                    number,
                    title,
                    body,
                }));
            }
            None => out.push(Run::Lines { marker, lines, sub }),
        }
    }
}

fn scan(lines: &[Line]) -> Vec<Run<'_>> {
    let mut out: Vec<Run> = Vec::new();
    let mut cur = Open::default();
    let mut column_numbered_last: u32 = 0;
    let mut last_item: u32 = 0;
    let mut last_article: u32 = 0;
    let mut since_heading = true;
    // The last marker was a numbered item (1.) or one of its (1) items.
    let mut under_item = false;
    // Inside an article (第一条) every numbering but the next article or chapter is text.
    let mut in_article = false;
    let mut i = 0;
    let mut ended = false;

    while i < lines.len() {
        let line = &lines[i];
        let folded = line.folded();
        if ended {
            break;
        }
        // Task table: the header names a task and a 牵头 / 责任 column; it runs as far as
        // its rows do.
        if let Some((table, next)) = tasktable::read(lines, i) {
            cur.flush(&mut out);
            under_item = false;
            out.push(Run::Done(Block::TaskTable(table)));
            i = next;
            continue;
        }
        // Indicator table: header line, rows until the next heading.
        if is_table_header(&folded) {
            let mut title = String::new();
            if let Some(last) = cur.lines.last() {
                let f = last.folded();
                if f.chars().count() <= 40 && (f.contains("指标") || f.contains('表')) {
                    title = f;
                    cur.lines.pop();
                }
            }
            cur.flush(&mut out);
            under_item = false;
            let mut rows = Vec::new();
            i += 1;
            while i < lines.len() {
                let f = lines[i].folded();
                if markers::detect(&f).is_some_and(|m| !m.glued) || f.chars().count() > 80 {
                    break;
                }
                rows.push(lines[i].chars.iter().map(|&c| text::fold_char(c)).collect());
                i += 1;
            }
            out.push(Run::Done(Block::Table {
                title,
                header: folded,
                rows,
            }));
            continue;
        }
        let prev_ends = i == 0
            || cur.lines.is_empty()
            || cur
                .lines
                .last()
                .is_some_and(|p| text::ends_sentence(&p.folded()));
        // The line before is a heading's own line ("第一章 总则", "三、推进智慧医疗"), full
        // stop or not: the next item's number may follow it.
        let after_heading = cur.lines.len() == 1
            && cur.column.is_none()
            && cur
                .marker
                .as_ref()
                .is_some_and(|m| !matches!(m.kind, Kind::Heading(Level::L3 | Level::L4)));
        let marker = markers::detect(&folded).and_then(|m| {
            match m.kind {
                Kind::Heading(Level::Article) => {
                    // An article continues the articles' sequence and starts a line after a
                    // finished sentence or a heading line.
                    let n = markers::cn_to_int(&m.number).or_else(|| m.number.parse().ok());
                    (n == Some(last_article + 1) && (prev_ends || after_heading)).then_some(m)
                }
                Kind::Heading(l) if in_article && l != Level::Chapter => None,
                Kind::Heading(Level::L3) => {
                    let n: u32 = m.number.parse().unwrap_or(0);
                    if cur.column.is_some() {
                        // Inside a column a numbered line is one of its items unless it
                        // continues the task sequence.
                        let col_next = n == column_numbered_last + 1;
                        let task_next = n == last_item + 1 && !(since_heading && n != 1);
                        if col_next && (prev_ends || !m.glued) {
                            column_numbered_last = n;
                            return None;
                        }
                        if task_next && prev_ends {
                            return Some(m);
                        }
                        return None;
                    }
                    let fits = n == last_item + 1 || (n == 1 && since_heading);
                    if m.glued {
                        return (fits && (prev_ends || after_heading)).then_some(m);
                    }
                    // "100." or a number after an unfinished sentence is an item only when
                    // it continues the sequence.
                    if (n >= 100 || !prev_ends) && !fits {
                        return None;
                    }
                    Some(m)
                }
                // (1) items inside a column are part of it.
                Kind::Heading(Level::L4) if cur.column.is_some() => None,
                Kind::Heading(_) | Kind::Column | Kind::Footer => {
                    // A heading marker must start a line after a finished sentence or a
                    // heading line (wrapped text rarely starts with "(一)").
                    Some(m)
                }
            }
        });
        match marker {
            Some(m) => {
                cur.flush(&mut out);
                match &m.kind {
                    Kind::Footer => {
                        out.push(Run::Done(Block::Footer));
                        ended = true;
                    }
                    Kind::Column => {
                        cur.column = Some(m.number.clone());
                        column_numbered_last = 0;
                        under_item = false;
                        in_article = false;
                        cur.lines.push(line);
                    }
                    Kind::Heading(level) => {
                        cur.sub = *level == Level::L4 && under_item;
                        match level {
                            Level::L3 => {
                                last_item = m.number.parse().unwrap_or(0);
                                since_heading = false;
                                under_item = true;
                            }
                            Level::L4 => {}
                            Level::Article => {
                                last_article = markers::cn_to_int(&m.number)
                                    .or_else(|| m.number.parse().ok())
                                    .unwrap_or(0);
                                in_article = true;
                                under_item = false;
                            }
                            Level::Chapter | Level::L1 | Level::L2 => {
                                since_heading = true;
                                under_item = false;
                                in_article = false;
                            }
                        }
                        cur.marker = Some(m.clone());
                        cur.lines.push(line);
                    }
                }
            }
            None if cur.column.is_none() && prev_ends && starts_plan(lines, i, &folded) => {
                // A further plan begins: its numbering owes nothing to the first one's.
                cur.flush(&mut out);
                last_item = 0;
                last_article = 0;
                since_heading = true;
                under_item = false;
                in_article = false;
                cur.lines.push(line);
            }
            None => cur.lines.push(line),
        }
        i += 1;
    }
    cur.flush(&mut out);
    out
}

/// Should the numbered item whose lines are `head` give way to its (1) items: they each
/// name their units, it names none?
fn children_are_tasks(head: &[&Line], children: &[&[&Line]]) -> bool {
    let names = |lines: &[&Line]| !units::parse_units(&text::join(lines).norm_str()).is_empty();
    children.len() >= 2 && !names(head) && children.iter().all(|c| names(c))
}

/// Turns the runs into blocks: which items are headings, where a heading's paragraphs
/// start, which (1) items stay part of their numbered item.
fn assemble(runs: Vec<Run>, layout: Layout) -> Vec<Block> {
    // What each run is, decided on the runs as cut: a heading, and for a (1) item under a
    // numbered item whether it is merged into that item.
    let mut heading = vec![false; runs.len()];
    let mut merged = vec![false; runs.len()];
    for (k, run) in runs.iter().enumerate() {
        let Run::Lines {
            marker: Some(m),
            lines,
            sub: false,
        } = run
        else {
            continue;
        };
        let Kind::Heading(level) = m.kind else {
            continue;
        };
        heading[k] = match level {
            Level::Chapter | Level::L1 => true,
            Level::L2 => next_item_level(&runs[k + 1..]).is_some_and(|l| l > Level::L2),
            Level::L3 => {
                let children: Vec<&[&Line]> = runs[k + 1..]
                    .iter()
                    .map_while(|r| match r {
                        Run::Lines {
                            lines, sub: true, ..
                        } => Some(lines.as_slice()),
                        _ => None,
                    })
                    .collect();
                let split = children_are_tasks(lines, &children);
                for m in &mut merged[k + 1..k + 1 + children.len()] {
                    *m = !split;
                }
                split
            }
            Level::Article | Level::L4 => false,
        };
    }

    let mut out = Vec::with_capacity(runs.len());
    let mut pending: Option<(Marker, Vec<&Line>, bool)> = None;
    for (k, run) in runs.into_iter().enumerate() {
        match run {
            Run::Lines {
                marker: Some(m),
                lines,
                ..
            } => {
                if merged[k]
                    && let Some((_, item_lines, _)) = &mut pending
                {
                    item_lines.extend(lines);
                    continue;
                }
                if let Some((m, lines, h)) = pending.take() {
                    push_item(&mut out, m, &lines, h, layout);
                }
                pending = Some((m, lines, heading[k]));
            }
            other => {
                if let Some((m, lines, h)) = pending.take() {
                    push_item(&mut out, m, &lines, h, layout);
                }
                match other {
                    Run::Lines { lines, .. } => out.push(Block::Preamble(text::join(&lines))),
                    Run::Done(block) => out.push(block),
                }
            }
        }
    }
    if let Some((m, lines, h)) = pending.take() {
        push_item(&mut out, m, &lines, h, layout);
    }
    out
}

/// The level of the next numbered item after a run, if it comes before the plan ends.
fn next_item_level(runs: &[Run]) -> Option<Level> {
    for r in runs {
        match r {
            Run::Lines {
                marker:
                    Some(Marker {
                        kind: Kind::Heading(l),
                        ..
                    }),
                ..
            } => return Some(*l),
            // The rows of a task table are the items under the heading above it.
            Run::Done(Block::TaskTable(_)) => return Some(Level::L4),
            Run::Lines { marker: None, .. } | Run::Done(Block::Footer) => return None,
            _ => {}
        }
    }
    None
}

/// An item, and for a heading the unnumbered paragraphs of its text after it.
fn push_item(out: &mut Vec<Block>, m: Marker, lines: &[&Line], heading: bool, layout: Layout) {
    let Kind::Heading(level) = m.kind else {
        return;
    };
    let para = text::join(lines);
    let starts = if heading {
        paragraph_starts(lines, layout)
    } else {
        vec![0]
    };
    let head = starts
        .get(1)
        .and_then(|&k| para.line_starts.get(k).copied())
        .unwrap_or(para.norm.len());
    out.push(Block::Item {
        level,
        number: m.number,
        marker_len: m.len,
        para,
        heading,
        head,
    });
    for (j, &from) in starts.iter().enumerate().skip(1) {
        let to = starts.get(j + 1).copied().unwrap_or(lines.len());
        out.push(Block::Paragraph(text::join(&lines[from..to])));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glued_numbers_follow_the_sequence() {
        let text =
            "(一)发展.\n１建设网络.实施工程,支持沿海\n７市建设平台.\n２构建体系.加快\n２０”版建设.";
        let items: Vec<String> = blocks(text)
            .into_iter()
            .filter_map(|b| match b {
                Block::Item { number, .. } => Some(number),
                _ => None,
            })
            .collect();
        assert_eq!(items, vec!["一", "1", "2"]);
    }

    /// The items as (level, number, heading) and the unnumbered paragraphs as "¶".
    fn outline(text: &str) -> Vec<String> {
        blocks(text)
            .into_iter()
            .filter_map(|b| match b {
                Block::Item {
                    level,
                    number,
                    heading,
                    ..
                } => Some(format!(
                    "{}{}{number}",
                    markers::canonical(level, "").trim_end(),
                    if heading { "#" } else { "" }
                )),
                Block::Paragraph(_) => Some("¶".into()),
                Block::Preamble(_) => Some("preamble".into()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn three_digit_numbers_continue_the_sequence() {
        let mut text = String::from("一、重点任务\n");
        for n in 1..=101 {
            text.push_str(&format!("{n}.建设项目。全省建成\n"));
            // A wrapped line that starts with a quantity, then one with a year.
            text.push_str("100个示范点，到\n2025年完成。\n");
        }
        // "250." does not continue the sequence after an unfinished sentence.
        text.push_str("102.推进工作。包括\n250.5万元以上项目。\n");
        let items: Vec<String> = outline(&text).into_iter().skip(1).collect();
        let expected: Vec<String> = (1..=102).map(|n| format!(".{n}")).collect();
        assert_eq!(items, expected);
        // A three-digit number out of sequence is text even after a full stop.
        let text = "一、重点任务\n1.建设项目。\n300.建成示范点。\n2.推进工作。";
        assert_eq!(outline(text), ["、#一", ".1", ".2"]);
    }

    #[test]
    fn a_heading_and_its_paragraphs() {
        let text = "一、支持平台建设\n培育平台。给予奖补。（责任单位：省经济和信息化厅）\n\
                    推动上云。（责任单位：省财政厅）\n本政策自2021年起执行。";
        let b = blocks(text);
        assert_eq!(outline(text), ["、#一", "¶", "¶", "¶"]);
        let Some(Block::Item { para, head, .. }) = b.first() else {
            panic!("no heading");
        };
        assert_eq!(text::string_of(&para.norm[..*head]), "一、支持平台建设");
        let paras: Vec<bool> = b
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some(ends_with_units(&p.norm_str())),
                _ => None,
            })
            .collect();
        assert_eq!(paras, [true, true, false]);
    }

    #[test]
    fn wrapped_text_keeps_a_paragraph_whole() {
        // PDF text wrapped at a width: a line that ends at the width with a full stop
        // does not end its paragraph; a short one does.
        let text = "一、重点任务\n推动平台建设，支持企业上云，加快数字化转型。\n\
                    培育示范企业，提升服务能力，完善工作机制和\n推进路径。\n\
                    （责任单位：省经济和信息化厅）\n";
        let lines = text::lines(text);
        let layout = Layout {
            per_line: false,
            width: 23,
        };
        let refs: Vec<&Line> = lines.iter().collect();
        assert_eq!(paragraph_starts(&refs, layout), [0, 1]);
    }

    #[test]
    fn units_at_the_end_of_a_paragraph() {
        assert!(ends_with_units("培育平台。给予奖补。(责任单位:省财政厅)"));
        assert!(ends_with_units("培育平台。(发展改革委牵头,各地区负责)。"));
        assert!(ends_with_units("培育平台。责任单位:市科技局、市工信局"));
        // A name in brackets inside a sentence is no responsibility clause.
        assert!(!ends_with_units("推进中国电信(安徽公司)建设。培育平台。"));
        assert!(!ends_with_units(
            "本政策自2021年开始执行,由省经济和信息化厅负责解释。"
        ));
    }

    #[test]
    fn innermost_items_with_their_units_are_the_tasks() {
        let split = "（一）建设网络\n1.推进5G建设。\n（1）建设基站。（责任单位：省通信管理局）\n\
                     （2）推进共享。（责任单位：省铁塔公司）\n2.推进光网。（责任单位：省通信管理局）";
        assert_eq!(outline(split), ["（）#一", ".#1", "()1", "()2", ".2"]);
        // Units on the 1. item: the (1) lines are its text.
        let merged = "（一）建设网络\n1.推进5G建设。（责任单位：省通信管理局）\n（1）建设基站。\n\
                      （2）推进共享。（责任单位：省铁塔公司）";
        assert_eq!(outline(merged), ["（）#一", ".1"]);
    }

    #[test]
    fn articles_follow_their_sequence() {
        let text = "第一章 总则\n第一条 为加快发展，制定本措施。\n第二条 支持企业。符合下列条件：\n\
                    （一）在本省注册；\n（二）依照本措施\n第五条规定申报。\n第三条 附则。";
        assert_eq!(outline(text), ["第章#一", "第条一", "第条二", "第条三"]);
    }

    #[test]
    fn a_second_plan_in_the_document_starts_afresh() {
        let text = "一、支持平台\n培育平台。（责任单位：省财政厅）\n本政策自2021年起执行。\n\
                    江北省工业互联网行动计划（2021-2023年）\n为推动发展，制定本计划。\n\
                    一、总体要求\n（一）指导思想\n坚持创新。";
        assert_eq!(
            outline(text),
            ["、#一", "¶", "¶", "preamble", "、#一", "（）一"]
        );
    }

    #[test]
    fn a_column_keeps_its_numbered_items_and_ends_at_the_next_task() {
        let text = "5.推广量子通信。\n工程专栏 1 高速泛在网络提升工程\n- 1.积极推广。\n- 2.着力提升。\n(二)建设算力\n6.优化结构。";
        let b = blocks(text);
        let col = b.iter().find_map(|b| match b {
            Block::Column { number, body, .. } => Some((number.clone(), body.len())),
            _ => None,
        });
        assert_eq!(col, Some(("1".to_string(), 2)));
        assert!(matches!(b.last(), Some(Block::Item { number, .. }) if number == "6"));
    }
}
