//! The right side panel: everything about the selected task, each piece a link —
//! its plan and section path (→ reader), 责任单位 (→ the unit's tasks), 目标, 工程专栏
//! (→ the column), its text, and similar tasks in other plans.

use std::sync::Arc;

use egui::{Label, RichText, ScrollArea, Ui};

use crate::model::{Role, Task};

use super::app::PlanScopeApp;
use super::command::Command;
use super::text;

pub fn show(ui: &mut Ui, app: &mut PlanScopeApp) {
    let Some(task) = app.selected().cloned() else {
        ui.add_space(16.0);
        ui.vertical_centered(|ui| {
            ui.label(RichText::new("选择一项任务").strong());
            ui.label(RichText::new("这里会显示它的责任单位、目标和工程专栏").weak());
        });
        return;
    };
    ScrollArea::vertical()
        .id_salt("task-panel")
        .auto_shrink(false)
        .show(ui, |ui| {
            ui.add_space(4.0);
            title_and_path(ui, app, &task);
            section(ui, "责任单位");
            units(ui, app, &task);
            section(ui, "目标");
            targets(ui, &task);
            section(ui, "工程专栏");
            columns(ui, app, &task);
            // Links before the long text, so they are seen without scrolling far.
            related(ui, app, &task);
            section(ui, "任务原文");
            // A table row's cells, apart by tabs in the text, each on a line of its own.
            let text = task.text.replace('\t', "\n");
            ui.add(Label::new(text).wrap().selectable(true));
        });
}

fn section(ui: &mut Ui, title: &str) {
    ui.add_space(10.0);
    ui.label(RichText::new(title).strong().size(15.5));
    ui.separator();
}

fn title_and_path(ui: &mut Ui, app: &mut PlanScopeApp, task: &Task) {
    let title = if task.number.is_empty() {
        task.title.clone()
    } else {
        format!("{}. {}", task.number, task.title)
    };
    ui.add(Label::new(RichText::new(title).heading().size(17.0)).wrap());
    ui.add_space(4.0);
    let doc_title = app
        .lib
        .document(&task.document)
        .map_or_else(|| task.document.to_string(), |d| d.title.clone());
    // Every part of the path opens the reader at the task.
    if ui
        .link(doc_title)
        .on_hover_text("在原文中查看（Enter）")
        .clicked()
    {
        app.commands.push(Command::OpenInReader);
    }
    for (depth, heading) in task.path.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.add_space(12.0 * (depth as f32 + 1.0));
            ui.label(RichText::new("›").weak());
            if ui
                .link(heading.as_str())
                .on_hover_text("在原文中查看")
                .clicked()
            {
                app.commands.push(Command::OpenInReader);
            }
        });
    }
    ui.horizontal(|ui| {
        Command::OpenInReader.button(ui, &mut app.commands);
        let list_section = Command::ShowSection {
            document: task.document.to_string(),
            section: task.path.to_vec(),
        };
        if ui
            .button("本节全部任务")
            .on_hover_text(list_section.tooltip())
            .clicked()
        {
            app.commands.push(list_section);
        }
    });
}

fn units(ui: &mut Ui, app: &mut PlanScopeApp, task: &Task) {
    if task.units.is_empty() {
        ui.label(RichText::new(text::NO_UNITS).weak());
        return;
    }
    for role in [Role::Lead, Role::Cooperate] {
        let units: Vec<_> = task.units.iter().filter(|u| u.role == role).collect();
        if units.is_empty() {
            continue;
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(format!("{}：", role.label())).weak());
            for unit in units {
                let name = unit.name.as_str();
                let count = app.lib.find_unit(name).map_or(0, |u| u.tasks.len());
                // A unit a convention of the plan adds is marked, not passed off as
                // printed with the task.
                let (label, hover) = if unit.implied {
                    (
                        format!("{name}（按约定）"),
                        format!("本任务未列出，方案约定其落实以下各项任务；列出该单位的全部 {count} 项任务"),
                    )
                } else {
                    (name.to_owned(), format!("列出该单位的全部 {count} 项任务"))
                };
                let response = ui.link(label).on_hover_text(hover);
                if response.clicked() {
                    app.commands.push(Command::ShowUnit(name.to_owned()));
                }
            }
        });
    }
}

fn targets(ui: &mut Ui, task: &Task) {
    if task.targets.is_empty() {
        ui.label(RichText::new("未提出量化目标").weak());
        return;
    }
    let this_year = crate::analysis::deadline::current_year();
    for target in &task.targets {
        // One line: what, how much, by when; the clause as printed below it.
        ui.horizontal_wrapped(|ui| {
            if !target.indicator.is_empty() {
                ui.label(RichText::new(target.indicator.as_str()).strong());
            }
            let mut value = format!("{}{}", target.value, target.unit);
            if let Some(c) = &target.comparator {
                value = format!("{value}（{c}）");
            }
            ui.label(RichText::new(value).color(ui.visuals().strong_text_color()));
            let year = target
                .year
                .map_or("年份未写明".to_owned(), |y| format!("{y}年"));
            ui.label(RichText::new(year).weak());
            let deadline = crate::analysis::deadline::Deadline::of(target.year, this_year);
            super::tags::deadline_tag(ui, deadline);
        });
        ui.add(Label::new(RichText::new(&target.text).small().weak()).wrap());
        ui.add_space(4.0);
    }
}

fn columns(ui: &mut Ui, app: &mut PlanScopeApp, task: &Task) {
    let lib = Arc::clone(&app.lib);
    let linked: Vec<_> = task
        .columns
        .iter()
        .filter_map(|id| lib.column(id))
        .collect();
    if linked.is_empty() {
        ui.label(RichText::new("无关联专栏").weak());
        return;
    }
    for column in linked {
        let title = format!("专栏{} {}", column.number, column.title);
        if ui.link(title).on_hover_text("查看专栏").clicked() {
            app.commands
                .push(Command::ShowColumn(column.id.to_string()));
        }
        const SHOWN: usize = 6;
        for project in column.projects.iter().take(SHOWN) {
            ui.horizontal(|ui| {
                ui.add_space(12.0);
                ui.add(Label::new(RichText::new(format!("· {project}")).small()).wrap());
            });
        }
        if column.projects.len() > SHOWN {
            ui.horizontal(|ui| {
                ui.add_space(12.0);
                ui.label(
                    RichText::new(format!("…共 {} 个项目", column.projects.len()))
                        .small()
                        .weak(),
                );
            });
        }
        ui.add_space(4.0);
    }
}

/// The most related tasks of other plans, each selectable.
fn related(ui: &mut Ui, app: &mut PlanScopeApp, task: &Task) {
    let related = app.related_tasks(task);
    if related.is_empty() {
        return;
    }
    section(ui, "其他规划中的相关任务");
    for (id, label) in related {
        if ui.link(label).clicked() {
            app.commands.push(Command::SelectTask(id));
        }
    }
}
