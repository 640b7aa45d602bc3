//! Extraction checked against the bundled plans. The expected answers were read
//! from the plans by hand, not taken from the program's output.

use super::*;
use crate::corpus::DocMeta;
use crate::model::Role::{self, Cooperate, Lead};

fn parse(id: &str) -> ParsedDoc {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(format!("{id}.txt"));
    let text = std::fs::read_to_string(&path).expect("bundled plan");
    parse_source(SourceDoc {
        id: id.to_string(),
        source: format!("corpus/{id}.txt"),
        meta: DocMeta::default(),
        text,
        hash: String::new(),
        file: None,
    })
}

fn task<'a>(p: &'a ParsedDoc, section: &str, number: &str) -> &'a Task {
    p.tasks
        .iter()
        .find(|t| t.number == number && t.path.iter().any(|s| s.contains(section)))
        .unwrap_or_else(|| panic!("task {section} {number} not found"))
}

fn units(t: &Task) -> Vec<(&str, Role)> {
    t.units.iter().map(|u| (u.name.as_str(), u.role)).collect()
}

fn targets(t: &Task) -> Vec<(Option<i32>, &str, &str)> {
    t.targets
        .iter()
        .map(|x| (x.year, x.value.as_str(), x.unit.as_str()))
        .collect()
}

#[test]
fn task_counts_per_plan() {
    // 000: items 1–25 (its 保障措施 carry no units); 001: 13 body items + 3 保障措施
    // items with units; 002: 10 重点行动 + 9 应用场景 + 5 保障措施; 003: 1–23;
    // 004: 三 7 + 四 4 (（一）–（四） with no items) + 五 15 + 六 14 + 七 18 + 八 9.
    for (id, n) in [
        ("000_8b95ee374a2f737e", 25),
        ("001_9325462992e5c8a8", 16),
        ("002_a020166e6046ec20", 24),
        ("003_cd4e9433b3b1c059", 23),
        ("004_f6a32ac2bee2fa3b", 67),
    ] {
        assert_eq!(parse(id).tasks.len(), n, "{id}");
    }
}

#[test]
fn plan_000_units_targets_columns() {
    let p = parse("000_8b95ee374a2f737e");
    let t1 = task(&p, "建设高速泛在的信息通信网络", "1");
    assert_eq!(t1.title, "加快建设新一代移动通信网络");
    assert_eq!(
        t1.path[..],
        [
            "二、前瞻布局信息基础设施建设",
            "（一）建设高速泛在的信息通信网络"
        ]
    );
    assert_eq!(
        units(t1),
        vec![("省通信管理局", Lead), ("省工业和信息化厅", Lead)]
    );
    assert_eq!(
        targets(t1),
        vec![
            (Some(2025), "25", "万个"),
            (Some(2025), "99", "%"),
            (Some(2025), "70", "%")
        ]
    );
    assert_eq!(t1.targets[0].text, "到2025年，全省累计开通5G基站25万个以上");
    // A bracket broken across lines: "（责任单位：…省通信\n\n管理局)".
    let t7 = task(&p, "算力基础设施", "7");
    assert_eq!(
        units(t7),
        vec![
            ("省大数据局", Lead),
            ("省工业和信息化厅", Lead),
            ("省通信管理局", Lead)
        ]
    );
    let t5 = task(&p, "信息通信网络", "5");
    assert_eq!(
        units(t5),
        vec![("省科技厅", Lead), ("济南市人民政府", Lead)]
    );
    let t6 = task(&p, "算力基础设施", "6");
    assert!(targets(t6).contains(&(Some(2025), "12.5", "EFLOPS")));
    assert!(targets(t6).contains(&(Some(2025), "45", "万个")));
    let t16 = task(&p, "能源互联网", "16");
    assert_eq!(targets(t16), vec![(Some(2025), "30", "万个")]);
    assert_eq!(
        units(t16),
        vec![
            ("省能源局", Lead),
            ("省大数据局", Lead),
            ("各市人民政府", Lead)
        ]
    );
    let t18 = task(&p, "智慧水利", "18");
    assert_eq!(units(t18), vec![("省水利厅", Lead)]);
    // Nine columns; column 1 holds four items and links the tasks of its section.
    assert_eq!(p.columns.len(), 9);
    let c1 = &p.columns[0];
    assert_eq!(
        (c1.number.as_str(), c1.title.as_str()),
        ("1", "高速泛在网络提升工程")
    );
    assert_eq!(c1.items.len(), 4);
    assert_eq!(c1.projects[0], "山东广电5G融媒体应急广播平台");
    assert_eq!(c1.tasks.len(), 5);
    assert!(t1.columns.contains(&c1.id));
    // Items inside a column are not tasks.
    assert!(!p.tasks.iter().any(|t| t.title.starts_with("积极推广")));
}

