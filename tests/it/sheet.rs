//! Spreadsheets end to end: task ledgers (分工表) as .xlsx written here, as .xls and .et
//! (committed fixtures, made by the office suite from an .xlsx this file writes; see
//! `tests/fixtures/sheet/README.md`), read through `planscope export` as one task per
//! row with units, roles and deadline, exactly as the same table in a .docx; and the bad
//! workbooks a user meets (damaged, cut off, password-protected, a zip bomb, no text).

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value;

use crate::cli::{json, planscope};
use crate::tasktable::{pair, units};

/// The 分工表 of `tasktable.rs` as a spreadsheet: a title row and section rows merged
/// across the five columns, a lead cell merged down two rows, a cell listing two units on
/// two lines, a deadline typed as a date, and the header given in two rows (责任单位 over
/// 牵头单位 / 配合单位), as ledgers often are.
pub(crate) fn fengong_xlsx() -> Vec<u8> {
    let mut book = Workbook::new();
    let plain = Format::new();
    let date = Format::new().set_num_format("yyyy年m月d日");
    let sheet = book.add_worksheet();
    let result = (|| -> Result<(), rust_xlsxwriter::XlsxError> {
        sheet.set_name("数字基础设施")?;
        sheet.merge_range(0, 0, 0, 4, "数字基础设施重点任务分工表", &plain)?;
        sheet.merge_range(1, 0, 2, 0, "序号", &plain)?;
        sheet.merge_range(1, 1, 2, 1, "重点任务", &plain)?;
        sheet.merge_range(1, 2, 1, 3, "责任单位", &plain)?;
        sheet.write_string(2, 2, "牵头单位")?;
        sheet.write_string(2, 3, "配合单位")?;
        sheet.merge_range(1, 4, 2, 4, "完成时限", &plain)?;
        sheet.merge_range(3, 0, 3, 4, "一、强化网络基础", &plain)?;
        sheet.merge_range(4, 0, 4, 4, "（一）建设高速网络", &plain)?;
        sheet.write_number(5, 0, 1)?;
        sheet.write_string(
            5,
            1,
            "加快5G网络建设。到2025年，全省累计开通5G基站25万个以上。",
        )?;
        sheet.merge_range(5, 2, 6, 2, "省通信管理局", &plain)?;
        sheet.write_string(5, 3, "省工业和信息化厅\n各市人民政府")?;
        sheet.write_string(5, 4, "2025年12月底")?;
        sheet.write_number(6, 0, 2)?;
        sheet.write_string(6, 1, "推进千兆光网覆盖。")?;
        sheet.write_string(6, 3, "省住房城乡建设厅")?;
        sheet.write_string(6, 4, "持续推进")?;
        sheet.merge_range(7, 0, 7, 4, "（二）布局算力设施", &plain)?;
        sheet.write_number(8, 0, 3)?;
        sheet.write_string(8, 1, "建设数据中心集群。到2025年，在用标准机架达到45万个。")?;
        sheet.write_string(8, 2, "省大数据局")?;
        sheet.write_string(8, 3, "省发展改革委")?;
        // 2026-06-30 as a date cell: serial 46203.
        sheet.write_number_with_format(8, 4, 46203.0, &date)?;
        sheet.merge_range(9, 0, 9, 4, "二、深化融合应用", &plain)?;
        sheet.write_number(10, 0, 4)?;
        sheet.write_string(10, 1, "打造工业互联网平台。")?;
        sheet.write_string(10, 2, "省工业和信息化厅")?;
        sheet.write_string(10, 4, "2025年底")?;
        sheet.write_number(11, 0, 5)?;
        sheet.write_string(11, 1, "推进智慧交通建设。")?;
        sheet.write_string(11, 2, "省交通运输厅")?;
        sheet.write_string(11, 3, "省公安厅、省通信管理局")?;
        sheet.write_string(11, 4, "2024年12月底")?;
        Ok(())
    })();
    result.expect("write the sheet");
    // A hidden sheet of drop-down values is not part of the plan.
    let lists = book.add_worksheet();
    lists.set_name("选项").expect("name");
    lists.write_string(0, 0, "省发展改革委").expect("cell");
    lists.set_hidden(true);
    book.save_to_buffer().expect("save the workbook")
}

