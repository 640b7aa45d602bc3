//! One responsibility clause → units with roles, read as a small grammar rather than a
//! list of cases. A clause is the text of a bracket such as
//! （X牵头负责，Y、Z，W配合）, （牵头单位：A；配合单位：B）, （6月底完成，牵头考核单位：X）,
//! （A、B、C等负责。列第一位者为牵头单位，下同） or a line 责任单位：….
//!
//! The clause is cut into pieces at its separators (、，；。, never inside a nested
//! bracket: 各区县（市）政府 stays whole). Each piece is read as
//! `label? (names role-phrase)* names?` or as a deadline, and gives tokens:
//! - a **label** (牵头单位：, 责任单位：, 配合单位：, 牵头考核单位： …) opens a scope: the
//!   names after it take its kind until the next label or role phrase;
//! - a **role phrase** — qualifiers (按职责分工, 按职能, 分别, 共同, 等) + a role word
//!   (牵头, 负责, 落实, 配合, 参与, 协助, 会同) + trailing verbs (负责, 落实, 推进) —
//!   closes a scope: it governs every name listed since the previous role phrase, so
//!   in （X牵头负责，Y、Z，W配合） Y and Z cooperate;
//! - **names**, split further at 和/及/与 only where both sides are whole names of
//!   organisations (工业和信息化部 stays one);
//! - a **deadline** (6月底完成, 2025年底前, 持续推进);
//! - a **note** stating a convention (列第一位者为牵头单位, 第一个逗号前为牵头单位,
//!   以下均需X落实，不再列出, 下同), taken out before the names are read.
//!
//! Kinds resolve to roles as the spec's "Roles" says: a unit named 牵头 leads; the
//! responsible units (负责, 责任单位 …) lead when the clause names no 牵头 and cooperate
//! when it does; 配合 / 参与 / 协助 cooperate. A stated first-listed rule makes the
//! first responsible unit (or those before the first comma) the lead. Only names that
//! read as organisations are units; anything else in a responsibility clause is kept
//! as text not understood, so nothing is dropped silently.

use super::orgname;
use super::text::fold_char;

/// What a clause says of a unit, before roles are resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Named 牵头 (or 会同 others).
    Lead,
    /// 负责, 责任单位, 分工负责, 落实: lead unless the clause names a 牵头.
    Responsible,
    /// 配合, 参与, 协助, 协办.
    Cooperate,
}

/// A plan's rule for telling the lead among responsible units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstRule {
    /// 列第一位者为牵头单位: the first-listed unit leads.
    FirstListed,
    /// 第一个逗号前为牵头单位: the units before the first comma lead.
    BeforeFirstComma,
}

/// The separator printed before a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    Start,
    /// 、 (or 和 / 及 between two names)
    Dun,
    /// ， ； 。
    Comma,
}

/// One unit as the clause prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub name: String,
    pub kind: Kind,
    sep: Sep,
}

/// What one clause says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reading {
    /// The units, in order, each with its resolved role (`true` = lead).
    pub units: Vec<(String, bool)>,
    /// Does the clause name a 牵头 (so that other responsible units cooperate)?
    pub names_lead: bool,
    /// The 完成时限 the clause states, as printed.
    pub deadline: Option<String>,
    /// Pieces of the clause that are neither units, role words, labels, deadlines nor
    /// notes, as printed.
    pub not_understood: Vec<String>,
    /// A first-listed rule the clause states, and whether it holds for later tasks too
    /// (下同).
    pub first_rule: Option<(FirstRule, bool)>,
    /// Units that a note says take part in every later task (以下均需X落实，不再列出).
    pub implied_later: Vec<String>,
    /// Is this a responsibility clause at all (a label, or a role word governing
    /// names of organisations)?
    pub is_duty: bool,
}

