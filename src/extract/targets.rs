//! Quantitative targets: every number + measure word in a task ("到2025年，全省累计
//! 开通5G基站25万个以上"), with the indicator it counts, its comparator and its
//! deadline year (stated in the sentence, else the nearest preceding 到20XX年 of the
//! task, else none). A range ("建设3-5个", "1到2个") is one target, and a number written
//! in Chinese numerals ("突破千亿元", "建成百个") is a target as one in digits is.
//! Numbers that are names or specs — 5G, 200G/400G, ±800千伏, 2号线, "1+30+N", 千兆光网 —
//! and the terms of a subsidy or reward (its amount, rate, cap, vouchers) are not targets.

use std::sync::LazyLock;

use regex::Regex;

use super::text::string_of;
use crate::model::{SmolStr, Target};

/// Measure words, longest first so 万个 wins over 个.
const MEASURES: [&str; 62] = [
    "个百分点",
    "万平方公里",
    "平方公里",
    "万平方米",
    "万千瓦",
    "万亿元",
    "万人次",
    "EFLOPS",
    "PFLOPS",
    "TFLOPS",
    "亿人次",
    "亿元",
    "万元",
    "万个",
    "亿个",
    "万家",
    "万台",
    "万架",
    "万户",
    "万人",
    "万条",
    "万座",
    "万吨",
    "万套",
    "万辆",
    "万公里",
    "公里",
    "千米",
    "千兆",
    "兆瓦",
    "千瓦",
    "Gbps",
    "Mbps",
    "毫秒",
    "Tbps",
    "个",
    "家",
    "台",
    "架",
    "座",
    "处",
    "项",
    "条",
    "所",
    "套",
    "辆",
    "种",
    "批",
    "人",
    "名",
    "吨",
    "倍",
    "枚",
    "颗",
    "户",
    "%",
    "‰",
    "EB",
    "PB",
    "TB",
    "T",
    "万",
];

const COMPARATORS: [&str; 23] = [
    "不低于",
    "不少于",
    "不高于",
    "不超过",
    "达到",
    "超过",
    "接近",
    "突破",
    "低于",
    "高于",
    "提高到",
    "提高至",
    "提升到",
    "提升至",
    "提高",
    "提升",
    "增长",
    "控制在",
    "保持在",
    "力争",
    "约",
    "达",
    "新增",
];

const TAIL_COMPARATORS: [&str; 4] = ["以上", "左右", "以内", "以下"];

/// One-character comparators, read only when they stand right before the number.
const ADJACENT_COMPARATORS: [&str; 4] = ["超", "近", "逾", "上"];

/// Verbs after which the counted thing follows the number ("建成5个…平台").
const BUILD_VERBS: [&str; 23] = [
    "累计建成",
    "新开通",
    "新建",
    "建成",
    "建设",
    "培育",
    "打造",
    "开通",
    "新增",
    "形成",
    "部署",
    "创建",
    "认定",
    "推广",
    "引进",
    "实施",
    "布局",
    "遴选",
    "建立",
    "培养",
    "完成",
    "集聚",
    "汇聚",
];

// Literal patterns, checked by the tests below; no user input reaches them.
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(20\d\d)年").expect("literal regex"));