fn export(dir: &Path) -> Value {
    json(&[
        "export",
        "--corpus",
        &dir.display().to_string(),
        "--format",
        "json",
    ])
}

fn path(t: &Value) -> Vec<String> {
    t["path"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// The tasks of the one plan in `dir`.
fn tasks_in(dir: &Path) -> Vec<Value> {
    export(dir)["tasks"].as_array().cloned().unwrap_or_default()
}

fn write_one(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join(name);
    std::fs::write(&file, bytes).expect("write");
    (dir, file)
}

/// What a task of a ledger says, without its id: number, title, units, deadline, path.
type Gist = (String, String, Vec<(String, String)>, String, Vec<String>);

fn gist(tasks: &[Value]) -> Vec<Gist> {
    tasks
        .iter()
        .map(|t| {
            (
                t["number"].as_str().unwrap_or_default().to_string(),
                t["title"].as_str().unwrap_or_default().to_string(),
                units(t),
                t["deadline"].as_str().unwrap_or_default().to_string(),
                path(t),
            )
        })
        .collect()
}

fn check_fengong(tasks: &[Value]) {
    assert_eq!(tasks.len(), 5, "{tasks:#?}");
    let numbers: Vec<&str> = tasks.iter().filter_map(|t| t["number"].as_str()).collect();
    assert_eq!(numbers, ["1", "2", "3", "4", "5"]);
    let t1 = &tasks[0];
    assert_eq!(t1["title"], "加快5G网络建设");
    assert_eq!(t1["deadline"], "2025年12月底");
    assert_eq!(
        units(t1),
        [
            pair("省通信管理局", "lead"),
            pair("省工业和信息化厅", "cooperate"),
            pair("各市人民政府", "cooperate"),
        ]
    );
    assert_eq!(path(t1), ["一、强化网络基础", "（一）建设高速网络"]);
    assert_eq!(t1["targets"][0]["year"], 2025);
    assert_eq!(t1["targets"][0]["value"], "25");
    assert_eq!(t1["targets"][0]["unit"], "万个");
    // The lead cell merged down into the second row leads that task too.
    assert_eq!(
        units(&tasks[1]),
        [
            pair("省通信管理局", "lead"),
            pair("省住房城乡建设厅", "cooperate")
        ]
    );
    assert_eq!(path(&tasks[2]), ["一、强化网络基础", "（二）布局算力设施"]);
    // A date cell reads as a date in Chinese.
    assert_eq!(tasks[2]["deadline"], "2026年6月30日");
    assert_eq!(path(&tasks[3]), ["二、深化融合应用"]);
    assert_eq!(units(&tasks[3]), [pair("省工业和信息化厅", "lead")]);
    assert_eq!(
        units(&tasks[4]),
        [
            pair("省交通运输厅", "lead"),
            pair("省公安厅", "cooperate"),
            pair("省通信管理局", "cooperate"),
        ]
    );
}

#[test]
fn an_xlsx_fengong_table_gives_one_task_per_row() {
    let (dir, _) = write_one("fengong.xlsx", &fengong_xlsx());
    let v = export(dir.path());
    let tasks = v["tasks"].as_array().cloned().unwrap_or_default();
    check_fengong(&tasks);
    assert_eq!(tasks[0]["id"], "fengong-t001");
    // The hidden sheet's value is not a unit of the plan.
    let doc = &v["documents"][0];
    assert_eq!(doc["title"], "数字基础设施重点任务分工表", "{doc:#}");
}

/// The reader shows a spreadsheet's text as read: its rows, cells apart by tabs.
#[test]
fn the_reader_text_of_a_sheet_is_its_rows() {
    let (_dir, file) = write_one("fengong.xlsx", &fengong_xlsx());
    let text = planscope::corpus::read_file(&file).expect("read");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "数字基础设施重点任务分工表");
    assert_eq!(lines[1], "序号\t重点任务\t责任单位\t\t完成时限");
    assert_eq!(lines[2], "序号\t重点任务\t牵头单位\t配合单位\t完成时限");
    assert_eq!(lines[3], "一、强化网络基础");
    assert!(
        lines.contains(&"2\t推进千兆光网覆盖。\t省通信管理局\t省住房城乡建设厅\t持续推进"),
        "{lines:#?}"
    );
    assert!(
        lines.contains(&"1\t加快5G网络建设。到2025年，全省累计开通5G基站25万个以上。\t省通信管理局\t省工业和信息化厅、各市人民政府\t2025年12月底"),
        "{lines:#?}"
    );
    assert!(!text.contains("选项"), "hidden sheet left out");
}

/// The same ledger saved by the office suite as .xls (Excel 97–2003), and as .et (WPS
/// 表格 writes the same binary): the same tasks as the .xlsx.
#[test]
fn xls_and_et_read_like_the_xlsx() {
    let (xlsx_dir, _) = write_one("fengong.xlsx", &fengong_xlsx());
    let want = gist(&tasks_in(xlsx_dir.path()));
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sheet/fengong.xls");
    let bytes = std::fs::read(&fixture).expect("the .xls fixture");
    for name in ["fengong.xls", "fengong.et"] {
        let (dir, _) = write_one(name, &bytes);
        let tasks = tasks_in(dir.path());
        check_fengong(&tasks);
        assert_eq!(gist(&tasks), want, "{name}");
    }
}

/// A sheet that is no task table is read as text: its rows are paragraphs.
#[test]
fn a_sheet_that_is_no_table_reads_as_text() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let lines = [
        "关于加快数字经济发展的实施意见",
        "一、总体要求",
        "到2025年，全省数字经济核心产业增加值达到5000亿元。",
        "二、重点任务",
        "（一）建设数字基础设施。加快5G网络建设，到2025年建成5G基站10万个。（省通信管理局牵头，省工业和信息化厅配合）",
    ];
    for (row, line) in lines.iter().enumerate() {
        sheet
            .write_string(row as u32, 0, *line)
            .expect("write cell");
    }
    let (dir, _) = write_one("yijian.xlsx", &book.save_to_buffer().expect("save"));
    let tasks = tasks_in(dir.path());
    assert_eq!(tasks.len(), 1, "{tasks:#?}");
    assert_eq!(
        units(&tasks[0]),
        [
            pair("省通信管理局", "lead"),
            pair("省工业和信息化厅", "cooperate")
        ]
    );
}

