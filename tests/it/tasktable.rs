//! Task tables (重点任务分工表) end to end: a .docx 分工表 and text tables the tests write
//! themselves, read through `planscope export`, one task per row with its units, roles,
//! 完成时限 and section path; and the 完成时限 the ledger shows.

use std::io::Read;
use std::path::Path;

use serde_json::Value;

use crate::cli::{json, planscope};
use crate::corpus::{Block, build_docx};

/// A cell: its `w:tcPr` properties and paragraphs.
fn cell(props: &str, paras: &[&str]) -> (String, Vec<String>) {
    (
        props.to_string(),
        paras.iter().map(|p| p.to_string()).collect(),
    )
}

fn plain(text: &str) -> (String, Vec<String>) {
    cell("", &[text])
}

/// A row merged across the five columns: a section heading.
fn section(text: &str) -> Vec<(String, Vec<String>)> {
    vec![cell(r#"<w:gridSpan w:val="5"/>"#, &[text])]
}

fn row(cells: [(String, Vec<String>); 5]) -> Vec<(String, Vec<String>)> {
    cells.into()
}

/// A 分工方案 as Word writes it: a notice, then the table with its header, section rows
/// merged across (一、 and （一） levels), six task rows, a lead cell merged down two
/// rows and a cell listing its units in two paragraphs.
fn fengong_docx() -> Vec<u8> {
    let restart = r#"<w:vMerge w:val="restart"/>"#;
    build_docx(&[
        Block::Para("关于印发数字基础设施重点任务分工方案的通知".into()),
        Block::Para("各市人民政府，省政府各部门：现将分工方案印发给你们，请认真贯彻落实。".into()),
        Block::Para("数字基础设施重点任务分工表".into()),
        Block::Grid(vec![
            row([
                plain("序号"),
                plain("重点任务"),
                plain("牵头单位"),
                plain("配合单位"),
                plain("完成时限"),
            ]),
            section("一、强化网络基础"),
            section("（一）建设高速网络"),
            row([
                plain("１"),
                plain("加快5G网络建设。到2025年，全省累计开通5G基站25万个以上。"),
                cell(restart, &["省通信管理局"]),
                cell("", &["省工业和信息化厅", "各市人民政府"]),
                plain("2025年12月底"),
            ]),
            row([
                plain("2"),
                plain("推进千兆光网覆盖。"),
                cell("<w:vMerge/>", &[]),
                plain("省住房城乡建设厅"),
                plain("持续推进"),
            ]),
            section("（二）布局算力设施"),
            row([
                plain("3"),
                plain("建设数据中心集群。到2025年，在用标准机架达到45万个。"),
                plain("省大数据局"),
                plain("省发展改革委"),
                plain("2026年6月底前"),
            ]),
            section("二、深化融合应用"),
            row([
                plain("4"),
                plain("打造工业互联网平台。"),
                plain("省工业和信息化厅"),
                cell("", &[]),
                plain("2025年底"),
            ]),
            row([
                plain("5"),
                plain("推进智慧交通建设。"),
                plain("省交通运输厅"),
                plain("省公安厅、省通信管理局"),
                plain("2024年12月底"),
            ]),
            row([
                plain("6"),
                plain("建设智慧医院。"),
                plain("省卫生健康委"),
                plain("省医保局"),
                plain("持续推进"),
            ]),
        ]),
        Block::Para("各地各部门要按照分工抓好落实。".into()),
    ])
}

/// `planscope export --corpus DIR --format json`.
fn export(dir: &Path) -> Value {
    let dir = dir.display().to_string();
    json(&["export", "--corpus", &dir, "--format", "json"])
}

fn tasks(v: &Value) -> Vec<Value> {
    v["tasks"].as_array().expect("tasks").clone()
}

/// A task's units as (name, role) pairs.
pub(crate) fn units(t: &Value) -> Vec<(String, String)> {
    t["units"]
        .as_array()
        .expect("units")
        .iter()
        .map(|u| {
            (
                u["name"].as_str().unwrap_or_default().to_string(),
                u["role"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

pub(crate) fn pair(name: &str, role: &str) -> (String, String) {
    (name.to_string(), role.to_string())
}

fn path(t: &Value) -> Vec<&str> {
    t["path"]
        .as_array()
        .expect("path")
        .iter()
        .filter_map(Value::as_str)
        .collect()
}

#[test]
fn a_docx_fengong_table_gives_one_task_per_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("fengong.docx"), fengong_docx()).expect("write");
    let v = export(dir.path());
    let tasks = tasks(&v);
    assert_eq!(tasks.len(), 6, "{tasks:#?}");
    let numbers: Vec<&str> = tasks.iter().filter_map(|t| t["number"].as_str()).collect();
    assert_eq!(numbers, ["1", "2", "3", "4", "5", "6"]);
    let ids: Vec<&str> = tasks.iter().filter_map(|t| t["id"].as_str()).collect();
    assert_eq!(ids[0], "fengong-t001");
    assert_eq!(ids[5], "fengong-t006");

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
    let t2 = &tasks[1];
    assert_eq!(
        units(t2),
        [
            pair("省通信管理局", "lead"),
            pair("省住房城乡建设厅", "cooperate")
        ]
    );
    assert_eq!(t2["deadline"], "持续推进");
    assert_eq!(path(t2), ["一、强化网络基础", "（一）建设高速网络"]);

    assert_eq!(path(&tasks[2]), ["一、强化网络基础", "（二）布局算力设施"]);
    assert_eq!(tasks[2]["deadline"], "2026年6月底前");
    // A new 一、 row closes the （二） above it.
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
    assert_eq!(path(&tasks[5]), ["二、深化融合应用"]);

    // The unit directory counts the table's tasks.
    let directory = v["units"].as_array().expect("units");
    let tongxin = directory
        .iter()
        .find(|u| u["name"] == "省通信管理局")
        .expect("省通信管理局 in the directory");
    let roles: Vec<&str> = tongxin["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .filter_map(|t| t["role"].as_str())
        .collect();
    assert_eq!(roles, ["lead", "lead", "cooperate"]);
}

/// A text table as pasted from a PDF: cells apart by runs of spaces, a long task cell
/// wrapped onto the next line under its column, a unit that landed on the wrapped line.
const TEXT_TABLE: &str = "\
数字经济重点任务分工表
序号  重点任务                          牵头单位          配合单位          完成时限
一、夯实数字基础
1     加快建设新一代移动通信网络，到    省通信管理局      省工业和信息化厅  2025年12月底
      2025年全省累计开通5G基站25万个
2     推进数据中心绿色化改造。          省大数据局        省发展改革委      持续推进
二、推动融合应用
3     建设工业互联网标识解析二级节点    省工业和信息化厅                    2026年6月底前
      35个以上，培育一批特色平台。                        省通信管理局
各地要结合实际，细化工作措施，确保各项任务落到实处。
";

#[test]
fn a_text_table_with_wrapped_cells() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("spaces.txt"), TEXT_TABLE).expect("write");
    let v = export(dir.path());
    let tasks = tasks(&v);
    assert_eq!(tasks.len(), 3, "{tasks:#?}");
    let t1 = &tasks[0];
    assert_eq!(t1["number"], "1");
    assert!(
        t1["text"]
            .as_str()
            .expect("text")
            .contains("加快建设新一代移动通信网络，到2025年全省累计开通5G基站25万个\t"),
        "{}",
        t1["text"]
    );
    assert_eq!(t1["targets"][0]["year"], 2025);
    assert_eq!(t1["targets"][0]["value"], "25");
    assert_eq!(t1["deadline"], "2025年12月底");
    assert_eq!(
        units(t1),
        [
            pair("省通信管理局", "lead"),
            pair("省工业和信息化厅", "cooperate")
        ]
    );
    assert_eq!(path(t1), ["一、夯实数字基础"]);
    let t3 = &tasks[2];
    assert_eq!(path(t3), ["二、推动融合应用"]);
    assert_eq!(
        t3["title"],
        "建设工业互联网标识解析二级节点35个以上，培育一批特色平台"
    );
    assert_eq!(
        units(t3),
        [
            pair("省工业和信息化厅", "lead"),
            pair("省通信管理局", "cooperate")
        ]
    );
    assert_eq!(t3["deadline"], "2026年6月底前");
}

#[test]
fn a_text_table_of_tab_separated_rows_without_numbers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "一、重点任务\n工作任务\t责任单位\t完成时间\n\
                推进公共数据共享开放\t省大数据局、各市政府\t2025年底\n\
                完善数据标准体系\t省市场监管局\t长期坚持\n\
                二、保障措施\n（一）加强组织领导。建立工作机制。（责任单位：省发展改革委）\n";
    std::fs::write(dir.path().join("tabs.txt"), text).expect("write");
    let tasks = tasks(&export(dir.path()));
    assert_eq!(tasks.len(), 3, "{tasks:#?}");
    // Numbered by position; with only a 责任单位 column its units lead.
    assert_eq!(tasks[0]["number"], "1");
    assert_eq!(tasks[1]["number"], "2");
    assert_eq!(
        units(&tasks[0]),
        [pair("省大数据局", "lead"), pair("各市政府", "lead")]
    );
    assert_eq!(path(&tasks[0]), ["一、重点任务"]);
    assert_eq!(tasks[1]["deadline"], "长期坚持");
    // The plan goes on after the table as before.
    assert_eq!(path(&tasks[2]), ["二、保障措施"]);
    assert_eq!(tasks[2]["deadline"], Value::Null);
}

fn ledger(dir: &Path) -> Vec<csv::StringRecord> {
    let corpus = dir.display().to_string();
    let out = planscope(&["export", "--corpus", &corpus, "--format", "csv"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let mut rdr = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    rdr.records().collect::<Result<_, _>>().expect("csv rows")
}

#[test]
fn the_ledger_shows_the_tables_deadline() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("fengong.docx"), fengong_docx()).expect("write");
    let rows = ledger(dir.path());
    assert_eq!(rows.len(), 6);
    let deadline: Vec<&str> = rows.iter().map(|r| &r[5]).collect();
    assert_eq!(
        deadline,
        [
            "2025年12月底",
            "持续推进",
            "2026年6月底前",
            "2025年底",
            "2024年12月底",
            "持续推进"
        ]
    );
    // The status follows the deadline's year, not the targets': 持续推进 names none.
    use planscope::analysis::deadline::{Deadline, current_year};
    let status = |y| Deadline::of(y, current_year()).label();
    assert_eq!(&rows[4][10], status(Some(2024)));
    assert_eq!(&rows[2][10], status(Some(2026)));
    assert_eq!(&rows[1][10], status(None));

    // The same column in the workbook.
    let out_dir = tempfile::tempdir().expect("tempdir");
    let xlsx = out_dir.path().join("分工.xlsx");
    let corpus = dir.path().display().to_string();
    let out = planscope(&[
        "export",
        "--corpus",
        &corpus,
        "--format",
        "xlsx",
        "--out",
        &xlsx.display().to_string(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&xlsx).expect("xlsx written");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("xlsx is a zip");
    let mut strings = String::new();
    archive
        .by_name("xl/sharedStrings.xml")
        .expect("shared strings")
        .read_to_string(&mut strings)
        .expect("utf-8");
    for d in ["2025年12月底", "2026年6月底前", "持续推进"] {
        assert!(strings.contains(d), "{d} not in the workbook");
    }
}

#[test]
fn an_exported_fengong_docx_reads_back_as_the_same_tasks() {
    // The plan whose every task names its units: its 分工方案 written by PlanScope is a
    // task table, and reading that table gives the same tasks with the same units.
    let out_dir = tempfile::tempdir().expect("tempdir");
    let corpus = crate::common::corpus_dir().display().to_string();
    let file = out_dir.path().join("分工方案.docx");
    let doc = "000_8b95ee374a2f737e";
    let out = planscope(&[
        "export",
        "--corpus",
        &corpus,
        "--format",
        "docx",
        "--document",
        doc,
        "--out",
        &file.display().to_string(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let original = json(&[
        "export",
        "--corpus",
        &corpus,
        "--format",
        "json",
        "--document",
        doc,
    ]);
    let original = tasks(&original);
    let read = tasks(&export(out_dir.path()));
    assert_eq!(read.len(), original.len());
    for (a, b) in original.iter().zip(&read) {
        assert_eq!(b["title"], a["title"]);
        let mut ua = units(a);
        let mut ub = units(b);
        ua.sort();
        ub.sort();
        assert_eq!(ub, ua, "{}", a["title"]);
    }
}