/// Targets in a task's text. `norm` is the folded text, `disp` the display text with
/// the same char indices.
pub fn extract(norm: &[char], disp: &[char]) -> Vec<Target> {
    let text: String = string_of(norm);
    let quoted = quoted_ranges(norm);
    // Char index of each byte offset (regex works in bytes).
    let char_at: Vec<usize> = {
        let mut v = vec![0; text.len() + 1];
        let mut ci = 0;
        for (bi, ch) in text.char_indices() {
            for slot in v.iter_mut().skip(bi).take(ch.len_utf8()) {
                *slot = ci;
            }
            ci += 1;
        }
        v[text.len()] = ci;
        v
    };
    let mut task_years: Vec<(usize, i32)> = Vec::new();
    for m in YEAR.captures_iter(&text) {
        if let (Some(all), Some(y)) = (m.get(0), m.get(1)) {
            let start = char_at[all.start()];
            let prefixed = start > 0 && matches!(norm[start - 1], '到' | '至');
            if prefixed && let Ok(y) = y.as_str().parse() {
                task_years.push((start, y));
            }
        }
    }
    let mut out = Vec::new();
    for q in quantities(norm) {
        let Quantity {
            start: s,
            end: e,
            value,
            unit,
            in_words,
        } = q;
        if quoted.iter().any(|&(a, b)| s > a && s < b) {
            continue;
        }
        let after = e + unit.chars().count();
        if is_name_or_spec(norm, s, e, after, &unit) || counts_kinds(norm, after) {
            continue;
        }
        let (cs, ce) = clause_bounds(norm, s);
        let (ss, se) = sentence_bounds(norm, s);
        let clause: String = string_of(&norm[cs..ce]);
        // The clause after it, in the same sentence: "按…收入总额的10%-30%，每个给予最高200万元
        // 奖补" pays out the rate the clause before states.
        let next_clause: String = if ce < se {
            let (ns, ne) = clause_bounds(norm, ce + 1);
            string_of(&norm[ns..ne.min(se)])
        } else {
            String::new()
        };
        if is_grant_term(&clause, &next_clause, &unit) {
            continue;
        }
        // Year: in the sentence (nearest before the number, else the first after),
        // else the nearest preceding 到20XX年 in the task.
        let sentence: String = string_of(&norm[ss..se]);
        let mut year = None;
        let mut year_at = None;
        for ym in YEAR.captures_iter(&sentence) {
            let (Some(all), Some(y)) = (ym.get(0), ym.get(1)) else {
                continue;
            };
            let at = ss + sentence[..all.start()].chars().count();
            if at + 5 > s && at != s && year.is_some() {
                break;
            }
            if at == s {
                continue;
            }
            year = y.as_str().parse::<i32>().ok();
            year_at = Some(at);
            if at > s {
                break;
            }
        }
        if year.is_none()
            && let Some(&(at, y)) = task_years.iter().rev().find(|(at, _)| *at < s)
        {
            year = Some(y);
            year_at = Some(at);
        }
        // What the number counts starts after the last 、 of its clause
        // ("充电桩保有量达10万个以上、加氢站30座" → 加氢站).
        let from = (cs..s)
            .rev()
            .find(|&i| norm[i] == '、')
            .map_or(cs, |i| i + 1);
        let mut before: String = string_of(&norm[from..s]);
        let tail: String = string_of(&norm[after..ce]);
        // 超, 近, 逾 compare only when they touch the number ("面积超50万平方米"); 上 only
        // before a magnitude written in words ("上百家").
        let adjacent = ADJACENT_COMPARATORS
            .iter()
            .filter(|_| !COMPARATORS.iter().any(|c| before.ends_with(c)))
            .find(|c| before.ends_with(*c) && (**c != "上" || in_words))
            .copied();
        if let Some(a) = adjacent {
            before.truncate(before.len() - a.len());
        }
        let comparator = COMPARATORS
            .iter()
            .find(|c| before.ends_with(*c))
            .or(adjacent.as_ref())
            .or_else(|| TAIL_COMPARATORS.iter().find(|c| tail.starts_with(*c)))
            .or_else(|| COMPARATORS.iter().find(|c| before.contains(*c)))
            .map(|c| c.to_string());
        let closed = adjacent.is_some();
        let mut indicator = indicator(&before, &tail, closed);
        if indicator.is_empty() && from > cs {
            // "服务企业数量翻番、达到80万家": the counted thing stands before the 、.
            let whole: String = string_of(&norm[cs..s]);
            indicator = self::indicator(&whole, &tail, closed);
        }
        // "新开通5G基站15万个以上，总数达到30万个以上": a bare 总数 / 总量 counts the
        // same thing as the target before it in the sentence.
        if (indicator.is_empty() || matches!(indicator.as_str(), "总数" | "总量" | "规模" | "数量"))
            && let Some(prev) = out
                .last()
                .filter(|p: &&Target| p.year == year && !p.indicator.is_empty())
        {
            indicator = prev.indicator.to_string();
        }
        // The clause as printed; with the year phrase in front when it stands in an
        // earlier clause of the same sentence.
        let mut text_out = String::new();
        if let Some(ya) = year_at
            && ya < cs
            && ya >= ss
        {
            let (ycs, yce) = clause_bounds(norm, ya);
            let yc: String = string_of(&disp[ycs..yce]);
            text_out.push_str(&yc);
            text_out.push('，');
        }
        let mut end = after;
        while end < ce && !matches!(norm[end], '、') {
            end += 1;
        }
        text_out.extend(disp[cs..end.max(after)].iter());
        out.push(Target {
            year,
            indicator: indicator.into(),
            value: value.into(),
            unit: unit.into(),
            comparator: comparator.map(SmolStr::from),
            text: text_out,
        });
    }
    out
}

/// A number and its measure word as the folded text prints them.
struct Quantity {
    /// Char range of the number: from its first numeral to where the measure word starts.
    start: usize,
    end: usize,
    /// As printed, the measure word written once: "25", "3-5", "10-30" (of 10%-30%), "千".
    value: String,
    unit: String,
    /// Written in Chinese numerals.
    in_words: bool,
}

