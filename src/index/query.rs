//! From what the user typed to a tantivy query, built by hand rather than by a query
//! parser (which would read an unspaced Chinese string as one phrase).
//!
//! The text splits on spaces into clauses; `"…"` (or `“…”`, `「…」`) keeps a clause whole
//! and exact, a leading `-` excludes it. Every clause must match. A clause matches a
//! document in one of two ways: **literally** — its folded characters appear in order in the
//! title or text, found through the n-gram field (a phrase of character pairs, or the terms
//! a single character starts), or it is the whole name or an alias of one of the item's
//! units — or **by words** — every jieba word of the clause appears in some field, weighted
//! title > units > text > section. Literal matches score a constant tier
//! above word-only matches, so the tasks that say exactly what was asked come first and
//! BM25 orders the rest.

use std::ops::Bound;

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, InvertedIndexRangeQuery,
    Occur, PhraseQuery, Query, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use super::SearchQuery;
use super::analysis::{fold, query_words, run_grams, runs};
use super::docs::{column_key, column_len, indicator_key, task_key};
use super::schema::Fields;
use crate::model::{Library, Role, SmolStr};
use crate::{Error, Result};

/// Score added by each clause that matches literally: above any BM25 sum of a short query.
pub const LITERAL_TIER: f32 = 100.0;

const BOOST_TITLE: f32 = 3.0;
const BOOST_UNITS: f32 = 2.0;
const BOOST_TEXT: f32 = 1.0;
const BOOST_PATH: f32 = 0.5;

/// One space-separated part of a query.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    /// The clause folded (NFKC, lowercase, spaces removed).
    pub folded: String,
    /// In quotes: only a literal match counts.
    pub quoted: bool,
    /// Led by `-`: documents that contain it literally are excluded.
    pub negated: bool,
    /// The runs of searchable characters (see [`runs`]).
    pub runs: Vec<String>,
    /// jieba's words of the clause.
    pub words: Vec<String>,
}

fn closing_quote(open: char) -> Option<char> {
    match open {
        '"' => Some('"'),
        '＂' => Some('＂'),
        '“' => Some('”'),
        '「' => Some('」'),
        '『' => Some('』'),
        _ => None,
    }
}

/// Splits the query text into clauses.
pub fn parse(text: &str) -> Vec<Clause> {
    let mut raw: Vec<(String, bool, bool)> = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut negated = false;
        if c == '-' || c == '－' {
            chars.next();
            match chars.peek() {
                Some(n) if !n.is_whitespace() => negated = true,
                // A lone dash is not an operator; it is dropped like other punctuation.
                _ => continue,
            }
        }
        let Some(&c) = chars.peek() else { break };
        if let Some(close) = closing_quote(c) {
            chars.next();
            let mut s = String::new();
            for n in chars.by_ref() {
                if n == close {
                    break;
                }
                s.push(n);
            }
            raw.push((s, true, negated));
        } else {
            let mut s = String::new();
            while let Some(&n) = chars.peek() {
                if n.is_whitespace() || (closing_quote(n).is_some() && !s.is_empty()) {
                    break;
                }
                s.push(n);
                chars.next();
            }
            raw.push((s, false, negated));
        }
    }
    raw.into_iter()
        .filter_map(|(s, quoted, negated)| {
            let folded = fold(&s);
            if folded.is_empty() {
                return None;
            }
            Some(Clause {
                runs: runs(&folded),
                words: query_words(&folded),
                folded,
                quoted,
                negated,
            })
        })
        .collect()
}

/// The pairs a phrase needs to pin down a run of `n + 1` characters: every other pair
/// and the last (`数据中心` → `数据`@0 `中心`@2). Fewer terms means fewer position lists
/// read per candidate, the main cost of a phrase on common characters.
fn cover(n: usize) -> Vec<usize> {
    let mut picked: Vec<usize> = (0..n).step_by(2).collect();
    if n > 0 && picked.last() != Some(&(n - 1)) {
        picked.push(n - 1);
    }
    picked
}

