//! A unit's workload: the tasks it leads and supports in each plan.

use serde::Serialize;

use crate::model::{Library, Role, SmolStr, UnitEntry};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanLoad {
    pub document: SmolStr,
    pub title: String,
    pub lead: usize,
    pub cooperate: usize,
}

/// Per plan (in library order, plans without any of its tasks left out).
pub fn workload(lib: &Library, unit: &UnitEntry) -> Vec<PlanLoad> {
    lib.documents
        .iter()
        .filter_map(|d| {
            let count = |role: Role| {
                unit.tasks
                    .iter()
                    .filter(|t| t.role == role)
                    .filter(|t| lib.task(&t.task).is_some_and(|x| x.document == d.id))
                    .count()
            };
            let (lead, cooperate) = (count(Role::Lead), count(Role::Cooperate));
            (lead + cooperate > 0).then(|| PlanLoad {
                document: d.id.clone(),
                title: d.title.clone(),
                lead,
                cooperate,
            })
        })
        .collect()
}
