//! Lines → blocks → section tree. A block starts at every numbered heading or item,
//! every 专栏, every indicator table and the footer; all lines up to the next block
//! belong to it (that is how a task absorbs the text a PDF broke across lines and
//! the responsibility bracket that landed on a line of its own). Glued item numbers
//! ("１建设…") are accepted only when they continue the running sequence, so a
//! wrapped line that happens to begin with "７市…" stays text. A task table (分工表) is
//! one block of its own, read by [`super::tasktable`].

use super::markers::{self, Kind, Level, Marker};
use super::tasktable::{self, TaskTable};
use super::text::{self, Line, Para};

/// One structural block of a plan.
#[derive(Debug, Clone)]
pub enum Block {
    /// Text before the first heading (letterhead, preamble).
    Preamble(Para),
    /// A heading or item; `para` holds its whole text including the number.
    Item {
        level: Level,
        number: String,
        marker_len: usize,
        para: Para,
    },
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

/// Splits a document into blocks.
pub fn blocks(doc_text: &str) -> Vec<Block> {
    let lines = text::lines(doc_text);
    let mut out: Vec<Block> = Vec::new();
    // The lines of the block being read, and how it started.
    let mut cur: Vec<&Line> = Vec::new();
    let mut cur_marker: Option<Marker> = None;
    let mut in_column: Option<String> = None; // the open column's number
    let mut column_numbered_last: u32 = 0;
    let mut last_item: u32 = 0;
    let mut since_heading = true;
    let mut i = 0;
    let mut ended = false;

    let flush = |cur: &mut Vec<&Line>,
                 marker: &mut Option<Marker>,
                 in_column: &mut Option<String>,
                 out: &mut Vec<Block>| {
        if cur.is_empty() {
            *marker = None;
            return;
        }
        if let Some(number) = in_column.take() {
            let title = text::join(&cur[..1]);
            let mut body = Vec::new();
            let mut start = 1;
            for k in 2..=cur.len() {
                if k == cur.len() || column_item_start(cur[k], Some(cur[k - 1])) {
                    if start < k {
                        body.push(text::join(&cur[start..k]));
                    }
                    start = k;
                }
            }
            out.push(Block::Column {
                number,
                title,
                body,
            });
        } else {
            let para = text::join(cur);
            match marker.take() {
                Some(Marker {
                    kind: Kind::Heading(level),
                    number,
                    len,
                    ..
                }) => out.push(Block::Item {
                    level,
                    number,
                    marker_len: len,
                    para,
                }),
                _ => out.push(Block::Preamble(para)),
            }
        }
        cur.clear();
    };

    while i < lines.len() {
        let line = &lines[i];
        let folded = line.folded();
        if ended {
            break;
        }
        // Task table: the header names a task and a 牵头 / 责任 column; it runs as far as
        // its rows do.
        if let Some((table, next)) = tasktable::read(&lines, i) {
            flush(&mut cur, &mut cur_marker, &mut in_column, &mut out);
            out.push(Block::TaskTable(table));
            i = next;
            continue;
        }
        // Indicator table: header line, rows until the next heading.
        if is_table_header(&folded) {
            let mut title = String::new();
            if let Some(last) = cur.last() {
                let f = last.folded();
                if f.chars().count() <= 40 && (f.contains("指标") || f.contains('表')) {
                    title = f;
                    cur.pop();
                }
            }
            flush(&mut cur, &mut cur_marker, &mut in_column, &mut out);
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
            out.push(Block::Table {
                title,
                header: folded,
                rows,
            });
            continue;
        }
        let marker = markers::detect(&folded).and_then(|m| {
            let prev_ends = i == 0
                || cur.is_empty()
                || cur.last().is_some_and(|p| text::ends_sentence(&p.folded()));
            match m.kind {
                Kind::Heading(Level::L3) => {
                    let n: u32 = m.number.parse().unwrap_or(0);
                    if in_column.is_some() {
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
                    if m.glued {
                        let fits = n == last_item + 1 || (n == 1 && since_heading);
                        return (fits && prev_ends).then_some(m);
                    }
                    Some(m)
                }
                Kind::Heading(Level::L4)
                    if in_column.is_some()
                        || matches!(&cur_marker, Some(c) if c.kind == Kind::Heading(Level::L3)) =>
                {
                    // (1) items under a numbered task are part of that task.
                    None
                }
                Kind::Heading(_) | Kind::Column | Kind::Footer => {
                    // A heading marker must start a line after a finished sentence or a
                    // heading line (wrapped text rarely starts with "(一)").
                    Some(m)
                }
            }
        });
        match marker {
            Some(m) => {
                flush(&mut cur, &mut cur_marker, &mut in_column, &mut out);
                match &m.kind {
                    Kind::Footer => {
                        out.push(Block::Footer);
                        ended = true;
                    }
                    Kind::Column => {
                        in_column = Some(m.number.clone());
                        column_numbered_last = 0;
                        cur.push(line);
                    }
                    Kind::Heading(level) => {
                        match level {
                            Level::L3 => {
                                last_item = m.number.parse().unwrap_or(0);
                                since_heading = false;
                            }
                            Level::L4 => {}
                            _ => since_heading = true,
                        }
                        cur_marker = Some(m.clone());
                        cur.push(line);
                    }
                }
            }
            None => cur.push(line),
        }
        i += 1;
    }
    flush(&mut cur, &mut cur_marker, &mut in_column, &mut out);
    out
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
