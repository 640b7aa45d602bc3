//! Target lineage: every target of one indicator across plans, in year order —
//! task targets, plan goals and indicator-table rows — grouped by what they count
//! through the synonym table in `assets/indicators.json` plus width folding, so
//! 5G基站 / 5G基站数 / 开通5G基站 are one line on the timeline.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::extract::text::fold;
use crate::model::{Library, SmolStr, Target};

/// The synonym table shipped with PlanScope.
pub const BUNDLED_INDICATORS: &str = include_str!("../../assets/indicators.json");

/// Indicator name → the wordings that count the same thing.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    groups: Vec<(String, Vec<String>)>,
}

#[derive(Deserialize)]
struct SynonymFile {
    indicators: BTreeMap<String, Vec<String>>,
}

impl Synonyms {
    pub fn from_json(json: &str) -> Result<Self, String> {
        let f: SynonymFile = serde_json::from_str(json).map_err(|e| e.to_string())?;
        Ok(Synonyms {
            groups: f.indicators.into_iter().collect(),
        })
    }

    /// The bundled table (checked by a test; a broken table means no synonyms).
    pub fn bundled() -> Self {
        Self::from_json(BUNDLED_INDICATORS).unwrap_or_default()
    }

    /// The indicator a query names, with the folded terms that match it. A query
    /// that names several indicators (数据中心: racks and PUE) gets all their terms.
    pub fn resolve(&self, query: &str) -> (String, Vec<String>) {
        let q = key(query);
        let mut hits: Vec<(&String, Vec<String>)> = Vec::new();
        for (name, words) in &self.groups {
            let terms: Vec<String> = std::iter::once(name).chain(words).map(|w| key(w)).collect();
            if terms.contains(&q) {
                hits = vec![(name, terms)];
                break;
            }
            if terms
                .iter()
                .any(|t| (q.chars().count() >= 2 && t.contains(&q)) || q.contains(t.as_str()))
            {
                hits.push((name, terms));
            }
        }
        let name = match hits.as_slice() {
            [(name, _)] => (*name).clone(),
            [] => return (query.trim().to_string(), vec![q]),
            _ => query.trim().to_string(),
        };
        let mut terms: Vec<String> = hits.into_iter().flat_map(|(_, t)| t).collect();
        terms.sort();
        terms.dedup();
        (name, terms)
    }

    /// The indicator names of the table, for menus.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.groups.iter().map(|(n, _)| n.as_str())
    }
}

fn key(s: &str) -> String {
    fold(s).to_lowercase()
}

/// One point of a lineage.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LineageTarget {
    pub document: SmolStr,
    /// The task holding the target; null for a plan goal or an indicator-table row.
    pub task: Option<SmolStr>,
    pub year: Option<i32>,
    pub value: SmolStr,
    pub unit: SmolStr,
    pub comparator: Option<SmolStr>,
    pub text: String,
    /// Lead units of the task, when there is one.
    #[serde(default)]
    pub lead_units: Vec<SmolStr>,
    /// "task", "goal" or "table".
    #[serde(default)]
    pub source: String,
}

/// `planscope lineage --json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Lineage {
    pub query: String,
    pub indicator: String,
    pub targets: Vec<LineageTarget>,
}

fn matches(t: &Target, terms: &[String]) -> bool {
    let ind = key(&t.indicator);
    terms.iter().any(|term| ind.contains(term.as_str()))
        || (t.indicator.is_empty()
            && terms
                .iter()
                .any(|term| key(&t.text).contains(term.as_str())))
}

/// Every target of the indicator `query` names, in year order (no year last), then
/// by plan.
pub fn lineage(lib: &Library, synonyms: &Synonyms, query: &str) -> Lineage {
    let (indicator, terms) = synonyms.resolve(query);
    let mut targets = Vec::new();
    for task in &lib.tasks {
        let lead: Vec<SmolStr> = task
            .units
            .iter()
            .filter(|u| u.role == crate::model::Role::Lead)
            .map(|u| u.name.clone())
            .collect();
        for t in task.targets.iter().filter(|t| matches(t, &terms)) {
            targets.push(point(
                &task.document,
                Some(task.id.clone()),
                t,
                lead.clone(),
                "task",
            ));
        }
    }
    for d in &lib.documents {
        for t in d.goals.iter().filter(|t| matches(t, &terms)) {
            targets.push(point(&d.id, None, t, Vec::new(), "goal"));
        }
    }
    for row in &lib.indicators {
        let name = key(&row.name);
        if !terms.iter().any(|t| name.contains(t.as_str())) {
            continue;
        }
        for (year, value) in &row.values {
            let Some(value) = value else { continue };
            targets.push(LineageTarget {
                document: row.document.clone(),
                task: None,
                year: year.parse().ok(),
                value: value.into(),
                unit: row.unit.as_str().into(),
                comparator: None,
                text: format!("{}（{}）{}年：{}", row.name, row.unit, year, value),
                lead_units: Vec::new(),
                source: "table".into(),
            });
        }
    }
    targets.sort_by(|a, b| {
        (a.year.is_none(), a.year, &a.document).cmp(&(b.year.is_none(), b.year, &b.document))
    });
    Lineage {
        query: query.to_string(),
        indicator,
        targets,
    }
}

fn point(
    doc: &SmolStr,
    task: Option<SmolStr>,
    t: &Target,
    lead: Vec<SmolStr>,
    source: &str,
) -> LineageTarget {
    LineageTarget {
        document: doc.clone(),
        task,
        year: t.year,
        value: t.value.clone(),
        unit: t.unit.clone(),
        comparator: t.comparator.clone(),
        text: t.text.clone(),
        lead_units: lead,
        source: source.to_string(),
    }
}

/// A value on a common scale for charting: 万个 and 个 agree (×10⁴), 亿 and 万 too;
/// returns the number in the base measure and that measure's name.
pub fn common_value(value: &str, unit: &str) -> Option<(f64, String)> {
    let v: f64 = value
        .trim_end_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .ok()?;
    for (prefix, factor) in [("万亿", 1e12), ("亿", 1e8), ("万", 1e4)] {
        if let Some(base) = unit.strip_prefix(prefix)
            && !base.is_empty()
        {
            return Some((v * factor, base.to_string()));
        }
    }
    Some((v, unit.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_table_parses_and_resolves() {
        let s = Synonyms::from_json(BUNDLED_INDICATORS).expect("assets/indicators.json is valid");
        assert_eq!(s.resolve("5G基站数").0, "5G基站");
        assert_eq!(s.resolve("充电基础设施").0, "充电桩");
        assert_eq!(s.resolve("标准机柜").0, "数据中心机架");
        assert_eq!(s.resolve("量子通信").0, "量子通信");
    }

    #[test]
    fn common_scale() {
        assert_eq!(common_value("25", "万个"), Some((250_000.0, "个".into())));
        assert_eq!(common_value("7左右", "%"), Some((7.0, "%".into())));
        assert_eq!(common_value("3", "亿个"), Some((3e8, "个".into())));
    }
}
