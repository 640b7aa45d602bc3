//! The left panel, the library: plans with their section trees, the unit directory,
//! the engineering columns and the indicator tables, one tab each.

use std::sync::Arc;

use egui::collapsing_header::CollapsingState;
use egui::{Label, RichText, ScrollArea, TextEdit, Ui};
use egui_extras::{Column, TableBuilder};

use crate::model::{Library, Role, SmolStr};

use super::app::PlanScopeApp;
use super::command::Command;
use super::listing::SectionNode;
use super::state::{LeftTab, UnitSort};
use super::text;

pub fn show(ui: &mut Ui, app: &mut PlanScopeApp) {
    // Long plan titles are cut with "…" (full title on hover) rather than widening the panel.
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        for tab in LeftTab::ALL {
            ui.selectable_value(&mut app.state.left_tab, tab, tab.label());
        }
    });
    ui.separator();
    if !app.library_ready {
        ui.label(RichText::new("正在载入…").weak());
        return;
    }
    match app.state.left_tab {
        LeftTab::Plans => plans(ui, app),
        LeftTab::Units => units(ui, app),
        LeftTab::Columns => columns(ui, app),
        LeftTab::Indicators => indicators(ui, app),
    }
}

fn plans(ui: &mut Ui, app: &mut PlanScopeApp) {
    let lib = Arc::clone(&app.lib);
    let derived = Arc::clone(&app.derived);
    // Open the tree down to the selected task's section, once per selection.
    let reveal = app.reveal.take();
    let selected_path = app.selected().map(|t| (t.document.clone(), t.path.clone()));
    ScrollArea::vertical()
        .id_salt("plans")
        .auto_shrink(false)
        .show(ui, |ui| {
            for (doc, outline) in lib.documents.iter().zip(&derived.outlines) {
                let id = ui.make_persistent_id(("plan", &doc.id));
                let count = derived.task_counts.get(&doc.id).copied().unwrap_or(0);
                let mut header = CollapsingState::load_with_default_open(ui.ctx(), id, false);
                if reveal.as_ref().is_some_and(|(d, _)| *d == doc.id) {
                    header.set_open(true);
                }
                header
                    .show_header(ui, |ui| {
                        let on = app.state.filters.document.as_deref() == Some(doc.id.as_str())
                            && app.state.filters.section.is_empty();
                        let response = ui
                            .selectable_label(on, RichText::new(&doc.title).strong())
                            .on_hover_text(format!("{}：{} 项任务", doc.title, count));
                        if response.clicked() {
                            app.commands.push(Command::ShowSection {
                                document: doc.id.to_string(),
                                section: Vec::new(),
                            });
                        }
                    })
                    .body(|ui| {
                        ui.horizontal_wrapped(|ui| {
                            ui.label(RichText::new(format!("{count} 项任务")).small().weak());
                            if ui.small_button("阅读原文").clicked() {
                                app.commands.push(Command::ShowDocument(doc.id.to_string()));
                            }
                            if lib.indicators.iter().any(|i| i.document == doc.id)
                                && ui.small_button("指标表").clicked()
                            {
                                app.commands
                                    .push(Command::ShowIndicators(doc.id.to_string()));
                            }
                        });
                        not_understood(ui, doc);
                        let here = Place {
                            document: &doc.id,
                            reveal: reveal
                                .as_ref()
                                .filter(|(d, _)| *d == doc.id)
                                .map(|(_, p)| &p[..]),
                            selected: selected_path
                                .as_ref()
                                .filter(|(d, _)| *d == doc.id)
                                .map(|(_, p)| &p[..]),
                        };
                        for node in outline {
                            section_tree(ui, app, &here, node);
                        }
                    });
            }
        });
}

/// The plan's responsibility text that was not read as units: listed, so that
/// nothing is dropped without a word.
fn not_understood(ui: &mut Ui, doc: &crate::model::Document) {
    if doc.not_understood.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(
        RichText::new(format!("未识别的责任文字（{}）", doc.not_understood.len()))
            .small()
            .color(ui.visuals().warn_fg_color),
    )
    .id_salt(("not-understood", &doc.id))
    .show(ui, |ui| {
        for text in &doc.not_understood {
            ui.label(RichText::new(text).small().weak());
        }
    });
}

/// Where the section tree is drawn: its plan, and the sections to open and to mark.
struct Place<'a> {
    document: &'a str,
    /// Open the headers down to this section.
    reveal: Option<&'a [SmolStr]>,
    /// The selected task's section, marked in the tree.
    selected: Option<&'a [SmolStr]>,
}