/// Labels that open a scope, longest first. A two-character label counts only with a
/// colon after it ("牵头：A；配合：B").
const LABELS: [(&str, Kind); 22] = [
    ("牵头考核单位", Kind::Lead),
    ("牵头责任单位", Kind::Lead),
    ("牵头单位", Kind::Lead),
    ("牵头部门", Kind::Lead),
    ("主责单位", Kind::Lead),
    ("主责部门", Kind::Lead),
    ("主办单位", Kind::Lead),
    ("责任单位", Kind::Responsible),
    ("责任部门", Kind::Responsible),
    ("负责单位", Kind::Responsible),
    ("负责部门", Kind::Responsible),
    ("实施单位", Kind::Responsible),
    ("承办单位", Kind::Responsible),
    ("落实单位", Kind::Responsible),
    ("配合单位", Kind::Cooperate),
    ("配合部门", Kind::Cooperate),
    ("协办单位", Kind::Cooperate),
    ("协助单位", Kind::Cooperate),
    ("参与单位", Kind::Cooperate),
    ("参与部门", Kind::Cooperate),
    ("协同单位", Kind::Cooperate),
    ("支持单位", Kind::Cooperate),
];

const SHORT_LABELS: [(&str, Kind); 5] = [
    ("牵头", Kind::Lead),
    ("责任", Kind::Responsible),
    ("配合", Kind::Cooperate),
    ("参与", Kind::Cooperate),
    ("协办", Kind::Cooperate),
];

/// Words that may stand before a role word without changing it.
const QUALIFIERS: [&str; 10] = [
    "按职责分工",
    "按职能分工",
    "按照职责",
    "按职责",
    "按职能",
    "分工",
    "分别",
    "共同",
    "各自",
    "等",
];

/// Role words, longest first.
const ROLE_WORDS: [(&str, Kind); 9] = [
    ("牵头", Kind::Lead),
    ("会同", Kind::Lead),
    ("负责", Kind::Responsible),
    ("落实", Kind::Responsible),
    ("主责", Kind::Responsible),
    ("配合", Kind::Cooperate),
    ("参与", Kind::Cooperate),
    ("协助", Kind::Cooperate),
    ("协办", Kind::Cooperate),
];

/// Verbs that may follow a role word in the same phrase (牵头负责, 负责落实, 配合推进).
const TRAILING: [&str; 8] = [
    "负责",
    "落实",
    "推进",
    "抓总",
    "实施",
    "组织实施",
    "完成",
    "执行",
];

/// Labels of a deadline inside a clause ("完成时限：2025年12月底").
const DEADLINE_LABELS: [&str; 6] = [
    "完成时限",
    "完成时间",
    "完成期限",
    "时间节点",
    "时限要求",
    "时限",
];

/// Words that start a note stating a convention, not units.
const NOTE_TRIGGERS: [&str; 16] = [
    "列第一位",
    "列在第一位",
    "排第一位",
    "排在第一位",
    "排名第一",
    "排在首位",
    "列首位",
    "排首位",
    "第一个逗号前",
    "第一个单位",
    "以下均",
    "以下需",
    "以下由",
    "不再列出",
    "以下同",
    "下同",
];

fn is_open(c: char) -> bool {
    matches!(c, '(' | '（' | '【' | '[' | '［' | '〔')
}

fn is_close(c: char) -> bool {
    matches!(c, ')' | '）' | '】' | ']' | '］' | '〕')
}

fn is_separator(c: char) -> bool {
    matches!(c, '、' | ',' | '，' | ';' | '；' | '。')
}

/// Does `word` stand in `s` at char index `at`?
pub(crate) fn starts_with_at(s: &[char], at: usize, word: &str) -> bool {
    let mut it = s.get(at..).unwrap_or(&[]).iter();
    word.chars().all(|w| it.next() == Some(&w))
}

fn find_from(s: &[char], from: usize, to: usize, word: &str) -> Option<usize> {
    (from..to).find(|&i| starts_with_at(s, i, word))
}

fn string(s: &[char], a: usize, b: usize) -> String {
    s[a.min(s.len())..b.min(s.len())].iter().collect()
}

