//! The desktop window driven by label, as a user would, on the bundled plans: search,
//! select, follow a unit, filter by role, export, read, keyboard. The harness has the
//! app's fonts installed and panics on any glyph they lack, so every test is also a
//! test that no text shows as tofu.

use std::path::Path;

use egui::accesskit::Role as A11yRole;
use egui::{Key, Modifiers, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use planscope::index::SearchIndex;
use planscope::model::{Library, Role, Task};
use planscope::ui::{CentreView, NO_UNITS, PlanScopeApp, install_fonts};

fn library() -> Library {
    planscope::loader::load_bundled().library
}

/// The real app on the bundled plans with a ready index, exporting under `dir`.
fn harness(dir: &Path) -> (Harness<'static, PlanScopeApp>, Library) {
    let lib = library();
    let index = SearchIndex::build_in_ram(&lib).unwrap();
    (crate::common::window(lib.clone(), Some(index), dir), lib)
}

/// Lets the debounced search run: typing waits for a pause before the list follows.
fn settle(harness: &mut Harness<'static, PlanScopeApp>) {
    harness.run_steps(3);
    harness.run();
}

fn type_query(harness: &mut Harness<'static, PlanScopeApp>, text: &str) {
    harness.get_by_label("搜索").click();
    harness.run();
    harness.get_by_label("搜索").type_text(text);
    settle(harness);
}

/// Selects a task by clicking its title in the results table.
fn click_task(harness: &mut Harness<'static, PlanScopeApp>, task: &Task) {
    harness
        .get_all_by_label(&task.title)
        .next()
        .unwrap()
        .click();
    harness.run();
}

/// A task of the first plan with lead units and a target.
fn rich_task(lib: &Library) -> &Task {
    lib.tasks
        .iter()
        .find(|t| {
            t.units.iter().any(|u| u.role == Role::Lead)
                && t.units.iter().any(|u| u.role == Role::Cooperate)
                && !t.targets.is_empty()
                && !t.title.is_empty()
        })
        .expect("a bundled task with lead and cooperate units and a target")
}

#[test]
fn typing_a_query_lists_matching_tasks_with_the_words_highlighted() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, lib) = harness(dir.path());
    assert_eq!(harness.state().listed_tasks().len(), lib.tasks.len());

    type_query(&mut harness, "数据中心");
    let listed = harness.state().listed_tasks();
    assert!(!listed.is_empty() && listed.len() < lib.tasks.len());
    let highlights = harness.state().listed_highlights();
    for (id, words) in listed.iter().zip(&highlights) {
        let task = lib.task(id).unwrap();
        let text: String = task.text.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(
            text.contains("数据") || text.contains("中心"),
            "{id} does not match: {}",
            task.title
        );
        assert!(
            !words.is_empty(),
            "no highlighted words in the snippet of {id}"
        );
    }
    // The best hit holds the whole phrase, and its snippet highlights it.
    let first = lib.task(&listed[0]).unwrap();
    assert!(first.text.contains("数据中心"));
    assert!(highlights[0].iter().any(|w| w.contains("数据")));
    assert!(harness.query_all_by_label(&first.title).next().is_some());
    assert!(harness.query_by_label_contains("搜索“数据中心”").is_some());
}

#[test]
fn without_an_index_the_search_still_answers_by_plain_matching() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library();
    let app = PlanScopeApp::new_for_test(lib.clone(), None, dir.path().to_path_buf());
    let mut harness = Harness::builder()
        .with_size(Vec2::new(1280.0, 800.0))
        .with_context_setup(install_fonts)
        .build_eframe(move |_cc| app);
    harness.run();
    type_query(&mut harness, "5G基站");
    let listed = harness.state().listed_tasks();
    assert!(!listed.is_empty());
    for id in &listed {
        let task = lib.task(id).unwrap();
        let folded: String = task
            .text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '５' => '5',
                'Ｇ' => 'G',
                c => c,
            })
            .collect();
        assert!(folded.contains("5G基站"), "{id}: {}", task.title);
    }
    assert!(harness.state().listing_note().is_some());
    assert!(
        harness
            .query_by_label("索引：不可用，使用逐字匹配")
            .is_some()
    );
}

#[test]
fn selecting_a_task_shows_its_units_and_targets() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, lib) = harness(dir.path());
    let task = rich_task(&lib).clone();
    type_query(&mut harness, &task.title);
    click_task(&mut harness, &task);
    assert_eq!(harness.state().selected_task(), Some(task.id.as_str()));

    harness.get_by_label("责任单位");
    for unit in &task.units {
        assert!(
            harness
                .query_all_by_role_and_label(A11yRole::Link, &unit.name)
                .next()
                .is_some(),
            "unit {} is not a link in the side panel",
            unit.name
        );
    }
    harness.get_by_label("目标");
    for target in &task.targets {
        assert!(
            harness
                .query_all_by_label_contains(&format!("{}{}", target.value, target.unit))
                .next()
                .is_some(),
            "target {} {} not shown",
            target.value,
            target.unit
        );
        assert!(harness.query_all_by_label(&target.text).next().is_some());
    }
    assert!(harness.query_by_label(NO_UNITS).is_none());
}

