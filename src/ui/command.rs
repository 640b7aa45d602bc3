//! Every action a user can trigger from a button, a menu or the keyboard. One enum
//! owns each action's label, tooltip and shortcut, so the toolbar, the tooltips and
//! the key handling cannot drift apart. Widgets push commands; the app applies them
//! after the frame.

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::model::SmolStr;

/// A user action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Put the keyboard focus in the search box.
    FocusSearch,
    /// Select the next row of the list.
    NextResult,
    /// Select the previous row of the list.
    PrevResult,
    /// Open the selected task in the reader.
    OpenInReader,
    /// Leave the reader (or a column / indicator view) for the list.
    Back,
    /// Export the list on screen.
    Export,
    /// Add plans to the library.
    Import,
    /// Switch between the light and the dark theme.
    ToggleTheme,
    /// Close the window (the state is saved).
    Quit,
    /// Select a task (and keep the current view).
    SelectTask(String),
    /// List the tasks of a unit of the directory (lead and cooperate).
    ShowUnit(String),
    /// List the tasks of a plan, or of one of its sections.
    ShowSection {
        document: String,
        section: Vec<SmolStr>,
    },
    /// Show an engineering column.
    ShowColumn(String),
    /// Show a plan's indicator table.
    ShowIndicators(String),
    /// Show a plan's original text at its start (or at the selected task if it is there).
    ShowDocument(String),
    /// Clear the search text and every filter.
    ClearFilters,
    /// Show every target about an indicator across the plans.
    ShowLineage(String),
}

impl Command {
    /// The commands that have a keyboard shortcut, in the order they are checked.
    pub const WITH_SHORTCUTS: [Command; 9] = [
        Command::FocusSearch,
        Command::Export,
        Command::Import,
        Command::NextResult,
        Command::PrevResult,
        Command::OpenInReader,
        Command::Back,
        Command::ToggleTheme,
        Command::Quit,
    ];

    /// The text of the button or menu entry.
    pub fn label(&self) -> &'static str {
        match self {
            Command::FocusSearch => "搜索",
            Command::NextResult => "下一项",
            Command::PrevResult => "上一项",
            Command::OpenInReader => "在原文中查看",
            Command::Back => "返回列表",
            Command::Export => "导出…",
            Command::Import => "导入规划…",
            Command::ToggleTheme => "浅色 / 深色",
            Command::Quit => "退出",
            Command::SelectTask(_) => "选择任务",
            Command::ShowUnit(_) => "单位任务",
            Command::ShowSection { .. } => "本节任务",
            Command::ShowColumn(_) => "查看专栏",
            Command::ShowIndicators(_) => "指标表",
            Command::ShowDocument(_) => "阅读原文",
            Command::ClearFilters => "清除筛选",
            Command::ShowLineage(_) => "目标脉络",
        }
    }

    /// One sentence for the tooltip.
    pub fn tooltip(&self) -> &'static str {
        match self {
            Command::FocusSearch => "在全部规划中搜索任务、单位、目标",
            Command::NextResult => "选择列表中的下一项任务",
            Command::PrevResult => "选择列表中的上一项任务",
            Command::OpenInReader => "打开规划原文，定位并高亮所选任务",
            Command::Back => "回到任务列表",
            Command::Export => "把当前列表导出为 Excel、CSV 或 JSON",
            Command::Import => "把 .txt / .md / .docx / .pdf 规划加入文库",
            Command::ToggleTheme => "切换浅色与深色界面",
            Command::Quit => "关闭窗口，下次打开时回到当前位置",
            Command::SelectTask(_) => "在右侧查看任务详情",
            Command::ShowUnit(_) => "列出该单位牵头和配合的全部任务",
            Command::ShowSection { .. } => "列出该规划或章节的全部任务",
            Command::ShowColumn(_) => "查看专栏的项目与相关任务",
            Command::ShowIndicators(_) => "查看规划的主要指标表",
            Command::ShowDocument(_) => "阅读规划原文",
            Command::ClearFilters => "清除搜索词和全部筛选条件",
            Command::ShowLineage(_) => "同一指标在各规划中的目标：时间线与明细",
        }
    }

    pub fn shortcut(&self) -> Option<KeyboardShortcut> {
        let key = |modifiers, key| Some(KeyboardShortcut::new(modifiers, key));
        match self {
            Command::FocusSearch => key(Modifiers::COMMAND, Key::F),
            Command::Export => key(Modifiers::COMMAND, Key::E),
            Command::Import => key(Modifiers::COMMAND, Key::O),
            Command::NextResult => key(Modifiers::NONE, Key::ArrowDown),
            Command::PrevResult => key(Modifiers::NONE, Key::ArrowUp),
            Command::OpenInReader => key(Modifiers::NONE, Key::Enter),
            Command::Back => key(Modifiers::NONE, Key::Escape),
            Command::ToggleTheme => key(Modifiers::COMMAND | Modifiers::SHIFT, Key::L),
            Command::Quit => key(Modifiers::COMMAND, Key::Q),
            _ => None,
        }
    }

    /// Tooltip with the shortcut, e.g. "把当前列表导出… (Ctrl+E)".
    pub fn hover_text(&self, ctx: &egui::Context) -> String {
        match self.shortcut() {
            Some(shortcut) => format!("{}（{}）", self.tooltip(), ctx.format_shortcut(&shortcut)),
            None => self.tooltip().to_owned(),
        }
    }

    /// A button that pushes this command when clicked.
    pub fn button(self, ui: &mut egui::Ui, commands: &mut Vec<Command>) -> egui::Response {
        let response = ui
            .button(self.label())
            .on_hover_text(self.hover_text(ui.ctx()));
        if response.clicked() {
            commands.push(self);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_are_distinct_and_labelled() {
        let shortcuts: Vec<_> = Command::WITH_SHORTCUTS
            .iter()
            .map(|c| c.shortcut().unwrap())
            .collect();
        for (i, a) in shortcuts.iter().enumerate() {
            assert!(!shortcuts[i + 1..].contains(a), "{a:?} used twice");
        }
        for c in Command::WITH_SHORTCUTS {
            assert!(!c.label().is_empty() && !c.tooltip().is_empty());
        }
        assert_eq!(
            Command::Export.shortcut(),
            Some(KeyboardShortcut::new(Modifiers::COMMAND, Key::E))
        );
    }
}
