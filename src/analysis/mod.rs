//! Across plans: one indicator's targets over time (lineage), a unit's workload per
//! plan, tasks related to a task in other plans, and each target's deadline status
//! against today. Pure functions over the [`Library`](crate::model::Library).

pub mod deadline;
pub mod lineage;
pub mod related;
pub mod workload;