/// Every number followed by a measure word (or governed by a comparator), left to right:
/// digits ("25万个", "12.5EFLOPS"), ranges ("3-5个", "1到2个", "10%-30%") and numbers in
/// Chinese numerals ("千亿元", "百个", "三至五家").
fn quantities(norm: &[char]) -> Vec<Quantity> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < norm.len() {
        if norm[i].is_ascii_digit() {
            let e = digits_end(norm, i);
            if let Some(q) = range(norm, i, e, false) {
                i = q.end;
                out.push(q);
                continue;
            }
            if let Some(unit) = measure_at(norm, e).or_else(|| bare_ratio(norm, i, e)) {
                out.push(Quantity {
                    start: i,
                    end: e,
                    value: string_of(&norm[i..e]),
                    unit,
                    in_words: false,
                });
            }
            i = e;
        } else if let Some(run_end) = numeral_run(norm, i) {
            if let Some(q) = in_words(norm, i, run_end) {
                i = q.end;
                out.push(q);
            } else {
                i = run_end;
            }
        } else {
            i += 1;
        }
    }
    out
}

/// End of the digits at `s`, with one decimal part ("12.5").
fn digits_end(norm: &[char], s: usize) -> usize {
    let int_end = |from: usize| {
        (from..norm.len())
            .find(|&j| !norm[j].is_ascii_digit())
            .unwrap_or(norm.len())
    };
    let e = int_end(s);
    if norm.get(e) == Some(&'.') && norm.get(e + 1).is_some_and(|c| c.is_ascii_digit()) {
        int_end(e + 1)
    } else {
        e
    }
}

fn is_range_connector(c: char) -> bool {
    matches!(c, '-' | '~' | '〜' | '至' | '到')
}

/// A range starting with the number `[s, first_end)`: "3-5个", "3~5个" (3～5个), "3至5个",
/// "1到2个", "三至五家". The first number may repeat the measure word ("10%-30%",
/// "5万-10万个"); the value keeps both numbers and the connector as printed, the unit
/// once: "3-5" 个, "10-30" %, "5-10" 万个.
fn range(norm: &[char], s: usize, first_end: usize, words: bool) -> Option<Quantity> {
    let repeated = match norm.get(first_end) {
        Some(&c) if is_range_connector(c) => String::new(),
        _ => measure_at(norm, first_end)?,
    };
    let c = first_end + repeated.chars().count();
    let connector = *norm.get(c).filter(|&&x| is_range_connector(x))?;
    let s2 = c + 1;
    let (e2, unit) = if words {
        let run_end = numeral_run(norm, s2).filter(|_| !is_hedge(norm, s2))?;
        let (e2, unit) = split_measure(norm, s2, run_end)?;
        reads_as_number(&norm[s2..e2], &unit).then_some((e2, unit))?
    } else {
        if !norm.get(s2)?.is_ascii_digit() {
            return None;
        }
        let e2 = digits_end(norm, s2);
        (e2, measure_at(norm, e2)?)
    };
    if !unit.starts_with(repeated.as_str()) {
        return None;
    }
    // "三万至五万个": the first number's 万 is the unit's, written twice.
    let unit_numerals: String = unit.chars().take_while(|&c| is_numeral(c)).collect();
    let mut first = string_of(&norm[s..first_end]);
    if words && !unit_numerals.is_empty() && first.ends_with(unit_numerals.as_str()) {
        first.truncate(first.len() - unit_numerals.len());
    }
    if first.is_empty() {
        return None;
    }
    let mut value = first;
    value.push(if connector == '〜' { '~' } else { connector });
    value.extend(&norm[s2..e2]);
    Some(Quantity {
        start: s,
        end: e2,
        value,
        unit,
        in_words: words,
    })
}

/// Chinese numerals: digits 〇零一二两三四五六七八九 and magnitudes 十百千万亿.
fn is_numeral(c: char) -> bool {
    "〇零一二两三四五六七八九十百千万亿".contains(c)
}

/// 十 1, 百 2, 千 3, 万 4, 亿 8 (powers of ten), for the order of magnitudes in a number.
fn magnitude(c: char) -> Option<u8> {
    match c {
        '十' => Some(1),
        '百' => Some(2),
        '千' => Some(3),
        '万' => Some(4),
        '亿' => Some(8),
        _ => None,
    }
}

/// 数 or 几 before a magnitude: an approximate number ("数十个", "几百家").
fn is_hedge(norm: &[char], i: usize) -> bool {
    matches!(norm.get(i), Some('数' | '几'))
        && norm.get(i + 1).is_some_and(|&c| magnitude(c).is_some())
}

/// End of the Chinese numerals starting at `i` (after a hedge 数/几), when `i` starts them.
fn numeral_run(norm: &[char], i: usize) -> Option<usize> {
    let from = if is_hedge(norm, i) { i + 1 } else { i };
    let end = (from..norm.len())
        .find(|&j| !is_numeral(norm[j]))
        .unwrap_or(norm.len());
    (end > from).then_some(end)
}