/// `planscope import FILE` in a scratch data dir: the output, and the library's plans.
fn import(file: &Path) -> (std::process::Output, Value) {
    let out = planscope(&["import", &file.display().to_string()]);
    (out, json(&["list", "--json"]))
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Bad workbooks: a clear one-line message, a non-zero exit, the library unchanged.
#[test]
fn bad_workbooks_are_refused_with_a_message() {
    let good = fengong_xlsx();
    let xls = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sheet/fengong.xls"),
    )
    .expect("the .xls fixture");
    let before = json(&["list", "--json"]);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        // Cut off in the middle: the ZIP directory at the end is gone.
        (
            "cut.xlsx",
            good[..good.len() / 2].to_vec(),
            "spreadsheet is damaged",
        ),
        // The .xls cut off after its header.
        (
            "cut.xls",
            xls[..xls.len().min(1536)].to_vec(),
            "spreadsheet",
        ),
        ("locked.xlsx", encrypted_ooxml(), "password"),
        ("locked.xls", encrypted_ooxml(), "password"),
        ("bomb.xlsx", zip_bomb(), "MiB"),
        ("empty.xlsx", empty_workbook(), "no text"),
    ];
    for (name, bytes, says) in cases {
        let (_dir, file) = write_one(name, &bytes);
        let (out, after) = import(&file);
        let err = stderr(&out);
        assert!(!out.status.success(), "{name}: {err}");
        assert!(
            err.contains(name),
            "{name}: the message names the file: {err}"
        );
        assert!(err.contains(says), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert_eq!(after, before, "{name}: the library is unchanged");
    }
}

