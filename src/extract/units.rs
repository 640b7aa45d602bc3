//! Responsible units of a task: finds its responsibility clauses — every top-level
//! bracket （…） 【…】 ［…］, and a label standing outside brackets (责任单位：… on a line
//! of its own, up to the end of its sentence) — reads each with the clause grammar
//! (`clause`), and merges them: each unit once, in order of first mention, leading if
//! it leads in any clause. A plan's stated conventions (列第一位者为牵头单位，下同;
//! 以下均需X落实，不再列出) carry from the task that states them to the later ones;
//! a unit a convention adds is marked implied. Also builds the unit directory with
//! aliases.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::clause::{self, FirstRule, starts_with_at};
use crate::model::{Role, SmolStr, UnitEntry, UnitRole, UnitTask};

/// Labels that make a responsibility clause of text outside brackets, when a colon
/// follows them.
const OUTSIDE_LABELS: [&str; 9] = [
    "责任单位",
    "牵头单位",
    "责任部门",
    "牵头部门",
    "牵头考核单位",
    "主责单位",
    "配合单位",
    "协办单位",
    "参与单位",
];

/// What a task's responsibility text says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Duty {
    pub units: Vec<UnitRole>,
    pub deadline: Option<String>,
    /// Responsibility text not read as units, as printed.
    pub not_understood: Vec<String>,
    /// Conventions stated here that hold for the plan's later tasks.
    pub later: Conventions,
}

/// The conventions in force at a point of a plan.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Conventions {
    pub first_rule: Option<FirstRule>,
    /// Units every task takes part in without naming them (以下均需X落实，不再列出).
    pub implied: Vec<String>,
}

impl Conventions {
    /// Adds what a later convention says; a new first-listed rule replaces the old one.
    pub fn absorb(&mut self, later: &Conventions) {
        if later.first_rule.is_some() {
            self.first_rule = later.first_rule;
        }
        for u in &later.implied {
            if !self.implied.contains(u) {
                self.implied.push(u.clone());
            }
        }
    }

    /// Conventions a plan states in a note outside its tasks' brackets ("说明：…列第一位
    /// 者为牵头单位", "注：以下均需各市人民政府落实"): they hold for the whole plan.
    pub fn from_note(norm: &[char], disp: &[char]) -> Conventions {
        let mut out = Conventions::default();
        // Almost no paragraph states a convention: look before copying anything.
        let has = |w: &str| (0..norm.len()).any(|i| starts_with_at(norm, i, w));
        if !has("不再列出") && !(has("牵头") && (has("第一") || has("首位"))) {
            return out;
        }
        let outside = outside_brackets(norm);
        let n: Vec<char> = outside.iter().map(|&i| norm[i]).collect();
        let d: Vec<char> = outside.iter().map(|&i| disp[i]).collect();
        let r = clause::read(&n, &d, None);
        out.first_rule = r.first_rule.map(|(rule, _)| rule);
        out.implied = r.implied_later;
        out
    }
}

/// Indices of the characters outside any bracket.
fn outside_brackets(norm: &[char]) -> Vec<usize> {
    let mut depth = 0usize;
    let mut out = Vec::new();
    for (i, &c) in norm.iter().enumerate() {
        match c {
            '(' | '（' | '【' | '[' | '［' | '〔' => depth += 1,
            ')' | '）' | '】' | ']' | '］' | '〕' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(i),
            _ => {}
        }
    }
    out
}

/// Reads the responsibility text of one task: `norm` and `disp` are its folded and
/// printed characters (same length); `conv` the conventions in force.
pub fn read_duty(norm: &[char], disp: &[char], conv: &Conventions) -> Duty {
    let mut out = Duty::default();
    let mut names_lead = false;
    let mut rule = conv.first_rule;
    for (a, b) in clause_ranges(norm) {
        let r = clause::read(&norm[a..b], &disp[a..b], rule);
        if !r.is_duty {
            continue;
        }
        if let Some((first, forward)) = r.first_rule {
            rule = Some(first);
            if forward {
                out.later.first_rule = Some(first);
            }
        }
        out.later.implied.extend(r.implied_later);
        names_lead |= r.names_lead;
        if out.deadline.is_none() {
            out.deadline = r.deadline;
        }
        for (name, lead) in r.units {
            let role = if lead { Role::Lead } else { Role::Cooperate };
            match out.units.iter_mut().find(|o| o.name == name) {
                Some(o) => o.role = o.role.min(role),
                None => out.units.push(UnitRole::new(name, role)),
            }
        }
        for j in r.not_understood {
            if !out.not_understood.contains(&j) {
                out.not_understood.push(j);
            }
        }
    }
    // A unit implied by a convention does what the task's responsible units do: it
    // leads where the task names no 牵头, else it cooperates.
    if !out.units.is_empty() || !conv.implied.is_empty() {
        for name in &conv.implied {
            if !out.units.iter().any(|u| u.name == *name) {
                let role = if names_lead {
                    Role::Cooperate
                } else {
                    Role::Lead
                };
                out.units.push(UnitRole {
                    name: name.into(),
                    role,
                    implied: true,
                });
            }
        }
    }
    out
}

/// All responsibility clauses in a task's folded text, merged: each unit once, in
/// order of first mention, with its strongest role (lead beats cooperate). Units
/// implied by conventions are not included.
pub fn parse_units(norm: &str) -> Vec<UnitRole> {
    let c: Vec<char> = norm.chars().collect();
    read_duty(&c, &c, &Conventions::default()).units
}

/// Char ranges of the responsibility clauses in a text: the contents of top-level
/// brackets, plus a label standing outside any bracket ("责任单位：A、B。") up to the
/// end of its sentence.
fn clause_ranges(norm: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut open = 0usize;
    let mut i = 0;
    while i < norm.len() {
        let c = norm[i];
        match c {
            '(' | '（' | '【' | '[' | '［' | '〔' => {
                if depth == 0 {
                    open = i + 1;
                }
                depth += 1;
            }
            ')' | '）' | '】' | ']' | '］' | '〕' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push((open, i));
                }
            }
            '责' | '牵' | '主' | '配' | '协' | '参' if depth == 0 => {
                if let Some(label) = OUTSIDE_LABELS.iter().find(|l| starts_with_at(norm, i, l)) {
                    let after = i + label.chars().count();
                    if matches!(norm.get(after), Some(':' | '：')) {
                        let mut e = after;
                        while e < norm.len() && !matches!(norm[e], '。' | '\n') {
                            e += 1;
                        }
                        out.push((i, e));
                        i = e;
                        continue;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The units of one cell of a task table's unit column (牵头单位 / 配合单位 …): every
/// unit the cell names, with the column's role unless the cell says otherwise
/// ("省发展改革委牵头，省财政厅配合" in a 责任单位 column).
pub fn parse_cell(norm: &[char], disp: &[char], role: Role) -> Vec<UnitRole> {
    let label = match role {
        Role::Lead => "牵头单位:",
        Role::Cooperate => "配合单位:",
    };
    // A cell's lines are items of its list.
    let with_label = |cell: &[char]| -> Vec<char> {
        label
            .chars()
            .chain(cell.iter().map(|&c| if c == '\n' { '、' } else { c }))
            .collect()
    };
    let (n, d) = (with_label(norm), with_label(disp));
    clause::read(&n, &d, None)
        .units
        .into_iter()
        .map(|(name, lead)| UnitRole::new(name, if lead { Role::Lead } else { Role::Cooperate }))
        .collect()
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