/// A number in Chinese numerals at `[s, run_end)` that a measure word follows, read as
/// one in digits: "千亿元" is 千 亿元 (as 1000亿元), "百万户" 百 万户, "三千家" 三千 家.
/// Not numbers: a numeral inside a longer number or after digits (第一, 5千), 一 alone —
/// the article of 一批, 一个, 一张网, 一体化 —, numerals that do not read as one number
/// (三四, 亿万), and two round numbers side by side, the idiom for "all" (千家万户).
fn in_words(norm: &[char], s: usize, run_end: usize) -> Option<Quantity> {
    if s > 0 && (is_numeral(norm[s - 1]) || norm[s - 1].is_ascii_digit() || norm[s - 1] == '.') {
        return None;
    }
    if let Some(q) = range(norm, s, run_end, true) {
        return Some(q);
    }
    let from = if is_hedge(norm, s) { s + 1 } else { s };
    let (e, unit) = split_measure(norm, from, run_end)?;
    let numerals = &norm[from..e];
    if matches!(numerals, ['一' | '〇' | '零']) || !reads_as_number(numerals, &unit) {
        return None;
    }
    let round = |at: usize| {
        norm.get(at)
            .is_some_and(|&c| magnitude(c).is_some_and(|m| m < 8))
            && !norm.get(at + 1).is_some_and(|&c| is_numeral(c))
    };
    let single_measure = |c: char| MEASURES.iter().any(|m| m.chars().eq([c]));
    let after = e + unit.chars().count();
    let idiom = numerals.len() == 1
        && unit.chars().count() == 1
        && round(from)
        && (round(after) && norm.get(after + 1).is_some_and(|&c| single_measure(c))
            || s >= 2 && round(s - 2) && single_measure(norm[s - 1]));
    if idiom {
        return None;
    }
    Some(Quantity {
        start: s,
        end: e,
        value: string_of(&norm[s..e]),
        unit,
        in_words: true,
    })
}

/// Where the numerals `[s, run_end)` end and the measure word begins. The measure may
/// start inside them ("千亿元" → 千 + 亿元, "十万个" → 十 + 万个) and then wins, as 万个 wins
/// over 个 after digits; it must reach past them ("千万的" has none).
fn split_measure(norm: &[char], s: usize, run_end: usize) -> Option<(usize, String)> {
    (s + 1..=run_end).find_map(|k| {
        let unit = measure_at(norm, k)?;
        let inside = string_of(&norm[k..run_end]);
        (unit.starts_with(inside.as_str()) && unit.chars().count() > run_end - k)
            .then_some((k, unit))
    })
}

/// Do the numerals, with the unit's own (the 万 of 万户), read as one number? Not two
/// digits in a row (三四) nor a magnitude before one no larger (亿万, 十十); 百万, 千亿,
/// 三千五百 do.
fn reads_as_number(numerals: &[char], unit: &str) -> bool {
    let all: Vec<char> = numerals
        .iter()
        .copied()
        .chain(unit.chars().take_while(|&c| is_numeral(c)))
        .collect();
    all.windows(2)
        .all(|w| match (magnitude(w[0]), magnitude(w[1])) {
            (Some(a), Some(b)) => a < b,
            (None, None) => matches!(w[0], '零' | '〇') || matches!(w[1], '零' | '〇'),
            _ => true,
        })
}

fn measure_at(norm: &[char], e: usize) -> Option<String> {
    let rest: String = string_of(&norm[e..norm.len().min(e + 6)]);
    let unit = MEASURES.iter().find(|m| rest.starts_with(*m))?;
    let after = norm.get(e + unit.chars().count()).copied();
    // "5G", "200G", "4A级", "6G": a measure made of letters must not run on into
    // more letters; "T" alone only for bandwidth (100T), never before a letter.
    if unit.chars().all(|c| c.is_ascii_alphabetic())
        && after.is_some_and(|a| a.is_ascii_alphanumeric())
    {
        return None;
    }
    if *unit == "万" && after.is_some_and(|a| "兆".contains(a)) {
        return None;
    }
    Some(unit.to_string())
}

/// A number with no measure word that a comparator governs ("PUE值不高于1.3",
/// "指数达到127以上"): a target with an empty unit. Years are not.
fn bare_ratio(norm: &[char], s: usize, e: usize) -> Option<String> {
    let before: String = string_of(&norm[s.saturating_sub(4)..s]);
    const GOVERNING: [&str; 11] = [
        "不高于",
        "不低于",
        "不超过",
        "达到",
        "超过",
        "低于",
        "高于",
        "控制在",
        "提高到",
        "提升至",
        "提升到",
    ];
    if !GOVERNING.iter().any(|c| before.ends_with(c)) {
        return None;
    }
    let next = norm.get(e).copied();
    if next.is_some_and(|c| c == '年' || c.is_alphabetic() && !"以左".contains(c)) {
        return None;
    }
    Some(String::new())
}