/// Reads one clause. `norm` is the width-folded text, `disp` the same characters as
/// printed (same length); `plan_rule` is the first-listed rule in force in the plan.
pub fn read(norm: &[char], disp: &[char], plan_rule: Option<FirstRule>) -> Reading {
    debug_assert_eq!(norm.len(), disp.len());
    let mut out = Reading::default();
    let n = norm.len();
    // Notes come out first: from the separator before a trigger to the end of its
    // sentence.
    let mut keep = vec![true; n];
    let mut i = 0;
    while i < n {
        let Some(trigger) = NOTE_TRIGGERS.iter().find(|t| starts_with_at(norm, i, t)) else {
            i += 1;
            continue;
        };
        let mut a = i;
        while a > 0 && !matches!(norm[a - 1], ',' | '，' | '。' | ';' | '；') {
            a -= 1;
        }
        let mut b = i + trigger.chars().count();
        while b < n && norm[b] != '。' {
            b += 1;
        }
        read_note(&norm[a..b], &disp[a..b], &mut out);
        keep[a..b].iter_mut().for_each(|k| *k = false);
        i = b;
    }
    let mut labelled = false;
    let mut role_words = 0usize;
    let mut named: Vec<Named> = Vec::new();
    let mut junk: Vec<String> = Vec::new();
    // Names waiting for a role phrase, and the kind of the open label.
    let mut pending_from = 0usize;
    let mut label_kind: Option<Kind> = None;
    // Where the comma group being read began, and whether a label's scope is open with
    // no role phrase yet: there a role phrase governs its own comma group only
    // (（责任单位：A，B配合） → A responsible, B cooperates).
    let mut group_from = 0usize;
    let mut label_open = false;
    for (a, b, sep) in pieces(norm, &keep) {
        if sep != Sep::Dun {
            group_from = named.len();
        }
        let mut p = a;
        if let Some((len, kind)) = label_at(norm, p, b) {
            // Names listed before a new label with no role phrase of their own take
            // the previous label's kind.
            close_scope(&mut named[pending_from..], label_kind);
            pending_from = named.len();
            label_kind = Some(kind);
            labelled = true;
            label_open = true;
            group_from = named.len();
            p += len;
            while p < b && matches!(norm[p], ':' | '：' | '为') {
                p += 1;
            }
        }
        if p >= b {
            continue;
        }
        if let Some(len) = DEADLINE_LABELS
            .iter()
            .find(|l| starts_with_at(norm, p, l))
            .map(|l| l.chars().count())
        {
            let mut q = p + len;
            while q < b && matches!(norm[q], ':' | '：' | '为') {
                q += 1;
            }
            if out.deadline.is_none() && q < b {
                out.deadline = Some(string(disp, q, b));
            }
            continue;
        }
        if is_deadline(&string(norm, p, b)) {
            if out.deadline.is_none() {
                out.deadline = Some(string(disp, p, b));
            }
            continue;
        }
        let mut sep = sep;
        let mut s = p;
        let mut k = p;
        while k < b {
            if let Some((len, kind)) = role_at(norm, k, b) {
                push_names(norm, disp, s, k, sep, &mut named, &mut junk);
                sep = Sep::Dun;
                role_words += 1;
                if label_open {
                    let from = group_from.max(pending_from);
                    close_scope(&mut named[pending_from..from], label_kind);
                    pending_from = from;
                    label_open = false;
                }
                for u in &mut named[pending_from..] {
                    u.kind = kind;
                }
                pending_from = named.len();
                // 会同: the units after it work with the ones before.
                if starts_with_at(norm, k, "会同") {
                    label_kind = Some(Kind::Responsible);
                }
                k += len;
                s = k;
                continue;
            }
            k += 1;
        }
        push_names(norm, disp, s, b, sep, &mut named, &mut junk);
    }
    close_scope(&mut named[pending_from..], label_kind);
    join_groups(&mut named);
    // Short place names stand for their government only beside one that says so
    // (广州、深圳市政府).
    let beside_government = named.iter().any(|u| orgname::is_government(&u.name));
    let (units, bad): (Vec<Named>, Vec<Named>) = named.into_iter().partition(|u| {
        orgname::is_org(&u.name) || (beside_government && orgname::is_place(&u.name))
    });
    junk.extend(bad.into_iter().map(|u| u.name));
    out.is_duty = labelled
        || (role_words > 0 && !units.is_empty() && units.len() * 2 >= units.len() + junk.len());
    if !out.is_duty {
        // A note may still state a convention ("说明：列第一位者为牵头单位").
        return Reading {
            first_rule: out.first_rule,
            implied_later: out.implied_later,
            ..Reading::default()
        };
    }
    out.names_lead = units.iter().any(|u| u.kind == Kind::Lead);
    let rule = out.first_rule.map(|(r, _)| r).or(plan_rule);
    let mut first_done = false;
    let mut before_comma = true;
    for u in &units {
        if u.sep == Sep::Comma {
            before_comma = false;
        }
        let lead = match u.kind {
            Kind::Lead => true,
            Kind::Cooperate => false,
            Kind::Responsible if out.names_lead => false,
            Kind::Responsible => match rule {
                None => true,
                Some(FirstRule::FirstListed) => !std::mem::replace(&mut first_done, true),
                Some(FirstRule::BeforeFirstComma) => before_comma,
            },
        };
        match out.units.iter_mut().find(|(n, _)| *n == u.name) {
            Some(seen) => seen.1 |= lead,
            None => out.units.push((u.name.clone(), lead)),
        }
    }
    junk.retain(|j| !j.is_empty());
    out.not_understood = junk;
    out
}