#[test]
fn plan_001_brackets_after_each_sentence() {
    let p = parse("001_9325462992e5c8a8");
    let t = task(&p, "信息通信网络", "1");
    // Three brackets: the union, each unit with its strongest role.
    assert_eq!(
        units(t),
        vec![
            ("省通信管理局", Lead),
            ("省工业和信息化厅", Lead),
            ("省大数据局", Lead),
            ("省广电局", Lead),
            ("省科技厅", Lead),
            ("省自然资源厅", Lead),
            ("省发展改革委", Cooperate),
            ("省统计局", Cooperate),
            ("省应急厅", Cooperate),
            ("省生态环境厅", Cooperate),
            ("有关市政府", Cooperate),
        ]
    );
    assert_eq!(targets(t)[0], (Some(2020), "4", "万个"));
    let t = task(&p, "传统基础设施", "1");
    assert_eq!(units(t)[0], ("省交通运输厅", Lead));
    assert!(units(t).contains(&("省公安厅", Cooperate)));
    let t = task(&p, "数据处理体系", "2");
    assert!(targets(t).contains(&(Some(2020), "50", "个")));
    assert!(targets(t).contains(&(Some(2022), "200", "个")));
    let t = task(&p, "保障措施", "一");
    assert_eq!(t.title, "加强组织协调");
    assert_eq!(units(t), vec![("省大数据局", Lead), ("各市政府", Lead)]);
    let t = task(&p, "防控设施体系", "2");
    assert_eq!(
        units(t),
        vec![
            ("省委网信办", Lead),
            ("省通信管理局", Lead),
            ("省公安厅", Lead),
            ("各有关部门", Cooperate),
            ("各市政府", Cooperate),
        ]
    );
}

#[test]
fn plan_002_actions_scenes_and_guarantees() {
    let p = parse("002_a020166e6046ec20");
    let t = task(&p, "信息基础设施建设行动", "1");
    assert_eq!(t.title, "加快5G商用");
    assert_eq!(targets(t)[0], (Some(2022), "11.2", "万个"));
    let t = task(&p, "融合基础设施升级行动", "1");
    assert!(targets(t).contains(&(Some(2022), "10", "万个")));
    assert!(targets(t).contains(&(Some(2022), "15", "%")));
    // ±800千伏 and 2号线 are specs and names, not targets.
    assert!(targets(task(&p, "融合基础设施升级行动", "2")).is_empty());
    assert!(targets(task(&p, "融合基础设施升级行动", "3")).is_empty());
    // The bracket stands on a line of its own after a page break.
    let t = task(&p, "智慧+产业", "2");
    assert_eq!(t.title, "智慧农业");
    assert_eq!(
        units(t),
        vec![
            ("省农业农村厅", Lead),
            ("省商务厅", Lead),
            ("省发展改革委", Lead),
            ("省委网信办", Lead),
            ("各市政府", Lead),
        ]
    );
    let t = task(&p, "保障措施", "三");
    assert_eq!(t.title, "创新金融支持方式");
    assert_eq!(units(t).len(), 7);
    assert!(!t.text.contains("抄送"));
    let t = task(&p, "保障措施", "五");
    assert!(
        !t.text.contains("抄送"),
        "the footer is not part of the last task"
    );
}