fn is_name_or_spec(norm: &[char], s: usize, e: usize, after: usize, unit: &str) -> bool {
    let prev = if s > 0 { Some(norm[s - 1]) } else { None };
    let next = norm.get(after).copied();
    if prev.is_some_and(|p| matches!(p, '+' | '±' | '-' | '~' | '/' | '第' | '—' | '.' | '每'))
    {
        return true;
    }
    // A number glued to a Latin word is part of its name (G5, IPv6, H100) unless a
    // Chinese measure word follows: in "OPC100家" the word names what is counted.
    if prev.is_some_and(|p| p.is_ascii_alphabetic())
        && (unit.is_empty() || unit.chars().any(|c| c.is_ascii_alphabetic()))
    {
        return true;
    }
    // Lists and the two ends of an unread range ("2021-2023年" is no quantity).
    if norm
        .get(e)
        .is_some_and(|c| matches!(c, '-' | '~' | '—' | '+' | '/'))
        || next.is_some_and(|c| matches!(c, '-' | '~' | '—' | '+' | '/'))
    {
        return true;
    }
    // 2号线, 4A级 are caught by the measure list; "N级" and "N期" are not measures.
    if unit == "万" && next.is_some_and(|c| c.is_ascii_digit()) {
        return true;
    }
    false
}

/// The terms of a grant are not goals: its amount ("最高给予100万元奖励", "给予最高1万元
/// 一次性创业补贴"), its rate ("按购置额的10%给予奖补", also when the next clause of the
/// sentence gives it: "按其收入总额的10%-30%，每个给予最高200万元奖补"), its cap or length
/// ("最长6个月…给予租金优惠"), and vouchers handed out ("每年发放不超过5000万元算力券").
fn is_grant_term(clause: &str, next_clause: &str, unit: &str) -> bool {
    let grant = is_grant(clause);
    let money = clause.contains('元');
    let rate = matches!(unit, "%" | "‰");
    let cap = clause.contains("最高") || clause.contains("最长");
    (money && (grant || cap))
        || (grant && (rate || cap))
        || (rate && clause.contains('按') && is_grant(next_clause))
}

fn is_grant(clause: &str) -> bool {
    const GRANTS: [&str; 9] = [
        "给予", "补贴", "奖补", "奖励", "补助", "资助", "贴息", "优惠", "免费",
    ];
    GRANTS.iter().any(|w| clause.contains(w)) || has_voucher(clause)
}

/// A voucher (算力券, 消费券, 服务券 …); 证券 and 债券 are securities, not vouchers.
fn has_voucher(clause: &str) -> bool {
    let chars: Vec<char> = clause.chars().collect();
    chars
        .iter()
        .enumerate()
        .any(|(i, &c)| c == '券' && i > 0 && !matches!(chars[i - 1], '证' | '债'))
}

/// A count of kinds, grades or aspects describes a scheme, not a goal ("按照高、中、低三种
/// 类型", "分三个等级建设").
fn counts_kinds(norm: &[char], after: usize) -> bool {
    const KINDS: [&str; 8] = [
        "类型", "类别", "等级", "级别", "层次", "层级", "档次", "方面",
    ];
    let next: String = string_of(&norm[after.min(norm.len())..norm.len().min(after + 2)]);
    KINDS.contains(&next.as_str())
}

/// Char ranges inside “…” or "…" (names such as “1+30+N”).
fn quoted_ranges(norm: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open = None;
    for (i, &c) in norm.iter().enumerate() {
        match c {
            '“' | '「' => open = Some(i),
            '”' | '」' => {
                if let Some(o) = open.take() {
                    out.push((o, i));
                }
            }
            _ => {}
        }
    }
    out
}

fn is_clause_break(c: char) -> bool {
    matches!(c, ',' | ';' | '。' | '!' | '?' | ':' | '，' | '；' | '：')
}

fn clause_bounds(norm: &[char], at: usize) -> (usize, usize) {
    let mut s = at;
    while s > 0 && !is_clause_break(norm[s - 1]) {
        s -= 1;
    }
    let mut e = at;
    while e < norm.len() && !is_clause_break(norm[e]) {
        e += 1;
    }
    // Skip an opening bracket or quote that only decorates the clause.
    while s < e && matches!(norm[s], ' ') {
        s += 1;
    }
    (s, e)
}

fn sentence_bounds(norm: &[char], at: usize) -> (usize, usize) {
    let stop = |c: char| matches!(c, '。' | ';' | '!' | '?' | '；');
    let mut s = at;
    while s > 0 && !stop(norm[s - 1]) {
        s -= 1;
    }
    let mut e = at;
    while e < norm.len() && !stop(norm[e]) {
        e += 1;
    }
    (s, e)
}

