//! The centre: the search box and the filters on top, then the view the user is in —
//! the task list, the reader, a column or an indicator table.

use egui::{ComboBox, Id, RichText, TextEdit, Ui};

use crate::model::Role;

use super::app::PlanScopeApp;
use super::command::Command;
use super::state::CentreView;
use super::{columns_view, lineage_view, reader, results};

/// The search box's id, so shortcuts can focus it.
pub fn search_box_id() -> Id {
    Id::unique("planscope-search-box")
}

pub fn show(ui: &mut Ui, app: &mut PlanScopeApp) {
    search_bar(ui, app);
    filter_bar(ui, app);
    ui.separator();
    if !app.library_ready {
        ui.centered_and_justified(|ui| ui.label("正在载入规划文库…"));
        return;
    }
    match app.state.view.clone() {
        CentreView::List => results::show(ui, app),
        CentreView::Reader { document } => reader::show(ui, app, &document),
        CentreView::Column { id } => columns_view::show_column(ui, app, &id),
        CentreView::Indicators { document } => columns_view::show_indicators(ui, app, &document),
        CentreView::Lineage { query } => lineage_view::show(ui, app, &query),
    }
}

fn search_bar(ui: &mut Ui, app: &mut PlanScopeApp) {
    ui.horizontal(|ui| {
        let label = ui.label(RichText::new("搜索").strong());
        let width = (ui.available_width() - 70.0).max(120.0);
        let edit = TextEdit::singleline(&mut app.state.query)
            .id(search_box_id())
            .hint_text("任务、单位、目标、项目……  Ctrl+F")
            .desired_width(width);
        let response = ui.add(edit).labelled_by(label.id);
        if app.focus_search {
            app.focus_search = false;
            response.request_focus();
        }
        if response.changed() {
            let now = ui.input(|i| i.time);
            app.query_changed(now);
            if app.state.view != CentreView::List {
                app.state.view = CentreView::List;
            }
        }
        if !app.state.query.is_empty() && ui.button("清空").clicked() {
            app.state.query.clear();
            app.filters_changed();
        }
    });
}

fn filter_bar(ui: &mut Ui, app: &mut PlanScopeApp) {
    let lib = std::sync::Arc::clone(&app.lib);
    let derived = std::sync::Arc::clone(&app.derived);
    let mut changed = false;
    ui.horizontal_wrapped(|ui| {
        // Labels stay whole: the row breaks between widgets, never inside a word.
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
        let filters = &mut app.state.filters;

        let plan_label = ui.label("规划：");
        let current = filters
            .document
            .as_deref()
            .map_or("全部规划".to_owned(), |d| {
                super::text::short_plan_title(&lib, d)
            });
        let plan = ComboBox::from_id_salt("filter-plan")
            .selected_text(current)
            .width(150.0)
            .truncate()
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(filters.document.is_none(), "全部规划")
                    .clicked()
                {
                    filters.document = None;
                    filters.section.clear();
                    changed = true;
                }
                for doc in &lib.documents {
                    let on = filters.document.as_deref() == Some(doc.id.as_str());
                    if ui.selectable_label(on, doc.title.as_str()).clicked() {
                        filters.document = Some(doc.id.to_string());
                        filters.section.clear();
                        changed = true;
                    }
                }
            });
        // The combo box is named by the label before it, for screen readers and tests.
        plan.response.labelled_by(plan_label.id);

        let unit_label = ui.label("单位：");
        let current = filters
            .unit
            .clone()
            .unwrap_or_else(|| "全部单位".to_owned());
        let unit = ComboBox::from_id_salt("filter-unit")
            .selected_text(current)
            .width(140.0)
            .truncate()
            .height(420.0)
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(filters.unit.is_none(), "全部单位")
                    .clicked()
                {
                    filters.unit = None;
                    changed = true;
                }
                let mut names: Vec<&str> = lib.units.iter().map(|u| u.name.as_str()).collect();
                names.sort_unstable();
                for name in names {
                    let on = filters.unit.as_deref() == Some(name);
                    if ui.selectable_label(on, name).clicked() {
                        filters.unit = Some(name.to_owned());
                        changed = true;
                    }
                }
            });
        unit.response.labelled_by(unit_label.id);

        ui.label("角色：");
        for (role, label) in [
            (None, "不限"),
            (Some(Role::Lead), "牵头"),
            (Some(Role::Cooperate), "配合"),
        ] {
            if ui.selectable_label(filters.role == role, label).clicked() && filters.role != role {
                filters.role = role;
                changed = true;
            }
        }

        changed |= optional_choice(
            ui,
            "目标年份：",
            "filter-year",
            72.0,
            &mut filters.year,
            derived.years.iter().copied(),
            |y| format!("{y}年"),
        );
        changed |= optional_choice(
            ui,
            "时限状态：",
            "filter-deadline",
            96.0,
            &mut filters.deadline,
            crate::analysis::deadline::Deadline::ALL.into_iter(),
            |d| d.label().to_owned(),
        );

        // Filters set by clicking elsewhere (a section, a column) show as removable chips.
        if !filters.section.is_empty() {
            let last = filters.section.last().cloned().unwrap_or_default();
            if ui
                .button(format!("章节：{last}  ×"))
                .on_hover_text("取消章节筛选")
                .clicked()
            {
                filters.section.clear();
                changed = true;
            }
        }
        if let Some(column) = filters.column.clone() {
            let title = lib.column(&column).map_or(column, |c| c.title.clone());
            if ui
                .button(format!("专栏：{title}  ×"))
                .on_hover_text("取消专栏筛选")
                .clicked()
            {
                filters.column = None;
                changed = true;
            }
        }
        if !filters.is_empty() || !app.state.query.is_empty() {
            Command::ClearFilters.button(ui, &mut app.commands);
        }
    });
    if changed {
        app.filters_changed();
        app.state.view = CentreView::List;
    }
}

/// A labelled drop-down for an optional filter: "不限" (no filter) and then `choices`,
/// each shown as `name` gives it.
/// Returns whether the user changed `value`.
fn optional_choice<T: Copy + PartialEq>(
    ui: &mut Ui,
    label: &str,
    id: &str,
    width: f32,
    value: &mut Option<T>,
    choices: impl Iterator<Item = T>,
    name: impl Fn(T) -> String,
) -> bool {
    let mut changed = false;
    let label = ui.label(label);
    let choices: Vec<(T, String)> = choices.map(|c| (c, name(c))).collect();
    // A value kept from an earlier session may not be among today's choices: it is
    // still shown, as `name` gives it.
    let current = value.map_or_else(|| "不限".to_owned(), name);
    let combo = ComboBox::from_id_salt(id)
        .selected_text(current)
        .width(width)
        .show_ui(ui, |ui| {
            if ui.selectable_label(value.is_none(), "不限").clicked() {
                *value = None;
                changed = true;
            }
            for (choice, text) in choices {
                if ui.selectable_label(*value == Some(choice), text).clicked() {
                    *value = Some(choice);
                    changed = true;
                }
            }
        });
    combo.response.labelled_by(label.id);
    changed
}
