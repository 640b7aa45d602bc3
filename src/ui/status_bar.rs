//! The status bar: what the library holds, the state of the index, and the result
//! of the last action.

use egui::{Color32, ProgressBar, RichText, Ui};

use super::app::{IndexStatus, PlanScopeApp};

pub fn show(ui: &mut Ui, app: &mut PlanScopeApp) {
    ui.horizontal(|ui| {
        let lib = &app.lib;
        if app.library_ready {
            ui.label(format!(
                "{} 个规划 · {} 项任务 · {} 个单位",
                lib.documents.len(),
                lib.tasks.len(),
                lib.units.len()
            ));
        } else {
            ui.label("正在载入文库…");
        }
        ui.separator();
        match &app.index_status {
            IndexStatus::Waiting => {
                ui.label("索引：等待文库");
            }
            IndexStatus::Building { done, total } => {
                ui.label("索引：正在建立");
                let fraction = if *total == 0 {
                    0.0
                } else {
                    *done as f32 / *total as f32
                };
                // No animation: an idle window must not repaint.
                ui.add(
                    ProgressBar::new(fraction)
                        .desired_width(140.0)
                        .show_percentage(),
                );
            }
            IndexStatus::Ready { seconds, summary } => {
                ui.label(format!("索引：就绪（{summary}，{seconds:.2} 秒）"))
                    .on_hover_text("中文分词全文索引，可按词搜索");
            }
            IndexStatus::Failed(e) => {
                ui.label(RichText::new("索引：不可用，使用逐字匹配").color(warn_color(ui)))
                    .on_hover_text(e.as_str());
            }
        }
        if let Some(message) = &app.message {
            ui.separator();
            let text = RichText::new(&message.text);
            let text = if message.error {
                text.color(warn_color(ui))
            } else {
                text
            };
            ui.add(egui::Label::new(text).truncate())
                .on_hover_text(message.text.as_str());
        }
    });
}

fn warn_color(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(255, 160, 110)
    } else {
        Color32::from_rgb(176, 52, 20)
    }
}