#[test]
fn plan_003_wrapped_pdf_text() {
    let p = parse("003_cd4e9433b3b1c059");
    let t = task(&p, "数字设施支撑能力", "1");
    assert_eq!(t.title, "实施“网络能力”提升行动");
    // "(责任单位：省通信管理\n局、…)" broken inside a unit name.
    assert_eq!(
        units(t),
        vec![
            ("省通信管理局", Lead),
            ("省工业和信息化厅", Lead),
            ("省财政厅", Lead),
            ("省大数据局", Lead),
        ]
    );
    assert!(targets(t).contains(&(None, "15", "万个")));
    assert!(targets(t).contains(&(None, "30", "万个")));
    // The 5000 yuan subsidy is not a target.
    assert!(!targets(t).iter().any(|x| x.1 == "5000"));
    // "(责\n任单位：" broken inside the label.
    let t = task(&p, "产业数字化赋能", "4");
    assert_eq!(units(t).len(), 10);
    assert_eq!(units(t)[9], ("人民银行济南分行", Lead));
    let t = task(&p, "保障机制", "22");
    assert!(units(t).contains(&("省人大常委会法工委", Lead)));
    assert!(units(t).contains(&("山东银保监局", Lead)));
    let t = task(&p, "保障机制", "23");
    assert_eq!(units(t)[0], ("省委组织部", Lead));
}

#[test]
fn plan_004_without_brackets() {
    let p = parse("004_f6a32ac2bee2fa3b");
    assert!(p.tasks.iter().all(|t| t.units.is_empty()));
    let t = task(&p, "信息基础设施先行区", "1");
    assert_eq!(t.title, "建设泛在连接的通信基础设施");
    assert_eq!(
        t.path[..],
        [
            "三、建设泛在领先的数字基础设施",
            "（一）打造全国信息基础设施先行区"
        ]
    );
    // Principles and goals under 总体要求 are not tasks; their targets are goals.
    assert!(!p.tasks.iter().any(|t| t.title.contains("坚持系统观念")));
    assert!(
        p.document
            .goals
            .iter()
            .any(|g| g.value == "11" && g.unit == "%")
    );
    // "７市建设…" is a wrapped line, not item 7.
    assert!(!p.tasks.iter().any(|t| t.title.starts_with("市建设")));
    assert_eq!(p.columns.len(), 18);
    assert_eq!(p.columns[0].title, "数字基础设施提升工程");
    assert_eq!(p.columns[0].items.len(), 6);
    // The indicator table: 17 rows in 4 categories, values as printed.
    assert_eq!(p.indicators.len(), 17);
    let row = &p.indicators[0];
    assert_eq!(
        (row.category.as_str(), row.name.as_str(), row.unit.as_str()),
        ("数字基础设施建设指标", "5G基站数", "万个")
    );
    assert_eq!(row.values.get("2020"), Some(&Some("51".to_string())));
    assert_eq!(row.values.get("2025"), Some(&None));
    assert_eq!(row.attribute.as_deref(), Some("约束性"));
    let row = p
        .indicators
        .iter()
        .find(|r| r.name == "智慧社区(村居)数量")
        .expect("row");
    assert_eq!(row.unit, "个");
}

#[test]
fn spans_point_at_the_original_text() {
    let p = parse("003_cd4e9433b3b1c059");
    let text = crate::corpus::plan_text(&p.document).expect("text held");
    let chars: Vec<char> = text.chars().collect();
    for t in &p.tasks {
        let s: String = chars[t.span[0]..t.span[1]].iter().collect();
        let first = t.title.chars().next().expect("title");
        assert!(s.contains(first), "{}", t.id);
        assert!(
            s.trim_start().starts_with(t.number.as_str()),
            "{} {s}",
            t.number
        );
    }
}