/// Gives the names of a scope that no role phrase closed the kind of the open label
/// (or 责任 when there is none).
fn close_scope(names: &mut [Named], label: Option<Kind>) {
    for u in names {
        u.kind = label.unwrap_or(Kind::Responsible);
    }
}

/// A note: a first-listed rule, or units implied for later tasks.
fn read_note(norm: &[char], disp: &[char], out: &mut Reading) {
    let text: String = norm.iter().collect();
    let forward = text.contains("下同") || text.contains("以下");
    if (text.contains("第一") || text.contains("首位")) && text.contains("牵头") {
        let rule = if text.contains("逗号") {
            FirstRule::BeforeFirstComma
        } else {
            FirstRule::FirstListed
        };
        out.first_rule = Some((rule, forward));
        return;
    }
    // 以下均需X落实 / 以下均由X负责: X are units of every later task.
    let Some(at) = find_from(norm, 0, norm.len(), "以下") else {
        return;
    };
    let mut a = at + 2;
    for w in ["各项任务", "任务"] {
        if starts_with_at(norm, a, w) {
            a += w.chars().count();
        }
    }
    while a < norm.len()
        && matches!(
            norm[a],
            '均' | '都' | '皆' | '需' | '须' | '由' | '要' | '请'
        )
    {
        a += 1;
    }
    let mut b = a;
    while b < norm.len() && !matches!(norm[b], ',' | '，' | '。' | ';' | '；') {
        b += 1;
    }
    // The verb that ends X.
    let mut e = b;
    for v in [
        "组织落实",
        "负责落实",
        "落实",
        "负责",
        "推进",
        "实施",
        "执行",
    ] {
        if let Some(p) = find_from(norm, a, b, v) {
            e = e.min(p);
        }
    }
    if e >= b || e <= a {
        return;
    }
    let keep = vec![true; e - a];
    let mut named = Vec::new();
    let mut junk = Vec::new();
    for (pa, pb, sep) in pieces(&norm[a..e], &keep) {
        push_names(&norm[a..e], &disp[a..e], pa, pb, sep, &mut named, &mut junk);
    }
    join_groups(&mut named);
    out.implied_later = named
        .into_iter()
        .map(|u| u.name)
        .filter(|n| orgname::is_org(n))
        .collect();
}

