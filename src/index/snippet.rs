//! Snippets cut from the original text around what the query matched, with the matches as
//! character ranges. Matching runs on the folded text (so `5G基站` marks `５Ｇ 基站`) and
//! every match is mapped back to the original characters through [`Folded::origin`];
//! everything is counted in characters, so no UTF-8 character is ever split.

use super::analysis::Folded;
use super::query::Clause;
use crate::model::SmolStr;

/// Characters of original text a snippet shows (plus an ellipsis at a cut end).
pub const SNIPPET_CHARS: usize = 110;
/// Characters kept before the first match when the text has to be cut.
const LEAD_CHARS: usize = 24;
const ELLIPSIS: char = '…';

/// Occurrences of `needle` in `hay`, as character ranges, non-overlapping, left to right.
fn find_all(hay: &[char], needle: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if needle.is_empty() || needle.len() > hay.len() {
        return out;
    }
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        if hay[i..i + needle.len()] == *needle {
            out.push((i, i + needle.len()));
            i += needle.len();
        } else {
            i += 1;
        }
    }
    out
}

/// Where the positive clauses occur in `folded`, in folded character ranges: each clause
/// whole if it occurs; otherwise its runs; otherwise its words (single characters only when
/// the clause itself is that short).
fn matches(folded: &Folded, clauses: &[Clause]) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    for c in clauses.iter().filter(|c| !c.negated) {
        let whole: Vec<char> = c.folded.chars().collect();
        let found = find_all(&folded.chars, &whole);
        if !found.is_empty() {
            ranges.extend(found);
            continue;
        }
        let mut found: Vec<(usize, usize)> = Vec::new();
        if c.runs.len() > 1 {
            for r in &c.runs {
                let r: Vec<char> = r.chars().collect();
                found.extend(find_all(&folded.chars, &r));
            }
        }
        if found.is_empty() {
            let min = if whole.len() <= 2 { 1 } else { 2 };
            for w in &c.words {
                let w: Vec<char> = w.chars().collect();
                if w.len() >= min {
                    found.extend(find_all(&folded.chars, &w));
                }
            }
        }
        ranges.extend(found);
    }
    ranges
}

/// Folded ranges → original character ranges, sorted and merged.
fn to_original(folded: &Folded, ranges: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = ranges
        .iter()
        .filter(|&&(s, e)| s < e && e <= folded.origin.len())
        .map(|&(s, e)| (folded.origin[s] as usize, folded.origin[e - 1] as usize + 1))
        .collect();
    out.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(out.len());
    for (s, e) in out {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// Where the query matched in `original`, as character ranges of the original text; `extra`
/// are further strings to mark (a unit's name as written when the query named its alias).
pub fn highlights(original: &str, clauses: &[Clause], extra: &[SmolStr]) -> Vec<(usize, usize)> {
    let folded = Folded::new(original);
    let mut ranges = matches(&folded, clauses);
    for e in extra {
        let e: Vec<char> = super::analysis::fold(e).chars().collect();
        ranges.extend(find_all(&folded.chars, &e));
    }
    to_original(&folded, &ranges)
}

/// A window of `original` of about [`SNIPPET_CHARS`] characters around the first match,
/// with the matches inside it as character ranges of the returned snippet. Line breaks and
/// tabs become spaces (one for one, so the ranges stay exact).
pub fn snippet(
    original: &str,
    clauses: &[Clause],
    extra: &[SmolStr],
) -> (String, Vec<(usize, usize)>) {
    let marks = highlights(original, clauses, extra);
    let chars: Vec<char> = original.chars().collect();
    let n = chars.len();
    let (start, end) = if n <= SNIPPET_CHARS {
        (0, n)
    } else {
        let first = marks.first().map_or(0, |m| m.0);
        let start = first.saturating_sub(LEAD_CHARS).min(n - SNIPPET_CHARS);
        (start, start + SNIPPET_CHARS)
    };
    let mut out = String::with_capacity((end - start) * 3 + 6);
    let shift = if start > 0 {
        out.push(ELLIPSIS);
        1
    } else {
        0
    };
    out.extend(
        chars[start..end]
            .iter()
            .map(|&c| if c.is_control() { ' ' } else { c }),
    );
    if end < n {
        out.push(ELLIPSIS);
    }
    let ranges = marks
        .into_iter()
        .filter(|&(s, e)| e > start && s < end)
        .map(|(s, e)| (s.max(start) - start + shift, e.min(end) - start + shift))
        .collect();
    (out, ranges)
}

/// The snippet with each highlighted range wrapped in `open` / `close`, e.g. `【` `】`.
pub fn mark(snippet: &str, ranges: &[(usize, usize)], open: &str, close: &str) -> String {
    let mut out = String::with_capacity(snippet.len() + ranges.len() * 6);
    let mut next = ranges.iter().peekable();
    let mut inside: Option<usize> = None;
    for (i, c) in snippet.chars().enumerate() {
        if inside == Some(i) {
            out.push_str(close);
            inside = None;
        }
        if inside.is_none()
            && let Some(&&(s, e)) = next.peek()
            && s == i
        {
            out.push_str(open);
            inside = Some(e);
            next.next();
        }
        out.push(c);
    }
    if inside.is_some() {
        out.push_str(close);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::query::parse;

    fn marked(text: &str, query: &str) -> String {
        let (s, r) = snippet(text, &parse(query), &[]);
        mark(&s, &r, "【", "】")
    }

    #[test]
    fn width_folded_match_marks_original_characters() {
        assert_eq!(
            marked("全省累计建设５Ｇ 基站５１万个", "5G基站"),
            "全省累计建设【５Ｇ 基站】５１万个"
        );
        assert_eq!(marked("支持ＩＰｖ６改造", "ipv6"), "支持【ＩＰｖ６】改造");
    }

    #[test]
    fn ranges_are_characters_of_the_snippet() {
        let text = format!(
            "{}推进量子通信网络建设{}",
            "前".repeat(200),
            "后".repeat(200)
        );
        let (s, r) = snippet(&text, &parse("量子通信"), &[]);
        assert!(s.starts_with('…') && s.ends_with('…'));
        assert_eq!(s.chars().count(), SNIPPET_CHARS + 2);
        assert_eq!(r.len(), 1);
        let hit: String = s.chars().skip(r[0].0).take(r[0].1 - r[0].0).collect();
        assert_eq!(hit, "量子通信");
    }

    #[test]
    fn word_matches_when_the_whole_clause_is_absent() {
        assert_eq!(
            marked("建设了数据中心", "数据中心建设"),
            "【建设】了【数据中心】"
        );
    }

    #[test]
    fn extra_names_are_marked() {
        let (s, r) = snippet(
            "推进建设。（省工业和信息化厅负责）",
            &parse("工信厅"),
            &["省工业和信息化厅".into()],
        );
        assert_eq!(
            mark(&s, &r, "【", "】"),
            "推进建设。（【省工业和信息化厅】负责）"
        );
    }

    #[test]
    fn no_match_gives_the_start() {
        let (s, r) = snippet("短文本", &parse("港口"), &[]);
        assert_eq!(s, "短文本");
        assert!(r.is_empty());
    }

    #[test]
    fn mark_handles_adjacent_ranges() {
        assert_eq!(mark("abcd", &[(0, 1), (1, 3)], "[", "]"), "[a][bc]d");
    }
}