/// What the number counts: the words after a build verb ("建成5个…平台" → 平台),
/// else the words before the comparator ("行政村5G网络通达率超过99%").
fn indicator(before: &str, tail: &str, closed: bool) -> String {
    let tail = TAIL_COMPARATORS
        .iter()
        .find_map(|c| tail.strip_prefix(c))
        .unwrap_or(tail);
    let tail = tail.trim_start_matches('的');
    let mut b = before.to_string();
    for c in COMPARATORS {
        if let Some(x) = b.strip_suffix(c) {
            b = x.to_string();
            break;
        }
    }
    for w in ["累计", "分别", "总数", "总量", "全部", "共"] {
        if let Some(x) = b.strip_suffix(w) {
            b = x.to_string();
        }
    }
    // The tail ("建成5个…平台") names the thing unless a comparator closed the words
    // before the number ("…通达率超过99%"). It stops at the next number or list.
    let tail: String = tail
        .chars()
        .take_while(|c| !c.is_ascii_digit() && !matches!(c, '、' | '和' | '及' | '(' | '，'))
        .collect();
    let tail = tail.as_str();
    let closed_by_comparator = closed || COMPARATORS.iter().any(|c| before.ends_with(c));
    let picked = if !closed_by_comparator && tail.chars().count() >= 2 {
        cut(tail, 24)
    } else {
        // Drop a leading time/place phrase: "到2025年", "全省", "省内".
        let mut x = b.as_str();
        for v in BUILD_VERBS {
            if let Some(pos) = x.rfind(v) {
                let candidate = &x[pos + v.len()..];
                if candidate.chars().count() >= 2 {
                    x = candidate;
                    break;
                }
            }
        }
        // Drop a leading deadline such as 到2022年 / 2020年底前.
        if let Some(p) = x.find('年') {
            let head = &x[..p];
            if head
                .trim_start_matches(['到', '至', '自'])
                .chars()
                .all(|c| c.is_ascii_digit())
            {
                x = x[p + '年'.len_utf8()..].trim_start_matches(['底', '年', '前', '末']);
            }
        }
        for p in [
            "力争",
            "全省",
            "省内",
            "全市",
            "全国",
            "各市",
            "其中",
            "实现",
            "原则上",
        ] {
            if let Some(r) = x.strip_prefix(p)
                && r.chars().count() >= 2
            {
                x = r;
            }
        }
        cut(x, 24)
    };
    let picked = if picked.is_empty() {
        cut(tail, 24)
    } else {
        picked
    };
    // An unclosed bracket ("PUE(电能利用效率") and a trailing hedge are not part of
    // the name.
    // A trailing explanation in brackets ("PUE(电能利用效率)") is dropped too.
    let picked = match (picked.rfind('('), picked.rfind(')')) {
        (Some(o), c) if c.is_none_or(|c| c < o || c + 1 == picked.len()) && o > 0 => {
            picked[..o].to_string()
        }
        _ => picked,
    };
    let picked = picked
        .trim_end_matches("原则上")
        .trim_start_matches(['内', '的'])
        .to_string();
    picked
        .trim_matches(|c: char| matches!(c, '(' | ')' | '“' | '”' | ' ' | '、'))
        .to_string()
}