/// An .xlsx whose directory declares a sheet of 600 MiB (all zeros, compressed small).
fn zip_bomb() -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        zip.start_file("xl/workbook.xml", options).expect("entry");
        zip.write_all(b"<workbook/>").expect("write");
        zip.start_file("xl/worksheets/sheet1.xml", options)
            .expect("entry");
        let block = vec![b' '; 1 << 20];
        for _ in 0..600 {
            zip.write_all(&block).expect("write");
        }
        zip.finish().expect("finish");
    }
    out.into_inner()
}

/// How Office stores a workbook saved with a password: not a ZIP but a compound file
/// holding an `EncryptionInfo` and an `EncryptedPackage` stream (their contents do not
/// matter to the reader, which never decrypts).
pub(crate) fn encrypted_ooxml() -> Vec<u8> {
    use std::io::Write;
    let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).expect("cfb");
    for (name, bytes) in [
        ("/EncryptionInfo", &[4u8, 0, 4, 0, 0x40, 0, 0, 0][..]),
        ("/EncryptedPackage", &[0u8; 4096][..]),
    ] {
        let mut stream = file.create_stream(name).expect("stream");
        stream.write_all(bytes).expect("write");
    }
    file.flush().expect("flush");
    file.into_inner().into_inner()
}

fn empty_workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    book.add_worksheet();
    book.save_to_buffer().expect("save")
}

/// A 100 MB spreadsheet is refused before it is read, with what to do.
#[test]
fn a_huge_spreadsheet_is_refused_before_reading() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("huge.xlsx");
    let f = std::fs::File::create(&file).expect("create");
    f.set_len(100 * 1024 * 1024).expect("sparse 100 MB file");
    let (out, _) = import(&file);
    let err = stderr(&out);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains("huge.xlsx") && err.contains("more than"),
        "{err}"
    );
}

/// The window reads a ledger like any plan: search finds its row, and the reader shows the
/// spreadsheet as it was read — its rows, the selected task's row highlighted.
#[test]
fn the_window_reads_a_ledger_and_shows_its_rows() {
    use egui::Key;
    use egui_kittest::kittest::Queryable as _;

    let (dir, _) = write_one("fengong.xlsx", &fengong_xlsx());
    let lib = planscope::loader::load_corpus_dir(dir.path())
        .expect("load")
        .library;
    let index = planscope::index::SearchIndex::build_in_ram(&lib).expect("index");
    let out = tempfile::tempdir().expect("tempdir");
    let mut harness = crate::common::window(lib, Some(index), out.path());
    harness.get_by_label("搜索").click();
    harness.run();
    harness.get_by_label("搜索").type_text("千兆光网");
    harness.run_steps(3);
    harness.run();
    assert_eq!(harness.state().listed_tasks(), ["fengong-t002"]);
    harness.key_press(Key::ArrowDown);
    harness.run();
    // The unit merged down from the row above shows as the task's lead.
    assert!(harness.query_all_by_label("省通信管理局").next().is_some());
    harness.key_press(Key::Enter);
    harness.run();
    assert!(harness.query_by_label_contains("高亮：").is_some());
    for cell in [
        "数字基础设施重点任务分工表",
        "一、强化网络基础",
        "省住房城乡建设厅",
    ] {
        assert!(
            harness.query_all_by_label_contains(cell).next().is_some(),
            "the reader shows {cell}"
        );
    }
}