#[test]
fn clicking_a_unit_lists_its_tasks_and_the_role_filter_narrows_them() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, lib) = harness(dir.path());
    let task = rich_task(&lib).clone();
    let unit = task.units.iter().find(|u| u.role == Role::Lead).unwrap();
    let entry = lib.find_unit(&unit.name).unwrap();
    type_query(&mut harness, &task.title);
    click_task(&mut harness, &task);

    harness
        .get_all_by_role_and_label(A11yRole::Link, &unit.name)
        .next()
        .unwrap()
        .click();
    settle(&mut harness);
    let mut listed = harness.state().listed_tasks();
    listed.sort();
    let mut expected: Vec<String> = entry.tasks.iter().map(|t| t.task.to_string()).collect();
    expected.sort();
    expected.dedup();
    assert_eq!(listed, expected);
    assert_eq!(
        harness.state().ui_state().filters.unit.as_deref(),
        Some(entry.name.as_str())
    );

    harness.get_by_label("配合").click();
    settle(&mut harness);
    let cooperate: Vec<&str> = entry
        .tasks
        .iter()
        .filter(|t| t.role == Role::Cooperate)
        .map(|t| t.task.as_str())
        .collect();
    let listed = harness.state().listed_tasks();
    assert_eq!(listed.len(), cooperate.len());
    assert!(listed.iter().all(|id| cooperate.contains(&id.as_str())));

    harness.get_by_label("牵头").click();
    settle(&mut harness);
    let listed = harness.state().listed_tasks();
    assert!(listed.iter().any(|id| *id == task.id));
    assert!(listed.iter().all(|id| {
        entry
            .tasks
            .iter()
            .any(|t| t.task == *id && t.role == Role::Lead)
    }));
}

/// Ctrl+E, picks the format whose label contains `format`, types `path` over the
/// default path the field offers, and exports.
fn export_as(harness: &mut Harness<'static, PlanScopeApp>, format: &str, path: &Path) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run();
    harness.get_by_label_contains(format).click();
    harness.run();
    harness
        .get_by_label("保存到")
        .set_text_value_accesskit(&path.display().to_string());
    harness.run();
    harness.get_by_label("导出").click();
    harness.run();
}

#[test]
fn export_writes_the_rows_on_screen_to_the_given_path() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, lib) = harness(dir.path());
    type_query(&mut harness, "5G");
    let listed = harness.state().listed_tasks();
    assert!(!listed.is_empty());

    let csv_path = dir.path().join("清单.csv");
    export_as(&mut harness, "CSV", &csv_path);

    let bytes = std::fs::read(&csv_path).expect("the export file was written");
    assert!(
        bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        "CSV starts with a BOM"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), listed.len());
    for (row, id) in rows.iter().zip(&listed) {
        assert!(row.iter().any(|cell| cell == id), "row for {id} missing");
    }
    assert!(harness.query_by_label_contains("已导出").is_some());

    // The same list as XLSX.
    let xlsx_path = dir.path().join("清单.xlsx");
    export_as(&mut harness, "Excel", &xlsx_path);
    let bytes = std::fs::read(&xlsx_path).expect("the xlsx file was written");
    assert!(bytes.starts_with(b"PK"), "an XLSX file is a zip archive");

    // And as a Word 分工方案: titled after the list, one row per task on screen.
    let docx_path = dir.path().join("清单.docx");
    export_as(&mut harness, "Word", &docx_path);
    let text = planscope::corpus::read_file(&docx_path).expect("the docx file reads back");
    assert!(text.contains("重点任务分工方案"), "{text}");
    assert!(text.contains("5G"), "the title names the search");
    for id in &listed {
        let task = lib.task(id).unwrap();
        assert!(text.contains(&task.title), "row for {id} missing");
    }
}