fn single_char(run: &str) -> Option<char> {
    let mut it = run.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// Documents containing the character `c`: every term of the n-gram field that starts with
/// it (pairs, and `c` + [`RUN_END`](super::analysis::RUN_END)).
pub fn char_query(f: &Fields, c: char) -> Box<dyn Query> {
    let lower = Term::from_field_text(f.ngram, &c.to_string());
    // Terms are compared as UTF-8 bytes, which sort like code points: every term starting
    // with `c` lies below the next character.
    let next = (c as u32 + 1..=0x10ffff).find_map(char::from_u32);
    let upper = match next {
        Some(n) => Bound::Excluded(Term::from_field_text(f.ngram, &n.to_string())),
        None => Bound::Unbounded,
    };
    Box::new(InvertedIndexRangeQuery::new(Bound::Included(lower), upper))
}

/// A run of three characters or more: the pairs of [`cover`] as a phrase, the others as
/// plain terms beside it. Candidates must hold every pair (the rarest drives the
/// intersection), and positions are read only for those, and only for the cover.
fn phrase_query(f: &Fields, grams: &[String]) -> Box<dyn Query> {
    let picked = cover(grams.len());
    let phrase: Box<dyn Query> = Box::new(PhraseQuery::new_with_offset(
        picked
            .iter()
            .map(|&i| (i, Term::from_field_text(f.ngram, &grams[i])))
            .collect(),
    ));
    let mut parts: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, phrase)];
    for (i, g) in grams.iter().enumerate() {
        if !picked.contains(&i) && !picked.iter().any(|&p| grams[p] == *g) {
            parts.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.ngram, g),
                    IndexRecordOption::Basic,
                )),
            ));
        }
    }
    if parts.len() == 1 {
        return parts.remove(0).1;
    }
    Box::new(BooleanQuery::new(parts))
}

/// Documents that contain the clause literally (as far as its runs go) in their title or
/// text, or name a unit by it.
pub fn literal_query(f: &Fields, clause: &Clause) -> Option<Box<dyn Query>> {
    let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for run in &clause.runs {
        let grams = run_grams(run);
        let q: Box<dyn Query> = if let Some(c) = single_char(run) {
            char_query(f, c)
        } else if grams.len() == 1 {
            Box::new(TermQuery::new(
                Term::from_field_text(f.ngram, &grams[0]),
                IndexRecordOption::Basic,
            ))
        } else {
            phrase_query(f, &grams)
        };
        parts.push((Occur::Must, q));
    }
    let text: Option<Box<dyn Query>> = match parts.len() {
        0 => None,
        1 => parts.pop().map(|(_, q)| q),
        _ => Some(Box::new(BooleanQuery::new(parts))),
    };
    // A unit named by its whole name or an alias counts as literal too (`工信厅`).
    let unit: Box<dyn Query> = Box::new(TermQuery::new(
        Term::from_field_text(f.units, &clause.folded),
        IndexRecordOption::Basic,
    ));
    Some(match text {
        Some(text) => Box::new(BooleanQuery::new(vec![
            (Occur::Should, text),
            (Occur::Should, unit),
        ])),
        None => unit,
    })
}

/// Documents that contain every word of the clause in some field, BM25-scored with the
/// field boosts.
fn words_query(f: &Fields, clause: &Clause) -> Option<Box<dyn Query>> {
    let fields: [(Field, f32); 4] = [
        (f.title, BOOST_TITLE),
        (f.units, BOOST_UNITS),
        (f.text, BOOST_TEXT),
        (f.path, BOOST_PATH),
    ];
    let mut musts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for word in &clause.words {
        let shoulds: Vec<(Occur, Box<dyn Query>)> = fields
            .iter()
            .map(|&(field, boost)| {
                let q = TermQuery::new(
                    Term::from_field_text(field, word),
                    IndexRecordOption::WithFreqs,
                );
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(q), boost)) as Box<dyn Query>,
                )
            })
            .collect();
        musts.push((Occur::Must, Box::new(BooleanQuery::new(shoulds))));
    }
    match musts.len() {
        0 => None,
        1 => musts.pop().map(|(_, q)| q),
        _ => Some(Box::new(BooleanQuery::new(musts))),
    }
}

