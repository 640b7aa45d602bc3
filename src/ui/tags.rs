//! The deadline tag: a target's or a task's year against the current year, shown as a
//! small coloured chip (红 past due, 黄 due this year, 绿 later, grey no year) in the
//! side panel, the task list and the lineage table, and used by the 时限状态 filter.

use egui::{Color32, CornerRadius, Ui};

use crate::analysis::deadline::Deadline;
use crate::model::Task;

/// A task's status: that of the year it is due as a whole (its 完成时限's year, else its
/// latest target year, see [`crate::analysis::deadline::task_year`]); neither means no
/// deadline.
pub fn task_deadline(task: &Task, this_year: i32) -> Deadline {
    Deadline::of(crate::analysis::deadline::task_year(task), this_year)
}

/// The chip's fill, readable in the light and the dark theme.
fn fill(deadline: Deadline) -> Color32 {
    match deadline {
        Deadline::PastDue => Color32::from_rgb(0xc6, 0x28, 0x28),
        Deadline::DueThisYear => Color32::from_rgb(0xe0, 0xa8, 0x00),
        Deadline::Later => Color32::from_rgb(0x2e, 0x7d, 0x32),
        Deadline::NoYear => Color32::from_rgb(0x90, 0x90, 0x90),
    }
}

/// Text on the chip: dark on yellow, white elsewhere.
fn ink(deadline: Deadline) -> Color32 {
    match deadline {
        Deadline::DueThisYear => Color32::from_rgb(0x20, 0x20, 0x20),
        _ => Color32::WHITE,
    }
}

/// Draws the chip with the status label (e.g. 红·已到期), sized to its text whatever
/// the layout around it (a table cell would otherwise stretch it).
pub fn deadline_tag(ui: &mut Ui, deadline: Deadline) -> egui::Response {
    let font = egui::TextStyle::Small.resolve(ui.style());
    let galley = ui
        .painter()
        .layout_no_wrap(deadline.label().to_owned(), font, ink(deadline));
    let size = galley.size() + egui::vec2(8.0, 2.0);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    if ui.is_rect_visible(rect) {
        ui.painter()
            .rect_filled(rect, CornerRadius::same(3), fill(deadline));
        ui.painter()
            .galley(rect.min + egui::vec2(4.0, 1.0), galley, ink(deadline));
    }
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, deadline.label()));
    response.on_hover_text(match deadline {
        Deadline::PastDue => "目标年份已过",
        Deadline::DueThisYear => "目标年份为今年",
        Deadline::Later => "目标年份在今年之后",
        Deadline::NoYear => "未写明目标年份",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Target;

    #[test]
    fn a_task_is_due_with_its_latest_target() {
        let target = |year| Target {
            year,
            ..Target::default()
        };
        let mut task = Task::default();
        assert_eq!(task_deadline(&task, 2026), Deadline::NoYear);
        task.targets = vec![target(Some(2022)), target(None), target(Some(2026))];
        assert_eq!(task_deadline(&task, 2026), Deadline::DueThisYear);
        assert_eq!(task_deadline(&task, 2027), Deadline::PastDue);
        assert_eq!(task_deadline(&task, 2025), Deadline::Later);
        // A 完成时限 from a 分工表 decides over the targets.
        task.deadline = Some("2025年12月底".into());
        assert_eq!(task_deadline(&task, 2026), Deadline::PastDue);
    }
}