/// A plan of another province in the same genre (written for this test): labelled
/// brackets with ；and ，, 【】 brackets, a bracket on its own line, (1) sub-items,
/// a 专栏 with (1) items and one without numbers, goals under 主要目标, and a
/// 保障措施 section where only items with units are tasks.
#[test]
fn a_plan_of_the_genre_never_seen_before() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/genre_plan.txt");
    let text = std::fs::read_to_string(&path).expect("fixture");
    let p = parse_source(SourceDoc {
        id: "genre".into(),
        source: "genre_plan.txt".into(),
        meta: DocMeta::default(),
        text,
        hash: String::new(),
        file: None,
    });
    assert_eq!(
        p.document.title,
        "江北省加快数字基础设施建设三年行动计划（2023—2025年）"
    );
    let titles: Vec<&str> = p.tasks.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(
        titles,
        vec![
            "加快5G网络规模部署",
            "推进千兆光网升级",
            "布局卫星互联网",
            "优化数据中心布局",
            "发展智能计算中心",
            "建设智慧交通设施",
            "建设智慧能源设施",
            "加强组织领导",
            "强化人才支撑",
        ]
    );
    let t = &p.tasks[0];
    assert_eq!(
        units(t),
        vec![
            ("省通信管理局", Lead),
            ("省工业和信息化厅", Cooperate),
            ("各市人民政府", Cooperate)
        ]
    );
    assert_eq!(
        targets(t),
        vec![(Some(2025), "8", "万个"), (Some(2025), "60", "%")]
    );
    assert_eq!(units(&p.tasks[1])[2], ("省住房城乡建设厅", Cooperate));
    assert_eq!(targets(&p.tasks[1]), vec![(Some(2024), "10", "个")]);
    assert_eq!(
        units(&p.tasks[2]),
        vec![
            ("省工业和信息化厅", Lead),
            ("省科技厅", Cooperate),
            ("省国防科工办", Cooperate)
        ]
    );
    assert_eq!(units(&p.tasks[3])[0], ("省大数据局", Lead));
    assert!(p.tasks[3].text.contains("推进存量数据中心绿色化改造"));
    assert_eq!(
        units(&p.tasks[4]),
        vec![("省大数据局", Lead), ("省科技厅", Lead)]
    );
    assert_eq!(
        units(&p.tasks[6]),
        vec![("省能源局", Lead), ("省电力公司", Cooperate)]
    );
    assert_eq!(p.columns.len(), 2);
    assert_eq!(p.columns[0].title, "5G网络建设重点工程");
    assert_eq!(p.columns[0].items.len(), 2);
    assert!(
        p.columns[0]
            .projects
            .contains(&"江北港口5G专网".to_string())
    );
    assert_eq!(p.columns[1].projects.len(), 3);
    assert!(
        p.document
            .goals
            .iter()
            .any(|g| g.value == "12" && g.unit == "万个")
    );
    assert!(!p.tasks.iter().any(|t| t.text.contains("抄送")));
}

/// The title is looked for in the first 40 clean lines, however many blank lines and page
/// numbers come before them, and never beyond them.
#[test]
fn title_after_many_blank_and_debris_lines() {
    let debris = "\n\n—１—\n".repeat(60);
    let text = format!("{debris}江北省数字基础设施建设行动方案\n一、总体要求\n正文。");
    assert_eq!(
        title_from_text(&text).as_deref(),
        Some("江北省数字基础设施建设行动方案")
    );
    let body: String = (0..40).map(|i| format!("第{i}段正文内容。\n")).collect();
    let late = format!("{body}江北省数字基础设施建设行动方案\n");
    assert_eq!(title_from_text(&late), None);
}

#[test]
fn a_section_path_is_held_once_for_its_tasks_and_columns() {
    let p = parse("000_8b95ee374a2f737e");
    // The five tasks of （一） share one path, not five copies of it.
    let first = task(&p, "建设高速泛在的信息通信网络", "1");
    let same: Vec<&Task> = p.tasks.iter().filter(|t| t.path == first.path).collect();
    assert_eq!(same.len(), 5);
    assert!(same.iter().all(|t| Arc::ptr_eq(&t.path, &first.path)));
    // Another section has a path of its own.
    let other = task(&p, "建设多元协同的算力基础设施", "6");
    assert!(!Arc::ptr_eq(&other.path, &first.path));
    // A column standing in the section shares that path as well.
    let column = p
        .columns
        .iter()
        .find(|c| c.path == first.path)
        .expect("a column in （一）");
    assert!(Arc::ptr_eq(&column.path, &first.path));
}
