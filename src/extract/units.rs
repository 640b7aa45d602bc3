//! Responsible units: reads every bracket form the genre uses —
//! （责任单位：A、B，C）, （A、B分工负责，C、D配合）, （A负责，B配合）,
//! （牵头单位：A；配合单位：B）, （责任单位：A牵头，B参与）, labels broken across
//! lines — into units with roles; keeps each unit's strongest role across the
//! brackets of one task; and builds the unit directory with aliases.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::model::{Role, SmolStr, UnitEntry, UnitRole, UnitTask};

/// Labels that open a responsibility bracket, with the role they give.
const LABELS: [(&str, Role); 12] = [
    ("牵头单位", Role::Lead),
    ("牵头部门", Role::Lead),
    ("责任单位", Role::Lead),
    ("责任部门", Role::Lead),
    ("主责单位", Role::Lead),
    ("负责单位", Role::Lead),
    ("实施单位", Role::Lead),
    ("配合单位", Role::Cooperate),
    ("配合部门", Role::Cooperate),
    ("参与单位", Role::Cooperate),
    ("协办单位", Role::Cooperate),
    ("协助单位", Role::Cooperate),
];

/// Role words that close a clause ("A、B分工负责"), longest first.
const SUFFIXES: [(&str, Role); 13] = [
    ("按职责分工负责", Role::Lead),
    ("按职责分工", Role::Lead),
    ("分工负责", Role::Lead),
    ("共同负责", Role::Lead),
    ("牵头负责", Role::Lead),
    ("负责落实", Role::Lead),
    ("牵头", Role::Lead),
    ("负责", Role::Lead),
    ("配合落实", Role::Cooperate),
    ("按职责配合", Role::Cooperate),
    ("配合", Role::Cooperate),
    ("参与", Role::Cooperate),
    ("协助", Role::Cooperate),
];

/// Endings of organisation names: a bracket without a label must name units.
const ORG_ENDINGS: [&str; 30] = [
    "厅", "局", "委", "办", "院", "部", "会", "政府", "中心", "公司", "分行", "集团", "银行",
    "部门", "单位", "署", "室", "所", "社", "团", "馆", "站", "队", "处", "行", "司", "台", "支行",
    "法院", "机构",
];

/// All responsibility brackets in a task's folded text, merged: each unit once, in
/// order of first mention, with its strongest role (lead beats cooperate).
pub fn parse_units(norm: &str) -> Vec<UnitRole> {
    let mut out: Vec<UnitRole> = Vec::new();
    for inner in brackets(norm) {
        for u in parse_bracket(&inner) {
            match out.iter_mut().find(|o| o.name == u.name) {
                Some(o) => {
                    if u.role < o.role {
                        o.role = u.role;
                    }
                }
                None => out.push(u),
            }
        }
    }
    out
}

/// The contents of top-level (…) and 【…】 groups (the text is folded: （ is
/// already ( ), plus a label standing outside any bracket ("责任单位：A、B。")
/// up to the end of its sentence.
fn brackets(norm: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut cur = String::new();
    let mut outside = String::new();
    for c in norm.chars() {
        let c = match c {
            '【' | '〔' | '[' | '［' => '(',
            '】' | '〕' | ']' | '］' => ')',
            c => c,
        };
        if depth == 0 && c != '(' {
            outside.push(c);
        }
        match c {
            '(' => {
                if depth > 0 {
                    cur.push(c);
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push(std::mem::take(&mut cur));
                } else {
                    cur.push(c);
                }
            }
            _ if depth > 0 => cur.push(c),
            _ => {}
        }
    }
    for (label, _) in LABELS {
        let mut rest = outside.as_str();
        while let Some(p) = rest.find(label) {
            let tail = &rest[p..];
            let end = tail.find(['。', '\n']).unwrap_or(tail.len());
            let clause = &tail[..end];
            if clause[label.len()..].starts_with([':', '：']) {
                out.push(clause.to_string());
            }
            rest = &tail[end..];
        }
    }
    out
}

fn strip_label(s: &str) -> (Option<Role>, &str) {
    let t = s.trim_start_matches([' ', ',', ';', '、']);
    for (label, role) in LABELS {
        if let Some(rest) = t.strip_prefix(label) {
            return (Some(role), rest.trim_start_matches([':', '：', ' ']));
        }
    }
    (None, t)
}

fn strip_suffix(s: &str) -> (Option<Role>, &str) {
    let t = s.trim_end_matches(['。', ' ', ',', ';']);
    for (suffix, role) in SUFFIXES {
        if let Some(rest) = t.strip_suffix(suffix) {
            return (Some(role), rest);
        }
    }
    (None, t)
}

