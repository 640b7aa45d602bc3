//! The window's across-plan views, driven by label on the bundled plans: the target
//! lineage (chart and table), related tasks of other plans in the side panel, a
//! unit's workload chart, the directory sorted by load and the deadline filter.

use std::collections::BTreeSet;

use egui::accesskit::Role as A11yRole;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use planscope::analysis::deadline::current_year;
use planscope::analysis::lineage::{Synonyms, lineage};
use planscope::model::{Library, Role};
use planscope::ui::{
    CentreView, LINEAGE_CHART_LABEL, LINEAGE_TABLE_LABEL, PlanScopeApp, WORKLOAD_CHART_LABEL,
};

fn harness() -> (Harness<'static, PlanScopeApp>, Library) {
    let lib = planscope::loader::load_bundled().library;
    (
        crate::common::window(lib.clone(), None, &std::env::temp_dir()),
        lib,
    )
}

/// The first characters of a clause: enough to find its (possibly cut) table cell.
fn prefix(text: &str) -> String {
    text.chars().take(8).collect()
}

#[test]
fn the_lineage_view_shows_a_chart_and_targets_from_three_plans_and_selects_tasks() {
    let (mut harness, lib) = harness();
    harness.get_by_label("目标脉络").click();
    harness.run();
    assert_eq!(
        harness.state().ui_state().view,
        CentreView::Lineage {
            query: "5G基站".into()
        }
    );
    assert!(harness.query_by_label(LINEAGE_CHART_LABEL).is_some());
    assert!(harness.query_by_label(LINEAGE_TABLE_LABEL).is_some());

    // Every target the analysis finds has its row, and they come from three plans.
    let expected = lineage(&lib, &Synonyms::bundled(), "5G基站");
    let mut plans = BTreeSet::new();
    for target in &expected.targets {
        if harness
            .query_all_by_label_contains(&prefix(&target.text))
            .next()
            .is_some()
        {
            plans.insert(target.document.clone());
        }
    }
    assert!(plans.len() >= 3, "rows from {plans:?}");

    // A row with a task selects it; the side panel lists related tasks of other plans.
    let target = expected.targets.iter().find(|t| t.task.is_some()).unwrap();
    let task_id = target.task.clone().unwrap();
    harness
        .get_all_by_label_contains(&prefix(&target.text))
        .next()
        .unwrap()
        .click();
    harness.run();
    assert_eq!(harness.state().selected_task(), Some(task_id.as_str()));
    assert!(harness.query_by_label("其他规划中的相关任务").is_some());
    let related = planscope::analysis::related::related(&lib, &task_id, 5);
    assert!(!related.is_empty());
    let own_plan = &lib.task(&task_id).unwrap().document;
    for r in &related {
        let other = lib.task(&r.task).unwrap();
        assert_ne!(&other.document, own_plan);
        assert!(
            harness
                .query_all_by_label_contains(&format!("{}. {}", other.number, other.title))
                .next()
                .is_some(),
            "related task {} not listed",
            other.id
        );
    }

    // Each related task is a link ("plan：number. title"): scrolled to and clicked, it
    // becomes the selected task.
    let first = lib.task(&related[0].task).unwrap();
    let link = format!("：{}. {}", first.number, first.title);
    harness
        .get_all_by_label_contains(&link)
        .next()
        .unwrap()
        .scroll_to_me();
    harness.run();
    harness
        .get_all_by_label_contains(&link)
        .next()
        .unwrap()
        .click();
    harness.run();
    assert_eq!(harness.state().selected_task(), Some(first.id.as_str()));
}

#[test]
fn a_quick_pick_switches_the_indicator() {
    let (mut harness, lib) = harness();
    harness.get_by_label("目标脉络").click();
    harness.run();
    harness.get_by_label("常用指标：").click();
    harness.run();
    harness.get_by_label("充电桩").click();
    harness.run();
    assert_eq!(
        harness.state().ui_state().view,
        CentreView::Lineage {
            query: "充电桩".into()
        }
    );
    let expected = lineage(&lib, &Synonyms::bundled(), "充电桩");
    let first = expected.targets.first().unwrap();
    assert!(
        harness
            .query_all_by_label_contains(&prefix(&first.text))
            .next()
            .is_some()
    );
}

#[test]
fn clicking_a_unit_shows_its_workload_chart_and_the_directory_sorts_by_load() {
    let (mut harness, lib) = harness();
    harness.get_by_label("单位").click();
    harness.run();
    harness.get_by_label("合计").click();
    harness.run();
    // Sorted by load, the busiest unit heads the directory: click it.
    let busiest = lib
        .units
        .iter()
        .max_by_key(|u| {
            (
                u.count(Role::Lead) + u.count(Role::Cooperate),
                u.count(Role::Lead),
            )
        })
        .unwrap();
    assert!(harness.query_by_label("合计↓").is_some());
    harness.get_by_label(&busiest.name).click();
    harness.run();
    assert_eq!(
        harness.state().ui_state().filters.unit.as_deref(),
        Some(busiest.name.as_str())
    );
    assert!(harness.query_by_label(WORKLOAD_CHART_LABEL).is_some());
    // The small table gives the same counts as the directory, summed over the plans.
    let loads = planscope::analysis::workload::workload(&lib, busiest);
    let lead: usize = loads.iter().map(|l| l.lead).sum();
    assert_eq!(lead, busiest.count(Role::Lead));
}

#[test]
fn the_deadline_filter_keeps_the_tasks_past_due() {
    let (mut harness, lib) = harness();
    harness.get_by_label("时限状态：").click();
    harness.run();
    // The option in the drop-down, not a row's tag of the same text.
    harness
        .get_by_role_and_label(A11yRole::Button, "红·已到期")
        .click();
    harness.run();
    let listed = harness.state().listed_tasks();
    assert!(!listed.is_empty() && listed.len() < lib.tasks.len());
    let year = current_year();
    for id in &listed {
        let task = lib.task(id).unwrap();
        let last = task.targets.iter().filter_map(|t| t.year).max();
        assert!(last.is_some_and(|y| y < year), "{id} is not past due");
    }
    // Each listed row shows the red tag.
    assert!(harness.query_all_by_label("红·已到期").count() >= 2);
}