fn section_tree(ui: &mut Ui, app: &mut PlanScopeApp, place: &Place<'_>, node: &SectionNode) {
    let filtered = app.state.filters.document.as_deref() == Some(place.document)
        && app.state.filters.section == node.path;
    let on = filtered || place.selected == Some(node.path.as_slice());
    let mut clicked = false;
    let label = node.title.as_str();
    let hover = format!("{}\n{} 项任务，点击列出", node.title, node.tasks);
    if node.children.is_empty() {
        ui.horizontal(|ui| {
            // Leaves line up with the headers that carry a toggle.
            ui.add_space(ui.spacing().indent);
            let response = ui.selectable_label(on, label).on_hover_text(&hover);
            if place.reveal == Some(node.path.as_slice()) {
                response.scroll_to_me(None);
            }
            clicked = response.clicked();
        });
    } else {
        let id = ui.make_persistent_id(("section", place.document, &node.path));
        let mut state = CollapsingState::load_with_default_open(ui.ctx(), id, false);
        if place.reveal.is_some_and(|p| p.starts_with(&node.path)) {
            state.set_open(true);
        }
        state
            .show_header(ui, |ui| {
                clicked = ui
                    .selectable_label(on, label)
                    .on_hover_text(&hover)
                    .clicked();
            })
            .body(|ui| {
                for child in &node.children {
                    section_tree(ui, app, place, child);
                }
            });
    }
    if clicked {
        app.commands.push(Command::ShowSection {
            document: place.document.to_owned(),
            section: node.path.clone(),
        });
    }
}

/// The directory entries matching the filter text, sorted as asked. A short name
/// (an alias such as 工信厅) finds its unit.
pub fn unit_rows(lib: &Library, filter: &str, sort: UnitSort) -> Vec<usize> {
    let filter: String = filter.chars().filter(|c| !c.is_whitespace()).collect();
    let exact = lib.find_unit(&filter).map(|u| u.name.as_str());
    let mut rows: Vec<usize> = lib
        .units
        .iter()
        .enumerate()
        .filter(|(_, u)| {
            filter.is_empty()
                || Some(u.name.as_str()) == exact
                || u.name.contains(&filter)
                || u.aliases.iter().any(|a| a.contains(&filter))
        })
        .map(|(i, _)| i)
        .collect();
    let key = |i: &usize| {
        let u = &lib.units[*i];
        (u.count(Role::Lead), u.count(Role::Cooperate))
    };
    match sort {
        UnitSort::Name => rows.sort_by(|a, b| lib.units[*a].name.cmp(&lib.units[*b].name)),
        UnitSort::Lead => rows.sort_by(|a, b| {
            key(b)
                .cmp(&key(a))
                .then_with(|| lib.units[*a].name.cmp(&lib.units[*b].name))
        }),
        UnitSort::Load => rows.sort_by(|a, b| {
            (key(b).0 + key(b).1, key(b).0)
                .cmp(&(key(a).0 + key(a).1, key(a).0))
                .then_with(|| lib.units[*a].name.cmp(&lib.units[*b].name))
        }),
        UnitSort::Cooperate => rows.sort_by(|a, b| {
            (key(b).1, key(b).0)
                .cmp(&(key(a).1, key(a).0))
                .then_with(|| lib.units[*a].name.cmp(&lib.units[*b].name))
        }),
    }
    rows
}