/// One bracket's text → units with roles, or nothing when it is not a
/// responsibility bracket.
pub fn parse_bracket(inner: &str) -> Vec<UnitRole> {
    let text: String = inner.chars().filter(|c| !c.is_whitespace()).collect();
    let labelled = LABELS.iter().any(|(l, _)| text.contains(l));
    let has_role_word = SUFFIXES.iter().any(|(s, _)| text.contains(s));
    if !labelled && !has_role_word {
        return Vec::new();
    }
    let mut out: Vec<UnitRole> = Vec::new();
    let mut bracket_role: Option<Role> = None;
    let mut clause_units: Vec<UnitRole> = Vec::new();
    for clause in text.split([';', ',', '；', '，']) {
        let (label, rest) = strip_label(clause);
        if let Some(r) = label {
            bracket_role = Some(r);
        }
        let (suffix, rest) = strip_suffix(rest);
        let role = suffix.or(label).or(bracket_role).unwrap_or(Role::Lead);
        let names: Vec<String> = rest.split(['、', '/']).filter_map(clean_name).collect();
        // A suffix such as 配合 closes the clause only; earlier clauses that had no
        // role word of their own keep the bracket's role.
        for name in names {
            clause_units.push(UnitRole::new(name, role));
        }
    }
    if !labelled {
        let org_like = clause_units
            .iter()
            .filter(|u| ORG_ENDINGS.iter().any(|e| u.name.ends_with(e)))
            .count();
        if clause_units.is_empty() || org_like * 2 < clause_units.len() {
            return Vec::new();
        }
    }
    for u in clause_units {
        match out.iter_mut().find(|o| o.name == u.name) {
            Some(o) => o.role = o.role.min(u.role),
            None => out.push(u),
        }
    }
    out
}

/// The units of one cell of a task table's unit column (牵头单位 / 配合单位 …): every
/// unit the cell names, with the column's role unless the cell says otherwise
/// ("省发展改革委牵头，省财政厅配合" in a 责任单位 column).
pub fn parse_cell(cell: &str, role: Role) -> Vec<UnitRole> {
    let text: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
    if SUFFIXES.iter().any(|(s, _)| text.contains(s)) {
        let parsed = parse_bracket(&text);
        if !parsed.is_empty() {
            return parsed;
        }
    }
    let mut out: Vec<UnitRole> = Vec::new();
    for name in text.split(['、', '/', ',', ';', '，', '；']).filter_map(clean_name) {
        if !out.iter().any(|o| o.name == name) {
            out.push(UnitRole::new(name, role));
        }
    }
    out
}

/// Cleans one unit name: no whitespace, no trailing 等, no stray punctuation.
/// Returns None for an empty or implausible name.
pub fn clean_name(raw: &str) -> Option<String> {
    let mut s: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    loop {
        let before = s.len();
        s = s
            .trim_matches(|c: char| matches!(c, '。' | '.' | ':' | '：' | '、' | '"' | '“' | '”'))
            .to_string();
        for suffix in ["等单位", "等部门", "等"] {
            if let Some(rest) = s.strip_suffix(suffix)
                && !rest.is_empty()
            {
                s = rest.to_string();
            }
        }
        if s.len() == before {
            break;
        }
    }
    let n = s.chars().count();
    (1..=40).contains(&n).then_some(s)
}

/// The alias table: canonical name → other names for the same unit. Loaded from
/// `assets/aliases.json` (embedded) or a user copy next to the user library.
#[derive(Debug, Clone, Default)]
pub struct AliasTable {
    groups: Vec<(String, Vec<String>)>,
}

#[derive(Deserialize)]
struct AliasFile {
    units: BTreeMap<String, Vec<String>>,
}

/// The table shipped with PlanScope.
pub const BUNDLED_ALIASES: &str = include_str!("../../assets/aliases.json");

impl AliasTable {
    pub fn bundled() -> Self {
        // The bundled file is checked by a test; a broken edit falls back to no aliases.
        Self::from_json(BUNDLED_ALIASES).unwrap_or_default()
    }

    pub fn from_json(json: &str) -> Result<Self, String> {
        let f: AliasFile = serde_json::from_str(json).map_err(|e| e.to_string())?;
        Ok(AliasTable {
            groups: f.units.into_iter().collect(),
        })
    }

    /// The canonical name a printed name belongs to, if the table knows it.
    pub fn canonical(&self, name: &str) -> Option<&str> {
        self.groups
            .iter()
            .find(|(c, a)| c == name || a.iter().any(|x| x == name))
            .map(|(c, _)| c.as_str())
    }

    fn aliases_of(&self, canonical: &str) -> Vec<String> {
        self.groups
            .iter()
            .find(|(c, _)| c == canonical)
            .map(|(_, a)| a.clone())
            .unwrap_or_default()
    }
}