#[test]
fn a_plan_without_brackets_says_no_responsible_unit_stated() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, lib) = harness(dir.path());
    let doc = lib.document("004_f6a32ac2bee2fa3b").unwrap().clone();
    let task = lib
        .tasks
        .iter()
        .find(|t| t.document == doc.id && t.units.is_empty() && !t.title.is_empty())
        .expect("the 十四五 plan has tasks without units")
        .clone();
    // Open the plan's task list from the library panel, then pick the task.
    harness.get_by_label(&doc.title).click();
    settle(&mut harness);
    assert!(
        harness
            .state()
            .listed_tasks()
            .iter()
            .any(|id| *id == task.id)
    );
    let first = harness.state().listed_tasks()[0].clone();
    let first = lib.task(&first).unwrap().clone();
    click_task(&mut harness, &first);
    if first.units.is_empty() {
        assert!(harness.query_by_label(NO_UNITS).is_some());
    }
    type_query(&mut harness, &task.title);
    click_task(&mut harness, &task);
    assert_eq!(harness.state().selected_task(), Some(task.id.as_str()));
    assert!(harness.query_by_label(NO_UNITS).is_some());
    assert!(
        harness
            .query_by_label_contains("no responsible unit stated")
            .is_some()
    );
}

#[test]
fn keyboard_moves_through_results_opens_the_reader_and_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, lib) = harness(dir.path());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    assert!(harness.get_by_label("搜索").is_focused());
    harness.get_by_label("搜索").type_text("算力");
    settle(&mut harness);
    let listed = harness.state().listed_tasks();
    assert!(listed.len() >= 2);

    harness.key_press(Key::ArrowDown);
    harness.run();
    assert_eq!(harness.state().selected_task(), Some(listed[0].as_str()));
    harness.key_press(Key::ArrowDown);
    harness.run();
    assert_eq!(harness.state().selected_task(), Some(listed[1].as_str()));
    harness.key_press(Key::ArrowUp);
    harness.run();
    assert_eq!(harness.state().selected_task(), Some(listed[0].as_str()));

    harness.key_press(Key::Enter);
    harness.run();
    let task = lib.task(&listed[0]).unwrap();
    assert_eq!(
        harness.state().ui_state().view,
        CentreView::Reader {
            document: task.document.to_string()
        }
    );
    let doc = lib.document(&task.document).unwrap();
    // In the library panel and as the reader's heading.
    assert!(harness.query_all_by_label(&doc.title).count() >= 2);
    assert!(harness.query_by_label_contains("高亮：").is_some());

    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(harness.state().ui_state().view, CentreView::List);
}

#[test]
fn the_unit_directory_accepts_short_names() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, lib) = harness(dir.path());
    let Some(entry) = lib.units.iter().find(|u| !u.aliases.is_empty()) else {
        panic!("the bundled library has units with short names");
    };
    let alias = entry.aliases[0].clone();
    harness.get_by_label("单位").click();
    harness.run();
    harness.get_by_label("筛选").type_text(&alias);
    harness.run();
    harness.get_by_label(&entry.name).click();
    settle(&mut harness);
    assert_eq!(
        harness.state().ui_state().filters.unit.as_deref(),
        Some(entry.name.as_str())
    );
    assert!(!harness.state().listed_tasks().is_empty());
}

#[test]
fn columns_and_indicator_tables_open_in_the_centre() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, lib) = harness(dir.path());
    let column = lib
        .columns
        .first()
        .expect("bundled plans have columns")
        .clone();
    harness.get_by_label("专栏").click();
    harness.run();
    let label = format!("专栏{} {}", column.number, column.title);
    harness.get_all_by_label(&label).next().unwrap().click();
    harness.run();
    assert_eq!(
        harness.state().ui_state().view,
        CentreView::Column {
            id: column.id.to_string()
        }
    );
    if let Some(project) = column.projects.first() {
        assert!(harness.query_all_by_label(project).next().is_some());
    }

    let ind = lib
        .indicators
        .first()
        .expect("bundled plans have indicator tables");
    harness.get_by_label("指标").click();
    harness.run();
    let doc = lib.document(&ind.document).unwrap();
    harness.get_by_label(&doc.title).click();
    harness.run();
    assert!(harness.query_all_by_label(&ind.name).next().is_some());
}

#[test]
fn the_import_dialog_and_the_dark_theme_render_without_missing_glyphs() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, _lib) = harness(dir.path());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    let field = harness.get_by_label("文件路径（每行一个）");
    assert!(field.is_focused(), "the path field takes the keyboard");
    field.type_text("/nonexistent/规划.txt");
    harness.run();
    harness.get_by_label("导入").click();
    harness.run();
    // The test window has no indexer thread: the refusal is a message, not a crash.
    assert!(harness.query_by_label_contains("无法导入").is_some());
    harness.get_by_label("取消").click();
    harness.run();
    assert!(harness.query_by_label("文件路径（每行一个）").is_none());

    assert!(!harness.state().ui_state().dark);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::L);
    harness.run();
    assert!(harness.state().ui_state().dark);
    harness.get_by_label("浅色界面").click();
    harness.run();
    assert!(!harness.state().ui_state().dark);
}
