//! The command line as other tools use it: `planscope export/units/lineage` on the
//! bundled plans, with answers read from the plans, and bad input.

use std::process::{Command, Output};

use serde_json::Value;

use crate::common::corpus_dir;

pub(crate) fn planscope(args: &[&str]) -> Output {
    let scratch = tempfile::tempdir().expect("tempdir");
    Command::new(env!("CARGO_BIN_EXE_planscope"))
        .args(args)
        .env("PLANSCOPE_DATA_DIR", scratch.path().join("data"))
        .env("PLANSCOPE_CACHE_DIR", scratch.path().join("cache"))
        .output()
        .expect("run planscope")
}

pub(crate) fn json(args: &[&str]) -> Value {
    let out = planscope(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json on stdout")
}

/// `planscope export --corpus DIR --format json` with `filters` appended, as JSON.
fn export_json(corpus: &str, filters: &[&str]) -> Value {
    let mut args = vec!["export", "--corpus", corpus, "--format", "json"];
    args.extend_from_slice(filters);
    json(&args)
}

fn corpus() -> String {
    corpus_dir().display().to_string()
}

#[test]
fn export_json_has_the_contract_shape() {
    let v = export_json(&corpus(), &[]);
    let docs = v["documents"].as_array().expect("documents");
    assert_eq!(docs.len(), 5);
    assert_eq!(docs[0]["id"], "000_8b95ee374a2f737e");
    assert_eq!(
        docs[0]["title"],
        "山东省数字基础设施建设行动方案（2024-2025年）"
    );
    assert_eq!(docs[0]["doc_number"], "数字强省办发〔2023〕10号");
    assert!(
        docs[0]["source"]
            .as_str()
            .expect("source")
            .ends_with("000_8b95ee374a2f737e.txt")
    );
    let tasks = v["tasks"].as_array().expect("tasks");
    assert_eq!(tasks.len(), 25 + 16 + 24 + 23 + 67);
    let t = &tasks[0];
    for field in [
        "id", "document", "path", "number", "title", "text", "units", "targets", "columns",
    ] {
        assert!(t.get(field).is_some(), "task field {field}");
    }
    assert_eq!(t["number"], "1");
    assert_eq!(t["units"][0]["name"], "省通信管理局");
    assert_eq!(t["units"][0]["role"], "lead");
    assert_eq!(t["targets"][0]["year"], 2025);
    assert_eq!(t["targets"][0]["unit"], "万个");
    assert_eq!(v["columns"].as_array().expect("columns").len(), 9 + 18);
    assert_eq!(v["indicators"].as_array().expect("indicators").len(), 17);
    let units = v["units"].as_array().expect("units");
    let gx = units
        .iter()
        .find(|u| u["name"] == "省工业和信息化厅")
        .expect("工信厅 in the directory");
    let aliases: Vec<&str> = gx["aliases"]
        .as_array()
        .expect("aliases")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(aliases.contains(&"工信厅") && aliases.contains(&"省工信厅"));
}

#[test]
fn export_by_short_unit_name() {
    let v = export_json(&corpus(), &["--unit", "工信厅"]);
    let tasks = v["tasks"].as_array().expect("tasks");
    assert!(tasks.len() > 40, "{}", tasks.len());
    for t in tasks {
        assert!(
            t["units"]
                .as_array()
                .expect("units")
                .iter()
                .any(|u| u["name"] == "省工业和信息化厅"),
            "{}",
            t["id"]
        );
    }
    let lead = export_json(&corpus(), &["--unit", "省工业和信息化厅", "--role", "lead"]);
    assert!(lead["tasks"].as_array().expect("tasks").len() < tasks.len());
    // 各市政府 and 各市人民政府 are one unit in the directory.
    let v = export_json(&corpus(), &["--unit", "各市政府"]);
    let docs: std::collections::BTreeSet<&str> = v["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .filter_map(|t| t["document"].as_str())
        .collect();
    assert!(docs.contains("000_8b95ee374a2f737e") && docs.contains("001_9325462992e5c8a8"));
}

#[test]
fn export_csv_has_bom_and_ledger_header() {
    let out = planscope(&[
        "export",
        "--corpus",
        &corpus(),
        "--format",
        "csv",
        "--document",
        "003_cd4e9433b3b1c059",
    ]);
    assert!(out.status.success());
    assert!(out.stdout.starts_with("\u{feff}".as_bytes()));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let mut lines = text.lines();
    assert_eq!(
        lines.next().map(|l| l.trim_start_matches('\u{feff}')),
        Some("序号,任务,牵头单位,配合单位,目标,完成时限,来源文件,章节,任务内容,任务编号,时限状态")
    );
    let mut rdr = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    assert_eq!(rdr.records().count(), 23);
}

#[test]
fn export_xlsx_to_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("任务清单.xlsx");
    let out = planscope(&[
        "export",
        "--corpus",
        &corpus(),
        "--format",
        "xlsx",
        "--out",
        path.to_str().expect("path"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&path).expect("xlsx written");
    assert!(bytes.starts_with(b"PK"));
    // XLSX to standard output is refused with a sentence.
    let out = planscope(&["export", "--corpus", &corpus(), "--format", "xlsx"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--out"));
}

#[test]
fn units_json_lists_counts() {
    let v = json(&["units", "--corpus", &corpus(), "--json"]);
    let units = v.as_array().expect("array");
    let first = &units[0];
    assert_eq!(
        first["name"], "省工业和信息化厅",
        "the unit with most lead tasks comes first"
    );
}

#[test]
fn lineage_of_5g_base_stations_spans_plans() {
    let v = json(&["lineage", "5G基站", "--json", "--corpus", &corpus()]);
    assert_eq!(v["indicator"], "5G基站");
    let targets = v["targets"].as_array().expect("targets");
    let docs: std::collections::BTreeSet<&str> = targets
        .iter()
        .filter_map(|t| t["document"].as_str())
        .collect();
    assert!(docs.len() >= 3, "{docs:?}");
    let years: Vec<i64> = targets.iter().filter_map(|t| t["year"].as_i64()).collect();
    assert!(
        years.windows(2).all(|w| w[0] <= w[1]),
        "year order: {years:?}"
    );
    // 000 task 1: 到2025年 25万个, with its task id.
    assert!(targets.iter().any(|t| t["value"] == "25"
        && t["unit"] == "万个"
        && t["year"] == 2025
        && t["task"].is_string()));
    for q in ["充电桩", "数据中心"] {
        let v = json(&["lineage", q, "--json", "--corpus", &corpus()]);
        let docs: std::collections::BTreeSet<&str> = v["targets"]
            .as_array()
            .expect("targets")
            .iter()
            .filter_map(|t| t["document"].as_str())
            .collect();
        assert!(docs.len() >= 2, "{q}: {docs:?}");
    }
}

#[test]
fn bad_input_gets_a_sentence_and_a_failure_code() {
    let out = planscope(&["export", "--corpus", "/no/such/folder", "--format", "json"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("/no/such/folder") && !err.contains("panicked"),
        "{err}"
    );

    let out = planscope(&[
        "export",
        "--corpus",
        &corpus(),
        "--format",
        "json",
        "--document",
        "nope",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no plan with id nope"));

    let out = planscope(&[
        "export",
        "--corpus",
        &corpus(),
        "--format",
        "json",
        "--unit",
        "不存在的局",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no unit named"));

    // A folder with an empty file, a binary file and a plan with no structure.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("empty.txt"), b"").expect("write");
    std::fs::write(
        dir.path().join("binary.txt"),
        [0u8, 159, 146, 150, 0, 1, 2, 3, 255, 254, 0, 0, 7],
    )
    .expect("write");
    std::fs::write(
        dir.path().join("prose.txt"),
        "这是一段没有任何编号和结构的文字。它只是说明情况。",
    )
    .expect("write");
    let out = planscope(&[
        "export",
        "--corpus",
        dir.path().to_str().expect("path"),
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "readable plans still export");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("empty.txt") && err.contains("binary.txt"),
        "{err}"
    );
    assert!(err.contains("no tasks found"), "{err}");
    assert!(!err.contains("panicked"));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["documents"].as_array().expect("docs").len(), 1);

    // An export to a place that cannot be written.
    let out = planscope(&[
        "export",
        "--corpus",
        &corpus(),
        "--format",
        "csv",
        "--out",
        "/proc/planscope.csv",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write"));
}

#[test]
fn a_gbk_copy_gives_the_same_model() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = std::fs::read_to_string(corpus_dir().join("002_a020166e6046ec20.txt")).expect("plan");
    let (gbk, _, bad) = encoding_rs::GB18030.encode(&src);
    assert!(!bad);
    std::fs::write(dir.path().join("002_a020166e6046ec20.txt"), &gbk).expect("write");
    let mut le = vec![0xFF, 0xFE];
    for u in src.encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
    }
    let dir16 = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir16.path().join("002_a020166e6046ec20.txt"), &le).expect("write");
    let orig = tempfile::tempdir().expect("tempdir");
    std::fs::write(orig.path().join("002_a020166e6046ec20.txt"), &src).expect("write");
    let a = export_json(orig.path().to_str().expect("p"), &[]);
    let b = export_json(dir.path().to_str().expect("p"), &[]);
    let c = export_json(dir16.path().to_str().expect("p"), &[]);
    assert_eq!(a["tasks"], b["tasks"]);
    assert_eq!(a["tasks"], c["tasks"]);
    assert_eq!(a["tasks"].as_array().expect("tasks").len(), 24);
}

#[test]
fn export_docx_fengong_fangan() {
    use std::io::Read;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("分工方案.docx");
    let out = planscope(&[
        "export",
        "--corpus",
        &corpus(),
        "--format",
        "docx",
        "--document",
        "001_9325462992e5c8a8",
        "--out",
        path.to_str().expect("path"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = std::fs::File::open(&path).expect("docx written");
    let mut zip = zip::ZipArchive::new(file).expect("a zip package");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("document part")
        .read_to_string(&mut xml)
        .expect("utf-8 xml");
    assert!(xml.contains("《关于山东省数字基础设施建设的指导意见》重点任务分工方案"));
    for header in [
        "序号",
        "重点任务",
        "牵头单位",
        "配合单位",
        "完成时限",
        "目标",
    ] {
        assert!(xml.contains(header), "{header}");
    }
    assert!(xml.contains("发展新一代移动通信网络"));
    assert!(xml.contains("省统计局"), "a cooperating unit of task 1");
    assert!(xml.contains("仿宋"));
}