/// The query for one positive clause, or `None` when nothing in it can be looked up in the
/// index (punctuation only): then only the literal fallback can answer.
fn clause_query(f: &Fields, clause: &Clause) -> Option<Box<dyn Query>> {
    let literal = literal_query(f, clause)
        .map(|q| Box::new(ConstScoreQuery::new(q, LITERAL_TIER)) as Box<dyn Query>);
    let words = words_query(f, clause);
    match (literal, words) {
        (Some(l), Some(w)) if clause.quoted => Some(Box::new(BooleanQuery::new(vec![
            (Occur::Must, l),
            (Occur::Should, w),
        ]))),
        (Some(l), _) if clause.quoted => Some(l),
        (Some(l), Some(w)) => Some(Box::new(BooleanQuery::new(vec![
            (Occur::Should, l),
            (Occur::Should, w),
        ]))),
        (Some(q), None) | (None, Some(q)) if !clause.quoted => Some(q),
        _ => None,
    }
}

/// Filter clauses that restrict matches without scoring; `Err(NotFound)` when a filter
/// names nothing in the library.
pub fn filter_queries(f: &Fields, lib: &Library, q: &SearchQuery) -> Result<Vec<Box<dyn Query>>> {
    let mut out: Vec<Box<dyn Query>> = Vec::new();
    let zero = |q: Box<dyn Query>| Box::new(ConstScoreQuery::new(q, 0.0)) as Box<dyn Query>;
    if let Some(doc) = q
        .document
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        let ids: Vec<&str> = if lib.document(doc).is_some() {
            vec![doc]
        } else {
            let needle = fold(doc);
            lib.documents
                .iter()
                .filter(|d| fold(&d.title).contains(&needle))
                .map(|d| d.id.as_str())
                .collect()
        };
        if ids.is_empty() {
            return Err(Error::NotFound(format!(
                "no plan with the id or title {doc}"
            )));
        }
        out.push(zero(Box::new(TermSetQuery::new(
            ids.iter().map(|id| Term::from_field_text(f.doc, id)),
        ))));
    }
    if let Some(unit) = q.unit.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        out.push(zero(unit_filter(f, lib, unit, q.role)?));
    } else if let Some(role) = q.role {
        out.push(zero(Box::new(TermQuery::new(
            Term::from_field_text(f.role, role.as_str()),
            IndexRecordOption::Basic,
        ))));
    }
    if let Some(year) = q.year {
        let q: Box<dyn Query> = match u64::try_from(year) {
            Ok(y) => Box::new(TermQuery::new(
                Term::from_field_u64(f.year, y),
                IndexRecordOption::Basic,
            )),
            Err(_) => Box::new(EmptyQuery),
        };
        out.push(zero(q));
    }
    if let Some(section) = q.section.as_deref().map(fold).filter(|s| !s.is_empty()) {
        out.push(zero(section_filter(f, lib, &section)));
    }
    Ok(out)
}

/// Tasks of a unit (its name or any alias; failing that, every unit whose name or alias
/// contains the text), optionally only those where it has `role`.
fn unit_filter(
    f: &Fields,
    lib: &Library,
    unit: &str,
    role: Option<Role>,
) -> Result<Box<dyn Query>> {
    let entries: Vec<_> = match lib.find_unit(unit) {
        Some(e) => vec![e],
        None => {
            let needle = fold(unit);
            lib.units
                .iter()
                .filter(|u| {
                    fold(&u.name).contains(&needle)
                        || u.aliases.iter().any(|a| fold(a).contains(&needle))
                })
                .collect()
        }
    };
    if entries.is_empty() {
        return Err(Error::NotFound(format!("no unit named {unit}")));
    }
    let keys = entries
        .iter()
        .flat_map(|e| e.tasks.iter())
        .filter(|t| role.is_none_or(|r| t.role == r))
        .map(|t| Term::from_field_text(f.key, &format!("t:{}", t.task)));
    Ok(Box::new(TermSetQuery::new(keys)))
}