/// The pieces of a clause between its separators at bracket depth 0, with the
/// separator before each, skipping characters not kept.
fn pieces(norm: &[char], keep: &[bool]) -> Vec<(usize, usize, Sep)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start: Option<usize> = None;
    let mut sep = Sep::Start;
    for (i, &c) in norm.iter().enumerate() {
        if !keep[i] {
            if let Some(s) = start.take() {
                out.push((s, i, sep));
            }
            sep = Sep::Comma;
            continue;
        }
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && is_separator(c) {
            if let Some(s) = start.take() {
                out.push((s, i, sep));
            }
            sep = if c == '、' { Sep::Dun } else { Sep::Comma };
            continue;
        }
        if start.is_none() && !c.is_whitespace() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s, norm.len(), sep));
    }
    out
}

/// A label at `at`: its length and kind.
fn label_at(norm: &[char], at: usize, end: usize) -> Option<(usize, Kind)> {
    for (label, kind) in LABELS {
        if starts_with_at(norm, at, label) {
            return Some((label.chars().count(), kind));
        }
    }
    for (label, kind) in SHORT_LABELS {
        let len = label.chars().count();
        if starts_with_at(norm, at, label) && at + len < end && matches!(norm[at + len], ':' | '：')
        {
            return Some((len, kind));
        }
    }
    None
}

/// A role phrase at `at` — qualifiers, a role word, trailing verbs — with its length.
fn role_at(norm: &[char], at: usize, end: usize) -> Option<(usize, Kind)> {
    let mut i = at;
    while let Some(q) = QUALIFIERS.iter().find(|q| starts_with_at(norm, i, q)) {
        i += q.chars().count();
    }
    let (word, kind) = ROLE_WORDS
        .iter()
        .find(|(w, _)| starts_with_at(norm, i, w))?;
    // 落实 and 主责 are role words only at the end of a piece ("各地区落实").
    let mut j = i + word.chars().count();
    while let Some(t) = TRAILING.iter().find(|t| starts_with_at(norm, j, t)) {
        j += t.chars().count();
    }
    if matches!(*word, "落实" | "主责") && j < end {
        return None;
    }
    // A role word must follow a name (or stand where a scope is closed).
    Some((j.min(end) - at, *kind))
}

/// Adds the names in `[a, b)`: split at 和/及/与 where both sides are organisations,
/// 由 and 等 taken off.
fn push_names(
    norm: &[char],
    disp: &[char],
    a: usize,
    b: usize,
    sep: Sep,
    named: &mut Vec<Named>,
    junk: &mut Vec<String>,
) {
    let (mut a, mut b) = (a, b);
    while a < b && (norm[a].is_whitespace() || norm[a] == '由') {
        a += 1;
    }
    while b > a && (norm[b - 1].is_whitespace() || matches!(norm[b - 1], '等' | ':' | '：')) {
        b -= 1;
    }
    if a >= b {
        return;
    }
    let mut sep = sep;
    let mut s = a;
    for (k, c) in norm.iter().enumerate().take(b).skip(a + 1) {
        if matches!(c, '和' | '及' | '与') {
            let left = orgname::clean(&string(disp, s, k));
            let right = orgname::clean(&string(disp, k + 1, b));
            if orgname::is_org(&left) && orgname::is_org(&right) {
                named.push(Named {
                    name: left,
                    kind: Kind::Responsible,
                    sep,
                });
                sep = Sep::Dun;
                s = k + 1;
            }
        }
    }
    let name = orgname::clean(&string(disp, s, b));
    if name.is_empty() {
        return;
    }
    if name.chars().count() > 40 {
        junk.push(name);
        return;
    }
    named.push(Named {
        name,
        kind: Kind::Responsible,
        sep,
    });
}

/// A group written with 、 that names one body of units stays one unit: 各区、县级市,
/// 各区、县（市）政府 (a bare level after a 各 group).
fn join_groups(named: &mut Vec<Named>) {
    let mut i = 1;
    while i < named.len() {
        if named[i].sep == Sep::Dun
            && orgname::is_bare_level(&named[i].name)
            && orgname::is_each_level(&named[i - 1].name)
        {
            let cur = named.remove(i);
            named[i - 1].name = format!("{}、{}", named[i - 1].name, cur.name);
            continue;
        }
        i += 1;
    }
}