fn units(ui: &mut Ui, app: &mut PlanScopeApp) {
    let lib = Arc::clone(&app.lib);
    ui.horizontal(|ui| {
        let label = ui.label("筛选");
        ui.add(
            TextEdit::singleline(&mut app.state.unit_filter)
                .hint_text("单位名称或简称，如 工信厅")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    });
    let rows = unit_rows(&lib, &app.state.unit_filter, app.state.unit_sort);
    ui.label(
        RichText::new(format!("{} 个单位 · 点击列名排序", rows.len()))
            .small()
            .weak(),
    );
    let sort = &mut app.state.unit_sort;
    let mut clicked = None;
    TableBuilder::new(ui)
        .id_salt("units")
        .striped(true)
        .auto_shrink(false)
        .column(Column::remainder().at_least(90.0).clip(true))
        .column(Column::exact(50.0).clip(true))
        .column(Column::exact(50.0).clip(true))
        .column(Column::exact(50.0).clip(true))
        .header(22.0, |mut header| {
            for (column, title) in [
                (UnitSort::Name, "单位"),
                (UnitSort::Lead, "牵头"),
                (UnitSort::Cooperate, "配合"),
                (UnitSort::Load, "合计"),
            ] {
                header.col(|ui| {
                    // A short title stays whole; the cell clips rather than the text.
                    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
                    let text = if *sort == column {
                        format!("{title}↓")
                    } else {
                        title.to_owned()
                    };
                    if ui
                        .selectable_label(*sort == column, text)
                        .on_hover_text(format!("按{title}排序"))
                        .clicked()
                    {
                        *sort = column;
                    }
                });
            }
        })
        .body(|body| {
            body.rows(22.0, rows.len(), |mut row| {
                let Some(unit) = rows.get(row.index()).and_then(|&i| lib.units.get(i)) else {
                    return;
                };
                row.col(|ui| {
                    let mut hover = format!("列出 {} 的全部任务", unit.name);
                    if !unit.aliases.is_empty() {
                        hover.push_str(&format!("\n又称：{}", unit.aliases.join("、")));
                    }
                    if ui
                        .add(
                            Label::new(unit.name.as_str())
                                .truncate()
                                .sense(egui::Sense::click()),
                        )
                        .on_hover_text(hover)
                        .clicked()
                    {
                        clicked = Some(unit.name.clone());
                    }
                });
                row.col(|ui| {
                    ui.label(unit.count(Role::Lead).to_string());
                });
                row.col(|ui| {
                    ui.label(unit.count(Role::Cooperate).to_string());
                });
                row.col(|ui| {
                    let load = unit.count(Role::Lead) + unit.count(Role::Cooperate);
                    ui.label(load.to_string());
                });
            });
        });
    if let Some(name) = clicked {
        app.commands.push(Command::ShowUnit(name));
    }
}

fn columns(ui: &mut Ui, app: &mut PlanScopeApp) {
    let lib = Arc::clone(&app.lib);
    ScrollArea::vertical()
        .id_salt("columns")
        .auto_shrink(false)
        .show(ui, |ui| {
            if lib.columns.is_empty() {
                ui.label(RichText::new("文库中没有工程专栏").weak());
            }
            for doc in &lib.documents {
                let cols: Vec<_> = lib.columns_of(&doc.id).collect();
                if cols.is_empty() {
                    continue;
                }
                ui.add_space(4.0);
                ui.label(RichText::new(text::short_plan_title(&lib, &doc.id)).strong());
                for column in cols {
                    let on = app.state.view
                        == (super::state::CentreView::Column {
                            id: column.id.to_string(),
                        });
                    let label = format!("专栏{} {}", column.number, column.title);
                    if ui
                        .selectable_label(on, label)
                        .on_hover_text(format!("{} 个项目", column.projects.len()))
                        .clicked()
                    {
                        app.commands
                            .push(Command::ShowColumn(column.id.to_string()));
                    }
                }
            }
        });
}

fn indicators(ui: &mut Ui, app: &mut PlanScopeApp) {
    let lib = Arc::clone(&app.lib);
    ScrollArea::vertical()
        .id_salt("indicators")
        .auto_shrink(false)
        .show(ui, |ui| {
            let mut any = false;
            for doc in &lib.documents {
                let rows: Vec<_> = lib.indicators_of(&doc.id).collect();
                if rows.is_empty() {
                    continue;
                }
                any = true;
                let mut categories: Vec<&str> = rows.iter().map(|r| r.category.as_str()).collect();
                categories.dedup();
                let on = app.state.view
                    == (super::state::CentreView::Indicators {
                        document: doc.id.to_string(),
                    });
                if ui
                    .selectable_label(on, RichText::new(&doc.title).strong())
                    .on_hover_text("查看指标表")
                    .clicked()
                {
                    app.commands
                        .push(Command::ShowIndicators(doc.id.to_string()));
                }
                ui.label(
                    RichText::new(format!("{} 项指标：{}", rows.len(), categories.join("、")))
                        .small()
                        .weak(),
                );
                ui.add_space(6.0);
            }
            if !any {
                ui.label(RichText::new("文库中没有指标表").weak());
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{UnitEntry, UnitTask};

    #[test]
    fn unit_rows_accept_short_names_and_sort_by_counts() {
        let task = |role| UnitTask {
            task: "t".into(),
            role,
        };
        let lib = Library {
            units: vec![
                UnitEntry {
                    name: "省工业和信息化厅".into(),
                    aliases: vec!["省工信厅".into(), "工信厅".into()],
                    tasks: vec![task(Role::Lead)],
                },
                UnitEntry {
                    name: "省大数据局".into(),
                    aliases: vec![],
                    tasks: vec![task(Role::Lead), task(Role::Lead), task(Role::Cooperate)],
                },
                UnitEntry {
                    name: "省财政厅".into(),
                    aliases: vec![],
                    tasks: vec![task(Role::Cooperate), task(Role::Cooperate)],
                },
            ],
            ..Library::default()
        };
        assert_eq!(unit_rows(&lib, "工信厅", UnitSort::Lead), [0]);
        assert_eq!(unit_rows(&lib, "", UnitSort::Lead), [1, 0, 2]);
        assert_eq!(unit_rows(&lib, "", UnitSort::Cooperate), [2, 1, 0]);
        assert_eq!(unit_rows(&lib, " 大数据 ", UnitSort::Name), [1]);
    }
}