/// The ledger as Excel's XML Spreadsheet 2003, the form web systems still export as
/// `.xls`: cells placed by `ss:Index`, merges by `ss:MergeAcross` / `ss:MergeDown`, a
/// hidden sheet of drop-down values, an entity in a cell.
fn fengong_spreadsheet_ml() -> String {
    let cell = |attrs: &str, text: &str| {
        format!(r#"<Cell{attrs}><Data ss:Type="String">{text}</Data></Cell>"#)
    };
    let plain = |text: &str| cell("", text);
    let number = |n: u32| format!(r#"<Cell><Data ss:Type="Number">{n}</Data></Cell>"#);
    let section = |text: &str| format!(r#"<Row>{}</Row>"#, cell(r#" ss:MergeAcross="4""#, text));
    let rows = [
        section("数字基础设施重点任务分工表"),
        format!(
            "<Row>{}{}{}{}</Row>",
            cell(r#" ss:MergeDown="1""#, "序号"),
            cell(r#" ss:MergeDown="1""#, "重点任务"),
            cell(r#" ss:MergeAcross="1""#, "责任单位"),
            cell(r#" ss:MergeDown="1""#, "完成时限"),
        ),
        format!(
            "<Row>{}{}</Row>",
            cell(r#" ss:Index="3""#, "牵头单位"),
            plain("配合单位")
        ),
        section("一、强化网络基础"),
        section("（一）建设高速网络"),
        format!(
            "<Row>{}{}{}{}{}</Row>",
            number(1),
            plain("加快5G网络建设。到2025年，全省累计开通5G基站25万个以上。"),
            cell(r#" ss:MergeDown="1""#, "省通信管理局"),
            plain("省工业和信息化厅&#10;各市人民政府"),
            plain("2025年12月底")
        ),
        format!(
            "<Row>{}{}{}{}</Row>",
            number(2),
            plain("推进千兆光网覆盖。"),
            cell(r#" ss:Index="4""#, "省住房城乡建设厅"),
            plain("持续推进")
        ),
        section("（二）布局算力设施"),
        format!(
            "<Row>{}{}{}{}{}</Row>",
            number(3),
            plain("建设数据中心集群。到2025年，在用标准机架达到45万个。"),
            plain("省大数据局"),
            plain("省发展改革委"),
            plain("2026年6月30日")
        ),
        section("二、深化融合应用"),
        format!(
            "<Row>{}{}{}{}</Row>",
            number(4),
            plain("打造工业互联网平台。"),
            plain("省工业和信息化厅"),
            cell(r#" ss:Index="5""#, "2025年底")
        ),
        format!(
            "<Row>{}{}{}{}{}</Row>",
            number(5),
            plain("推进智慧交通建设。"),
            plain("省交通运输厅"),
            plain("省公安厅、省通信管理局"),
            plain("2024年12月底")
        ),
    ];
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:x="urn:schemas-microsoft-com:office:excel">
<Worksheet ss:Name="数字基础设施"><Table>{}</Table></Worksheet>
<Worksheet ss:Name="选项"><Table><Row>{}</Row></Table>
<WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetHidden</Visible></WorksheetOptions></Worksheet>
</Workbook>"#,
        rows.concat(),
        plain("省发展改革委 &amp; 其他")
    )
}

#[test]
fn an_xml_spreadsheet_reads_like_the_xlsx() {
    let (xlsx_dir, _) = write_one("fengong.xlsx", &fengong_xlsx());
    let want = gist(&tasks_in(xlsx_dir.path()));
    let (dir, file) = write_one("fengong.xls", fengong_spreadsheet_ml().as_bytes());
    let tasks = tasks_in(dir.path());
    check_fengong(&tasks);
    assert_eq!(gist(&tasks), want);
    let text = planscope::corpus::read_file(&file).expect("read");
    assert!(
        !text.contains("其他"),
        "the hidden sheet is left out: {text}"
    );
    // The same text as the .xlsx, line for line; and so when saved as .xml.
    let (_x, xlsx) = write_one("fengong.xlsx", &fengong_xlsx());
    assert_eq!(text, planscope::corpus::read_file(&xlsx).expect("read"));
    let (_d, xml) = write_one("fengong.xml", fengong_spreadsheet_ml().as_bytes());
    assert_eq!(planscope::corpus::read_file(&xml).expect("read"), text);
    // Cut off in the middle of its XML: a message, not a panic.
    let xml = fengong_spreadsheet_ml();
    let cut = &xml.as_bytes()[..xml.len() / 2];
    let (_dir, file) = write_one("cut.xls", cut);
    match planscope::corpus::read_file(&file) {
        Ok(text) => assert!(text.contains("序号"), "{text}"),
        Err(e) => assert!(e.to_string().contains("spreadsheet"), "{e}"),
    }
}