/// Builds the unit directory: one entry per unit (printed names that the alias
/// table links share one entry under the canonical name), with every task it leads
/// or supports. Aliases hold the table's other names, the other printed names, and
/// the name without its 省 prefix (大数据局 for 省大数据局) when unambiguous.
pub fn directory<'a>(
    tasks: impl Iterator<Item = (&'a SmolStr, &'a [UnitRole])>,
    aliases: &AliasTable,
) -> Vec<UnitEntry> {
    let mut entries: BTreeMap<String, (Vec<String>, Vec<UnitTask>)> = BTreeMap::new();
    for (task_id, units) in tasks {
        for u in units {
            let key = aliases.canonical(&u.name).unwrap_or(&u.name).to_string();
            let e = entries.entry(key).or_default();
            if !e.0.iter().any(|p| *p == u.name) {
                e.0.push(u.name.to_string());
            }
            // A task's units come together, so a repeat can only be the last entry.
            if e.1.last().is_none_or(|t| t.task != *task_id) {
                e.1.push(UnitTask {
                    task: task_id.clone(),
                    role: u.role,
                });
            }
        }
    }
    let names: Vec<String> = entries.keys().cloned().collect();
    let mut out = Vec::new();
    for (name, (printed, mut tasks)) in entries {
        tasks.shrink_to_fit();
        let mut al: Vec<String> = aliases.aliases_of(&name);
        for p in printed {
            if p != name && !al.contains(&p) {
                al.push(p);
            }
        }
        if let Some(short) = name.strip_prefix('省')
            && short.chars().count() >= 2
            && !short.starts_with(['委', '政', '人', '直'])
            && !names.iter().any(|n| n == short)
            && !names.iter().any(|n| n != &name && n.ends_with(short))
            && !al.iter().any(|a| a == short)
        {
            al.push(short.to_string());
        }
        out.push(UnitEntry {
            name,
            aliases: al,
            tasks,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[UnitRole]) -> Vec<(String, Role)> {
        v.iter().map(|u| (u.name.to_string(), u.role)).collect()
    }

    #[test]
    fn every_bracket_form() {
        use Role::*;
        let cases: Vec<(&str, Vec<(&str, Role)>)> = vec![
            (
                "(责任单位:省通信管理局、省工业和信息化厅)",
                vec![("省通信管理局", Lead), ("省工业和信息化厅", Lead)],
            ),
            (
                "(责任单位:省大数据局、省发展改革委,有关市政府)",
                vec![
                    ("省大数据局", Lead),
                    ("省发展改革委", Lead),
                    ("有关市政府", Lead),
                ],
            ),
            (
                "(省科技厅、省自然资源厅分工负责,省统计局、有关市政府配合)",
                vec![
                    ("省科技厅", Lead),
                    ("省自然资源厅", Lead),
                    ("省统计局", Cooperate),
                    ("有关市政府", Cooperate),
                ],
            ),
            (
                "(省交通运输厅负责,省公安厅配合)",
                vec![("省交通运输厅", Lead), ("省公安厅", Cooperate)],
            ),
            (
                "(牵头单位:省工信厅;配合单位:省财政厅、各市政府)",
                vec![
                    ("省工信厅", Lead),
                    ("省财政厅", Cooperate),
                    ("各市政府", Cooperate),
                ],
            ),
            (
                "(牵头单位:省工信厅,配合单位:省财政厅)",
                vec![("省工信厅", Lead), ("省财政厅", Cooperate)],
            ),
            (
                "(责任单位:省大数据局牵头,省通信管理局参与)",
                vec![("省大数据局", Lead), ("省通信管理局", Cooperate)],
            ),
            (
                "(省住房城乡建设厅、省通信管理局等分工负责)",
                vec![("省住房城乡建设厅", Lead), ("省通信管理局", Lead)],
            ),
        ];
        for (text, want) in cases {
            let got = parse_units(text);
            let want: Vec<(String, Role)> =
                want.into_iter().map(|(n, r)| (n.to_string(), r)).collect();
            assert_eq!(names(&got), want, "{text}");
        }
    }

    #[test]
    fn union_keeps_strongest_role() {
        let got = parse_units("甲。(省广电局负责,省科技厅配合)乙。(省科技厅负责)");
        assert_eq!(
            names(&got),
            vec![
                ("省广电局".to_string(), Role::Lead),
                ("省科技厅".to_string(), Role::Lead)
            ]
        );
    }

    #[test]
    fn ordinary_brackets_are_not_units() {
        assert!(parse_units("推广工业无源光纤网络(PON),中国(山东)自由贸易试验区").is_empty());
        assert!(parse_units("(涉及淄博马扎子、东营王庄等11处子项目)").is_empty());
    }

    #[test]
    fn bundled_alias_table_parses() {
        let t = AliasTable::from_json(BUNDLED_ALIASES).expect("assets/aliases.json is valid");
        assert_eq!(t.canonical("工信厅"), Some("省工业和信息化厅"));
        assert_eq!(t.canonical("各市政府"), Some("各市人民政府"));
    }
}