fn cut(s: &str, max: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= max {
        s.to_string()
    } else {
        chars[chars.len() - max..].iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The targets of a text, folded as paragraphs are (３～５ → 3~5).
    fn run(s: &str) -> Vec<Target> {
        let norm: Vec<char> = s.chars().map(crate::extract::text::fold_char).collect();
        let disp: Vec<char> = s.chars().collect();
        extract(&norm, &disp)
    }

    #[test]
    fn the_spec_example() {
        let t = run(
            "加快5G虚拟专网建设。到2025年,全省累计开通5G基站25万个以上,行政村5G网络通达率超过99%,省内5G用户普及率突破70%。",
        );
        assert_eq!(t.len(), 3, "{t:#?}");
        assert_eq!(t[0].year, Some(2025));
        assert_eq!(t[0].value, "25");
        assert_eq!(t[0].unit, "万个");
        assert_eq!(t[0].indicator, "5G基站");
        assert_eq!(t[0].comparator.as_deref(), Some("以上"));
        assert_eq!(t[0].text, "到2025年，全省累计开通5G基站25万个以上");
        assert_eq!(t[1].indicator, "行政村5G网络通达率");
        assert_eq!(t[1].comparator.as_deref(), Some("超过"));
        assert_eq!((t[2].value.as_str(), t[2].unit.as_str()), ("70", "%"));
    }

    #[test]
    fn names_and_specs_are_not_targets() {
        for s in [
            "部署200G/400G超大容量光传输系统",
            "建设陇东-泰安西±800千伏特高压直流输电工程",
            "加快建设济南城市轨道交通2号线",
            "推进“1+30+N”创新体系建设",
            "省财政给予每个最高5000元补贴",
            "规模化部署5G网络,参与6G技术研发",
        ] {
            assert!(run(s).is_empty(), "{s}: {:?}", run(s));
        }
    }

    #[test]
    fn year_from_nearest_preceding_deadline() {
        let t = run(
            "到2020年年底,全省建设50个以上边缘计算资源池节点,到2022年年底,全省边缘计算资源池节点数达到200个以上。推广应用,建成3个平台。",
        );
        let years: Vec<Option<i32>> = t.iter().map(|t| t.year).collect();
        assert_eq!(years, vec![Some(2020), Some(2022), Some(2022)]);
        assert_eq!(t[0].indicator, "边缘计算资源池节点");
        assert_eq!(t[1].indicator, "边缘计算资源池节点数");
    }

    fn parts(t: &[Target]) -> Vec<(&str, &str)> {
        t.iter()
            .map(|t| (t.value.as_str(), t.unit.as_str()))
            .collect()
    }

    #[test]
    fn a_range_is_one_target_with_each_connector() {
        for (s, value, unit) in [
            ("建设3-5个校企共建数字经济融合联盟", "3-5", "个"),
            ("建设3～5个校企共建数字经济融合联盟", "3~5", "个"),
            ("建设3至5个校企共建数字经济融合联盟", "3至5", "个"),
            ("各市选择1到2个工业园区先行先试", "1到2", "个"),
            ("力争打造1—2个全国新型智慧城市标杆", "1-2", "个"),
            ("培育50-100家专精特新企业", "50-100", "家"),
            // Both ends carry %: the value keeps the numbers, the unit is written once.
            ("应用普及率提高10%-30%", "10-30", "%"),
            ("新增5万-10万个物联网终端", "5-10", "万个"),
            ("建设三至五个区域中心", "三至五", "个"),
        ] {
            let t = run(s);
            assert_eq!(parts(&t), vec![(value, unit)], "{s}");
        }
        let t = run("到2025年,各市选择1-2个工业园区先行先试。");
        assert_eq!(t[0].year, Some(2025));
        assert_eq!(t[0].indicator, "工业园区先行先试");
        let t = run("力争打造1—2个全国新型智慧城市标杆");
        assert_eq!(t[0].indicator, "全国新型智慧城市标杆");
        assert_eq!(t[0].comparator.as_deref(), Some("力争"));
        // Year spans and unread ranges stay what they were.
        assert!(run("实施2021-2023年行动计划").is_empty());
        assert!(run("提升10%-30个").is_empty());
    }

    #[test]
    fn numbers_in_words_are_targets() {
        for (s, value, unit) in [
            ("推动北斗产业总产值突破千亿元", "千", "亿元"),
            ("带动百万户家庭接入千兆光网", "百", "万户"),
            ("数字经济规模达到两万亿元", "两", "万亿元"),
            ("建成百个人工智能OPC生态社区", "百", "个"),
            ("培育千家标杆人工智能OPC企业", "千", "家"),
            ("集聚万名人工智能OPC创新创业人才", "万", "名"),
            ("培育三千家创新型中小企业", "三千", "家"),
            ("新增十万个物联网终端", "十", "万个"),
            ("打造两个低时延数据中心核心区", "两", "个"),
            ("建设数十个特色产业园区", "数十", "个"),
            ("提高两个百分点", "两", "个百分点"),
        ] {
            let t = run(s);
            assert_eq!(parts(&t), vec![(value, unit)], "{s}");
        }
        let t = run("到2028年,建成百个人工智能OPC生态社区,培育千家标杆人工智能OPC企业。");
        assert_eq!(t[0].year, Some(2028));
        assert_eq!(t[0].indicator, "人工智能OPC生态社区");
        assert_eq!(t[1].indicator, "标杆人工智能OPC企业");
        let t = run("培育上百家链主企业");
        assert_eq!(parts(&t), vec![("百", "家")]);
        assert_eq!(t[0].comparator.as_deref(), Some("上"));
    }

    #[test]
    fn words_that_hold_numerals_are_not_numbers() {
        for s in [
            "形成一批年营业收入超千万的优质企业",
            "推进政务服务一体化,实现一网通办",
            "打造绿色协同算力“一张网”,提供一站式服务",
            "打造AIOPC转化落地第一站,建设第一个示范区",
            "培育一人公司,建立一户一档",
            "编制“十四五”规划,建设三大平台",
            "构建五位一体格局,落实“四个全面”,共建一带一路",
            "构建三级OPC创业载体体系",
            "推进“双千兆”网络建设,建设千兆光网",
            "打造百亿级产业集群",
            "数字化生活走进千家万户",
            "按照高、中、低三种类型建设",
            "按照基础型、中级型、高级型三个等级建设智慧安防小区",
            "惠及亿万群众",
            "每万人口拥有5G基站20个",
        ] {
            let t = run(s);
            let words: Vec<&Target> = t.iter().filter(|t| t.value != "20").collect();
            assert!(words.is_empty(), "{s}: {words:?}");
        }
        assert_eq!(parts(&run("每万人口拥有5G基站20个")), vec![("20", "个")]);
    }

    #[test]
    fn grant_terms_are_not_targets() {
        for s in [
            "对获奖项目给予最高100万元奖励支持",
            "对正常运营1年以上的离校2年内高校毕业生,给予最高1万元一次性创业补贴",
            "给予最高不超过50万元的个人创业担保贷款和实际贷款利息50%的财政贴息补贴",
            "每年发放不超过5000万元算力券",
            "同一企业每年申领和兑付算力券金额不超过100万元",
            "省级按照项目设备购置额的10%给予奖补",
            "按其上年度实际服务企业上云上平台收入总额的10%-30%,每个给予最高200万元奖补",
            "企业级工业互联网平台省级给予一次性奖补100万元",
            "提供最长6个月“青荷公寓”的过渡性住宿并给予租金优惠",
            "单个企业最高300万元",
        ] {
            assert!(run(s).is_empty(), "{s}: {:?}", run(s));
        }
        // A credit line, a fund and a count of grantees are goals; securities are not vouchers.
        assert_eq!(
            parts(&run("到2028年,银行机构每年用于OPC的信贷额度不低于50亿元")),
            vec![("50", "亿元")]
        );
        assert_eq!(
            parts(&run("推动群众和企业使用频率最高的100项电子证照应用")),
            vec![("100", "项")]
        );
        assert_eq!(
            parts(&run("证券化产品发行规模达到100亿元")),
            vec![("100", "亿元")]
        );
    }

    #[test]
    fn a_number_after_a_latin_word_counts_what_the_word_names() {
        let t = run("培育营收超1000万元OPC100家以上,集聚高成长性OPC5000家以上");
        assert_eq!(
            parts(&t),
            vec![("1000", "万元"), ("100", "家"), ("5000", "家")]
        );
        assert_eq!(t[0].comparator.as_deref(), Some("超"));
        assert!(run("推动F5G网络和B5G技术研发,部署IPv6").is_empty());
    }

    /// Targets of the Hangzhou AI+OPC plan, read from its text by hand.
    /// A target as compared in a test: year, indicator, value, unit, comparator.
    type Row = (Option<i32>, String, String, String, Option<String>);

    #[test]
    fn hangzhou_ai_opc_plan() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/plans-elsewhere/hangzhou_ai_opc_2026_draft.txt");
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("skipped: {} not found", path.display());
            return;
        };
        let para = |start: &str| -> Vec<Target> {
            let line = text
                .lines()
                .find(|l| l.starts_with(start))
                .unwrap_or_else(|| panic!("paragraph {start}"));
            run(line)
        };
        let got = |t: &[Target]| -> Vec<Row> {
            t.iter()
                .map(|t| {
                    (
                        t.year,
                        t.indicator.to_string(),
                        t.value.to_string(),
                        t.unit.to_string(),
                        t.comparator.as_ref().map(|c| c.to_string()),
                    )
                })
                .collect()
        };
        let row = |ind: &str, value: &str, unit: &str, cmp: &str| {
            (
                Some(2028),
                ind.to_string(),
                value.to_string(),
                unit.to_string(),
                Some(cmp.to_string()),
            )
        };
        // "全市OPC社区面积超50万平方米"
        assert_eq!(
            got(&para("2.建设高品质OPC社区")),
            vec![row("OPC社区面积", "50", "万平方米", "超")]
        );
        // "力争OPC认定科技型中小企业1000家以上、高新技术企业300家以上"
        let t = got(&para("3.强化OPC梯度培育"));
        assert_eq!(t.len(), 2);
        assert_eq!((t[0].2.as_str(), t[0].3.as_str()), ("1000", "家"));
        assert_eq!(t[1], row("高新技术企业", "300", "家", "以上"));
        // The voucher budget of item 4 is a subsidy; the 30 agent applications are a goal.
        let t = got(&para("4.强化算力模型供给"));
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].1, "性能先进并成功落地的优秀智能体应用");
        assert_eq!((t[0].2.as_str(), t[0].3.as_str()), ("30", "个"));
        // "建设人工智能领域中试验证平台不少于20家，促进OPC成果落地转化不少于1000项"
        let t = got(&para("7.建设中试验证平台"));
        assert_eq!(t.len(), 2);
        assert_eq!(t[1], row("促进OPC成果落地转化", "1000", "项", "不少于"));
        // "集聚OPC创新创业人才30000名以上"
        assert_eq!(
            got(&para("9.加大人才引育力度")),
            vec![row("OPC创新创业人才", "30000", "名", "以上")]
        );
        // The free stay and its 6 months are the terms of a benefit; the 1000 flats a goal.
        let t = got(&para("10.加强人才安居保障"));
        assert_eq!(t.len(), 1);
        assert_eq!((t[0].2.as_str(), t[0].3.as_str()), ("1000", "套"));
        assert_eq!(t[0].4.as_deref(), Some("不少于"));
    }
}