/// A 完成时限 as plans print it: 6月底完成, 2025年底前, 2026年6月底前完成, 年内完成,
/// 持续推进, 长期坚持.
pub fn is_deadline(s: &str) -> bool {
    let mut t = s.trim();
    for v in ["前完成", "完成", "启动", "建成", "实现", "见效", "开展"] {
        if let Some(r) = t.strip_suffix(v) {
            t = r;
            break;
        }
    }
    if t.is_empty() {
        return false;
    }
    if [
        "持续推进",
        "长期坚持",
        "长期推进",
        "持续实施",
        "持续开展",
        "长期",
        "持续",
        "年内",
        "年底前",
        "每年",
    ]
    .contains(&t)
    {
        return true;
    }
    let allowed = |c: char| {
        c.is_ascii_digit() || "年月日底末前内以中上下旬季度第一二三四半起每至到-~—".contains(c)
    };
    t.chars().all(|c| allowed(fold_char(c)))
        && (t.contains('年') || t.contains('月') || t.contains("季度"))
        && t.chars()
            .any(|c| fold_char(c).is_ascii_digit() || c == '年')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn go(s: &str, rule: Option<FirstRule>) -> Reading {
        let c: Vec<char> = s.chars().collect();
        read(&c, &c, rule)
    }

    fn roles(r: &Reading) -> Vec<(&str, &str)> {
        r.units
            .iter()
            .map(|(n, l)| (n.as_str(), if *l { "lead" } else { "cooperate" }))
            .collect()
    }

    #[test]
    fn a_role_word_governs_every_name_since_the_last_one() {
        let r = go(
            "省发展改革委牵头负责,省工业和信息化厅、财政厅、政务和数据局,各地级以上市人民政府配合",
            None,
        );
        assert_eq!(
            roles(&r),
            vec![
                ("省发展改革委", "lead"),
                ("省工业和信息化厅", "cooperate"),
                ("财政厅", "cooperate"),
                ("政务和数据局", "cooperate"),
                ("各地级以上市人民政府", "cooperate"),
            ]
        );
    }

    #[test]
    fn responsible_units_cooperate_beside_a_named_lead() {
        let r = go(
            "发展改革委、工业和信息化部、中央网信办牵头,各地区、各部门按职责分工负责",
            None,
        );
        assert_eq!(
            roles(&r),
            vec![
                ("发展改革委", "lead"),
                ("工业和信息化部", "lead"),
                ("中央网信办", "lead"),
                ("各地区", "cooperate"),
                ("各部门", "cooperate"),
            ]
        );
        let r = go("牵头单位:省工信厅,责任单位:省财政厅、省商务厅", None);
        assert_eq!(
            roles(&r),
            vec![
                ("省工信厅", "lead"),
                ("省财政厅", "cooperate"),
                ("省商务厅", "cooperate")
            ]
        );
        // With no 牵头 every responsible unit leads.
        let r = go("各地区、各部门按职能分工负责", None);
        assert_eq!(roles(&r), vec![("各地区", "lead"), ("各部门", "lead")]);
    }

    #[test]
    fn first_listed_rule_stated_in_the_clause_and_carried_on() {
        let r = go(
            "工业和信息化部、发展改革委、科技部、农业农村部等负责。列第一位者为牵头单位,下同",
            None,
        );
        assert_eq!(r.first_rule, Some((FirstRule::FirstListed, true)));
        assert_eq!(
            roles(&r),
            vec![
                ("工业和信息化部", "lead"),
                ("发展改革委", "cooperate"),
                ("科技部", "cooperate"),
                ("农业农村部", "cooperate"),
            ]
        );
        assert!(r.not_understood.is_empty(), "{:?}", r.not_understood);
        let r = go("农业农村部、财政部等负责", Some(FirstRule::FirstListed));
        assert_eq!(
            roles(&r),
            vec![("农业农村部", "lead"), ("财政部", "cooperate")]
        );
        let r = go(
            "省发改委、省工信厅,省财政厅负责",
            Some(FirstRule::BeforeFirstComma),
        );
        assert_eq!(
            roles(&r),
            vec![
                ("省发改委", "lead"),
                ("省工信厅", "lead"),
                ("省财政厅", "cooperate")
            ]
        );
    }

    #[test]
    fn a_note_implies_units_for_later_tasks() {
        let r = go(
            "责任单位:市科技局、市发展改革委、市经信局,各区、县（市）政府。以下均需各区、县（市）政府落实,不再列出",
            None,
        );
        assert_eq!(
            roles(&r),
            vec![
                ("市科技局", "lead"),
                ("市发展改革委", "lead"),
                ("市经信局", "lead"),
                ("各区、县（市）政府", "lead"),
            ]
        );
        assert_eq!(r.implied_later, vec!["各区、县（市）政府".to_string()]);
        assert!(r.not_understood.is_empty(), "{:?}", r.not_understood);
    }

    #[test]
    fn names_are_kept_as_printed() {
        let r = go("责任单位:各开发区管委会,各区县（市）政府", None);
        assert_eq!(
            roles(&r),
            vec![("各开发区管委会", "lead"), ("各区县（市）政府", "lead")]
        );
        let r = go("各区、县级市负责", None);
        assert_eq!(roles(&r), vec![("各区、县级市", "lead")]);
        let r = go(
            "广州、深圳市政府,横琴粤澳深度合作区执委会按职责分工负责",
            None,
        );
        assert_eq!(
            roles(&r),
            vec![
                ("广州", "lead"),
                ("深圳市政府", "lead"),
                ("横琴粤澳深度合作区执委会", "lead")
            ]
        );
        let r = go("省财政厅和省商务厅负责,省工业和信息化厅配合", None);
        assert_eq!(
            roles(&r),
            vec![
                ("省财政厅", "lead"),
                ("省商务厅", "lead"),
                ("省工业和信息化厅", "cooperate")
            ]
        );
    }

    #[test]
    fn under_a_label_a_role_word_governs_its_own_comma_group() {
        let r = go("责任单位:省铁塔公司,各市人民政府配合", None);
        assert_eq!(
            roles(&r),
            vec![("省铁塔公司", "lead"), ("各市人民政府", "cooperate")]
        );
        let r = go("责任单位:省大数据局牵头,省通信管理局参与", None);
        assert_eq!(
            roles(&r),
            vec![("省大数据局", "lead"), ("省通信管理局", "cooperate")]
        );
    }

    #[test]
    fn a_deadline_and_a_label_in_one_bracket() {
        let r = go("6月底完成,牵头考核单位:市发展改革委", None);
        assert_eq!(roles(&r), vec![("市发展改革委", "lead")]);
        assert_eq!(r.deadline.as_deref(), Some("6月底完成"));
        let r = go(
            "牵头单位:省工信厅;配合单位:省财政厅、各市政府;完成时限:2025年12月底",
            None,
        );
        assert_eq!(
            roles(&r),
            vec![
                ("省工信厅", "lead"),
                ("省财政厅", "cooperate"),
                ("各市政府", "cooperate")
            ]
        );
        assert_eq!(r.deadline.as_deref(), Some("2025年12月底"));
    }

    #[test]
    fn what_is_not_an_organisation_is_reported_not_kept() {
        let r = go("责任单位:省发改委、有关专家", None);
        assert_eq!(roles(&r), vec![("省发改委", "lead")]);
        assert_eq!(r.not_understood, vec!["有关专家".to_string()]);
        // Not a responsibility clause at all.
        assert!(!go("以下简称OPC", None).is_duty);
        assert!(!go("涉及淄博马扎子、东营王庄等11处子项目", None).is_duty);
        assert!(!go("2021-2023年", None).is_duty);
    }

    #[test]
    fn deadlines() {
        for s in [
            "6月底完成",
            "2025年底前",
            "2026年6月底前完成",
            "持续推进",
            "2025年12月底",
            "年内完成",
        ] {
            assert!(is_deadline(s), "{s}");
        }
        for s in ["省发改委", "5G基站", "2025", "完成"] {
            assert!(!is_deadline(s), "{s}");
        }
    }
}
