//! Quantitative targets: every number + measure word in a task ("到2025年，全省累计
//! 开通5G基站25万个以上"), with the indicator it counts, its comparator and its
//! deadline year (stated in the sentence, else the nearest preceding 到20XX年 of the
//! task, else none). Numbers that are names or specs — 5G, 200G/400G, ±800千伏,
//! 2号线, "1+30+N", ranges such as 1-2个 — and subsidy amounts are not targets.

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

const COMPARATORS: [&str; 22] = [
    "不低于",
    "不少于",
    "不高于",
    "不超过",
    "达到",
    "超过",
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

/// Verbs after which the counted thing follows the number ("建成5个…平台").
const BUILD_VERBS: [&str; 21] = [
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
];

// Literal patterns, checked by the tests below; no user input reaches them.
static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d+(?:\.\d+)?").expect("literal regex"));
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
    for m in NUMBER.find_iter(&text) {
        let s = char_at[m.start()];
        let e = char_at[m.end()];
        if quoted.iter().any(|&(a, b)| s > a && s < b) {
            continue;
        }
        let Some(unit) = measure_at(norm, e).or_else(|| bare_ratio(norm, s, e)) else {
            continue;
        };
        let after = e + unit.chars().count();
        if is_name_or_spec(norm, s, e, after, &unit) {
            continue;
        }
        let (cs, ce) = clause_bounds(norm, s);
        let (ss, se) = sentence_bounds(norm, s);
        let clause: String = string_of(&norm[cs..ce]);
        if is_subsidy(&clause) {
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
        let value: String = string_of(&norm[s..e]);
        // What the number counts starts after the last 、 of its clause
        // ("充电桩保有量达10万个以上、加氢站30座" → 加氢站).
        let from = (cs..s)
            .rev()
            .find(|&i| norm[i] == '、')
            .map_or(cs, |i| i + 1);
        let before: String = string_of(&norm[from..s]);
        let tail: String = string_of(&norm[after..ce]);
        let comparator = COMPARATORS
            .iter()
            .find(|c| before.ends_with(*c))
            .or_else(|| TAIL_COMPARATORS.iter().find(|c| tail.starts_with(*c)))
            .or_else(|| COMPARATORS.iter().find(|c| before.contains(*c)))
            .map(|c| c.to_string());
        let mut indicator = indicator(&before, &tail);
        if indicator.is_empty() && from > cs {
            // "服务企业数量翻番、达到80万家": the counted thing stands before the 、.
            let whole: String = string_of(&norm[cs..s]);
            indicator = self::indicator(&whole, &tail);
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
    if prev.is_some_and(|p| {
        p.is_ascii_alphabetic() || matches!(p, '+' | '±' | '-' | '~' | '/' | '第' | '—' | '.')
    }) {
        return true;
    }
    // Ranges and lists such as 1-2个, 10%-30%, 3-5个.
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

fn is_subsidy(clause: &str) -> bool {
    (clause.contains('元') || clause.contains("万元"))
        && ["最高", "给予", "补贴", "奖补", "奖励", "补助", "资助"]
            .iter()
            .any(|w| clause.contains(w))
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
fn indicator(before: &str, tail: &str) -> String {
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
    let closed_by_comparator = COMPARATORS.iter().any(|c| before.ends_with(c));
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

    fn run(s: &str) -> Vec<Target> {
        let c: Vec<char> = s.chars().collect();
        extract(&c, &c)
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
            "各市选择1-2个工业园区先行先试",
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
}