/// Items whose section headings contain the (folded) text.
fn section_filter(f: &Fields, lib: &Library, needle: &str) -> Box<dyn Query> {
    let within = |path: &[SmolStr]| path.iter().any(|p| fold(p).contains(needle));
    let mut keys: Vec<Term> = Vec::new();
    for t in lib.tasks.iter().filter(|t| within(&t.path)) {
        keys.push(Term::from_field_text(f.key, &task_key(t)));
    }
    for c in lib
        .columns
        .iter()
        .filter(|c| within(&c.path) || fold(&c.title).contains(needle))
    {
        for k in 0..column_len(c) {
            keys.push(Term::from_field_text(f.key, &column_key(c, k)));
        }
    }
    let mut ordinals: std::collections::HashMap<&str, usize> = Default::default();
    for ind in &lib.indicators {
        let n = ordinals.entry(ind.document.as_str()).or_default();
        if fold(&ind.category).contains(needle) {
            keys.push(Term::from_field_text(
                f.key,
                &indicator_key(&ind.document, *n),
            ));
        }
        *n += 1;
    }
    Box::new(TermSetQuery::new(keys))
}

/// The whole query: every positive clause, no negated one, every filter. `None` when a
/// positive clause cannot be looked up in the index or there is nothing to look for.
pub fn build(
    f: &Fields,
    clauses: &[Clause],
    filters: Vec<Box<dyn Query>>,
) -> Option<Box<dyn Query>> {
    let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for c in clauses {
        if c.negated {
            if let Some(q) = literal_query(f, c) {
                parts.push((Occur::MustNot, q));
            }
        } else {
            parts.push((Occur::Must, clause_query(f, c)?));
        }
    }
    let positive = clauses.iter().any(|c| !c.negated);
    if !positive {
        if filters.is_empty() {
            return None;
        }
        // Filters alone list everything they let through.
        parts.push((Occur::Must, Box::new(AllQuery)));
    }
    parts.extend(filters.into_iter().map(|q| (Occur::Must, q)));
    Some(Box::new(BooleanQuery::new(parts)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_words_quotes_and_exclusions() {
        let c = parse("５Ｇ基站  -“数据 中心” 「千兆光网」 - 港");
        let got: Vec<(&str, bool, bool)> = c
            .iter()
            .map(|c| (c.folded.as_str(), c.quoted, c.negated))
            .collect();
        assert_eq!(
            got,
            [
                ("5g基站", false, false),
                ("数据中心", true, true),
                ("千兆光网", true, false),
                ("港", false, false)
            ]
        );
        assert_eq!(c[0].runs, ["5g基站"]);
        assert_eq!(c[0].words, ["5g基站"]);
        assert_eq!(parse("充电桩建设")[0].words, ["充电桩", "建设"]);
    }

    #[test]
    fn punctuation_only_clause_has_no_runs() {
        let c = parse("％");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].folded, "%");
        assert!(c[0].runs.is_empty());
        assert!(parse("   ").is_empty());
        assert!(parse("-").is_empty());
    }

    #[test]
    fn phrase_cover_pins_every_character() {
        assert_eq!(cover(1), [0]);
        assert_eq!(cover(2), [0, 1]);
        assert_eq!(cover(3), [0, 2]);
        assert_eq!(cover(4), [0, 2, 3]);
        assert_eq!(cover(5), [0, 2, 4]);
    }

    #[test]
    fn unclosed_quote_takes_the_rest() {
        let c = parse("\"标识解析 二级节点");
        assert_eq!(c.len(), 1);
        assert!(c[0].quoted);
        assert_eq!(c[0].folded, "标识解析二级节点");
    }
}
