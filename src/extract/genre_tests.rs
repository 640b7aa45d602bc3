//! Extraction checked on plans laid out in other ways than the bundled five: plans
//! written by these tests (150 tasks numbered straight through, numbering that starts
//! again in each section, four heading levels, articles, a 若干政策 of unnumbered
//! paragraphs followed by a second plan) and the six published plans of other issuers
//! in ../shared/plans-elsewhere, whose expected answers were read from the plans by hand.

use super::*;
use crate::corpus::DocMeta;
use crate::model::Role::{self, Cooperate, Lead};

fn parse_text(id: &str, text: String) -> ParsedDoc {
    parse_source(SourceDoc {
        id: id.to_string(),
        source: format!("{id}.txt"),
        meta: DocMeta::default(),
        text,
        hash: String::new(),
        file: None,
    })
}

fn numbers(p: &ParsedDoc) -> Vec<&str> {
    p.tasks.iter().map(|t| t.number.as_str()).collect()
}

fn titles(p: &ParsedDoc) -> Vec<&str> {
    p.tasks.iter().map(|t| t.title.as_str()).collect()
}

fn units(t: &Task) -> Vec<(&str, Role)> {
    t.units.iter().map(|u| (u.name.as_str(), u.role)).collect()
}

fn path(t: &Task) -> Vec<&str> {
    t.path.iter().map(|s| s.as_str()).collect()
}

/// A 分工方案 of 150 tasks numbered 1–150 straight through three 一、 sections of two （一）
/// subsections each; every task has one target (建成N个…) and a bracket. Some tasks wrap
/// so that a line starts with "N个…" or "2025年…": those lines are text.
#[test]
fn a_hundred_and_fifty_tasks_numbered_straight_through() {
    let mut text = String::from(
        "江北省数字经济重点任务分工方案\n\n为推进数字经济高质量发展，制定本方案。\n\n",
    );
    let sections = ["一、夯实数字基础", "二、壮大数字产业", "三、提升数字治理"];
    let mut n = 1;
    for s in sections {
        text.push_str(&format!("{s}\n"));
        for sub in ["（一）建设示范工程", "（二）培育示范企业"] {
            text.push_str(&format!("{sub}\n"));
            for _ in 0..25 {
                let body = match n % 3 {
                    // A line wrapped before the target's number.
                    0 => format!("{n}.推进示范建设。到2025年，全省建成\n{n}个示范项目。"),
                    // A line wrapped before the year.
                    1 => format!("{n}.推进示范建设。到\n2025年，全省建成{n}个示范项目。"),
                    _ => format!("{n}.推进示范建设。到2025年，全省建成{n}个示范项目。"),
                };
                text.push_str(&format!("{body}（责任单位：省工业和信息化厅）\n"));
                n += 1;
            }
        }
    }
    let p = parse_text("fengong", text);
    let expected: Vec<String> = (1..=150).map(|n| n.to_string()).collect();
    assert_eq!(numbers(&p), expected);
    for (k, t) in p.tasks.iter().enumerate() {
        let n = (k + 1).to_string();
        assert_eq!(t.targets.len(), 1, "task {n}: {:?}", t.targets);
        assert_eq!(
            (t.targets[0].year, t.targets[0].value.as_str()),
            (Some(2025), n.as_str())
        );
        assert_eq!(t.targets[0].unit, "个");
        assert_eq!(units(t), vec![("省工业和信息化厅", Lead)]);
        assert_eq!(t.title, "推进示范建设");
    }
    assert_eq!(
        path(&p.tasks[0]),
        ["一、夯实数字基础", "（一）建设示范工程"]
    );
    assert_eq!(
        path(&p.tasks[99]),
        ["二、壮大数字产业", "（二）培育示范企业"]
    );
    assert_eq!(
        path(&p.tasks[149]),
        ["三、提升数字治理", "（二）培育示范企业"]
    );
}

/// Numbering that starts again at 1 in each section, in 1、 and １ forms.
#[test]
fn numbering_restarting_in_each_section() {
    let text = "\
江北省智慧城市建设实施方案
一、建设城市大脑
1、建设数据中台。（责任单位：市大数据局）
2、建设业务中台。（责任单位：市大数据局）
二、推进智慧交通
1、建设信号系统。到2025年建成智能路口500个。（责任单位：市公安局）
2、推广智慧停车。（责任单位：市交通运输局）
3、建设公交系统。（责任单位：市交通运输局）
三、推进智慧医疗
１推广电子病历。（责任单位：市卫生健康委）
２建设互联网医院。（责任单位：市卫生健康委）
"
    .to_string();
    let p = parse_text("restart", text);
    assert_eq!(numbers(&p), ["1", "2", "1", "2", "3", "1", "2"]);
    assert_eq!(path(&p.tasks[2]), ["二、推进智慧交通"]);
    assert_eq!(p.tasks[2].title, "建设信号系统");
    assert_eq!(p.tasks[2].targets[0].value, "500");
    assert_eq!(path(&p.tasks[6]), ["三、推进智慧医疗"]);
    assert_eq!(p.tasks[6].title, "建设互联网医院");
}

/// Four heading levels: where the units stand on the （1） items, they are the tasks and
/// the 1. item heads them; where the units stand on the 1. item, its （1） lines stay
/// part of it.
#[test]
fn four_levels_with_units_on_the_innermost_items() {
    let text = "\
江北省信息基础设施建设行动方案
一、总体要求
（一）发展目标
1.网络能力显著增强。到2025年5G基站达到8万个。
二、重点任务
（一）建设高速网络
1.推进5G网络建设。
（1）加快基站建设。到2025年建成5G基站5万个。（责任单位：省通信管理局）
（2）推进杆塔共享。（责任单位：省铁塔公司，各市人民政府配合）
2.推进千兆光网建设。
（1）实施光纤到户。（责任单位：省通信管理局）
（2）建设千兆城市。到2025年建成千兆城市10个。（责任单位：各市人民政府）
（二）建设算力设施
3.优化数据中心布局。推动数据中心集约发展。（责任单位：省大数据局）
（1）建设数据中心集聚区。
（2）推进存量数据中心绿色化改造。
"
    .to_string();
    let p = parse_text("four", text);
    assert_eq!(numbers(&p), ["1", "2", "1", "2", "3"]);
    assert_eq!(
        titles(&p),
        [
            "加快基站建设",
            "推进杆塔共享",
            "实施光纤到户",
            "建设千兆城市",
            "优化数据中心布局"
        ]
    );
    assert_eq!(
        path(&p.tasks[0]),
        ["二、重点任务", "（一）建设高速网络", "1.推进5G网络建设"]
    );
    assert_eq!(
        path(&p.tasks[3]),
        ["二、重点任务", "（一）建设高速网络", "2.推进千兆光网建设"]
    );
    assert_eq!(
        units(&p.tasks[1]),
        [("省铁塔公司", Lead), ("各市人民政府", Cooperate)]
    );
    assert_eq!(p.tasks[0].targets[0].value, "5");
    // Units on the 1. item: its （1） lines are its text, and the path ends at （二）.
    let t = &p.tasks[4];
    assert_eq!(path(t), ["二、重点任务", "（二）建设算力设施"]);
    assert!(t.text.contains("推进存量数据中心绿色化改造"));
    assert_eq!(units(t), [("省大数据局", Lead)]);
    // Goals under 总体要求 are the plan's, not tasks.
    assert!(p.document.goals.iter().any(|g| g.value == "8"));
}

/// A 若干措施 in articles under chapters: the articles of the body are the tasks, those of
/// 总则 and 附则 are not; the numbering inside an article and a wrapped line that starts
/// with "第三条规定" are the article's text.
#[test]
fn articles_are_tasks_in_the_body() {
    let text = "\
江北省支持数字经济发展若干措施
第一章 总则
第一条 为加快数字经济发展，结合本省实际，制定本措施。
第二条 本措施适用于在本省注册的企业。
第二章 支持措施
第三条 支持数据中心建设。对新建数据中心给予奖补，最高500万元。（责任单位：省发展改革委）
第四条 支持企业上云。符合下列条件的企业给予补贴：
（一）在本省注册；
（二）上云费用超过10万元。
（责任单位：省工业和信息化厅、省财政厅）
第五条 支持平台建设。到2025年培育工业互联网平台20个。奖补按照本措施
第三条规定执行。（责任单位：省工业和信息化厅）
第六条 加强人才支撑。（责任单位：省人力资源社会保障厅）
第三章 附则
第七条 本措施自印发之日起施行，由省发展改革委负责解释。
"
    .to_string();
    let p = parse_text("articles", text);
    assert_eq!(numbers(&p), ["三", "四", "五", "六"]);
    assert_eq!(
        titles(&p),
        [
            "支持数据中心建设",
            "支持企业上云",
            "支持平台建设",
            "加强人才支撑"
        ]
    );
    assert!(p.tasks.iter().all(|t| path(t) == ["第二章 支持措施"]));
    assert!(p.tasks[1].text.contains("上云费用超过10万元"));
    assert_eq!(
        units(&p.tasks[1]),
        [("省工业和信息化厅", Lead), ("省财政厅", Lead)]
    );
    assert!(p.tasks[2].text.contains("第三条规定执行"));
    assert_eq!(p.tasks[2].targets[0].value, "20");
}

/// Articles with no chapters, numbered up to 第十二条: each is a task.
#[test]
fn articles_without_chapters() {
    let mut text =
        String::from("江北省促进软件产业发展若干措施\n为促进软件产业发展，制定以下措施。\n");
    let numerals = [
        "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二",
    ];
    for n in numerals {
        text.push_str(&format!(
            "第{n}条 支持软件企业发展。给予奖励。（责任单位：省工业和信息化厅）\n"
        ));
    }
    let p = parse_text("articles-plain", text);
    assert_eq!(numbers(&p), numerals);
    assert!(p.tasks.iter().all(|t| t.path.is_empty()));
}

/// A 若干政策 of unnumbered paragraphs, each closed by its bracket, then a second plan in
/// the same document starting again at 一、: paragraphs without units are not tasks, and
/// the second plan's paths hold none of the first plan's headings.
#[test]
fn unnumbered_policy_paragraphs_then_a_second_plan() {
    let text = "\
江北省人民政府办公厅关于印发支持工业互联网发展若干政策和行动计划的通知
各市人民政府：现印发给你们，请认真抓好落实。
支持工业互联网发展若干政策

　　为加快我省工业互联网发展，制定以下政策。
　　一、支持工业互联网平台建设

　　培育各类工业互联网平台。对跨行业跨领域工业互联网平台省级给予奖补，最高3000万元。（责任单位：省经济和信息化厅、省财政厅）

　　推动企业上云上平台。建立服务商资源池，实施动态管理。（责任单位：省经济和信息化厅）
　　二、支持工业互联网人才培养

　　组织打造服务专员队伍，每年面向1万名专业技术人才开展培训。（责任单位：省人力资源和社会保障厅，各市人民政府）

　　省经济和信息化厅会同省财政厅等单位制定具体实施细则。

　　本政策自2021年开始执行，由省经济和信息化厅负责解释。
江北省工业互联网创新发展行动计划（2021-2023年）

　　为推动工业互联网赋能制造强省，特制定本行动计划。
　　一、总体要求

　　（一）发展目标

　　到2023年，培育3家跨行业跨领域工业互联网平台。
　　二、行动步骤

　　（一）网络体系强基行动。

　　1﹒推进工业互联网外网建设。支持基础电信企业加强网络建设。（责任单位：省通信管理局）

　　2﹒开展工业互联网新模式推广。

　　智能化制造。鼓励企业加大数字技术应用力度。

　　数字化管理。推动重点行业企业打通内部各管理环节。（责任单位：省经济和信息化厅）
"
    .to_string();
    let p = parse_text("policies", text);
    assert_eq!(numbers(&p), ["1", "2", "3", "1", "2"]);
    assert_eq!(
        titles(&p),
        [
            "培育各类工业互联网平台",
            "推动企业上云上平台",
            "组织打造服务专员队伍，每年面向1万名专业技术人才开展培训",
            "推进工业互联网外网建设",
            "开展工业互联网新模式推广"
        ]
    );
    assert_eq!(path(&p.tasks[0]), ["一、支持工业互联网平台建设"]);
    assert_eq!(path(&p.tasks[2]), ["二、支持工业互联网人才培养"]);
    assert_eq!(
        units(&p.tasks[2]),
        [("省人力资源和社会保障厅", Lead), ("各市人民政府", Lead)]
    );
    // The paragraph ends where its bracket closes: the next one is not its text.
    assert!(!p.tasks[0].text.contains("推动企业上云"));
    assert!(!p.tasks.iter().any(|t| t.text.contains("本政策自2021年")));
    assert_eq!(
        path(&p.tasks[3]),
        ["二、行动步骤", "（一）网络体系强基行动"]
    );
    // The paragraphs after "2﹒" are its text and its units.
    let t = &p.tasks[4];
    assert!(t.text.contains("智能化制造") && t.text.contains("数字化管理"));
    assert_eq!(units(t), [("省经济和信息化厅", Lead)]);
    assert!(
        p.document
            .goals
            .iter()
            .any(|g| g.value == "3" && g.year == Some(2023))
    );
}

/// The six published plans, read from ../shared/plans-elsewhere when it is there.
fn elsewhere(name: &str) -> Option<ParsedDoc> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/plans-elsewhere");
    let file = dir.join(name);
    match std::fs::read_to_string(&file) {
        Ok(text) => Some(parse_text(name.trim_end_matches(".txt"), text)),
        Err(e) => {
            eprintln!("skipped: {} not readable ({e})", file.display());
            None
        }
    }
}

fn find<'a>(p: &'a ParsedDoc, section: &str, number: &str) -> &'a Task {
    p.tasks
        .iter()
        .find(|t| t.number == number && t.path.iter().any(|s| s.contains(section)))
        .unwrap_or_else(|| panic!("task {section} {number} not found"))
}

#[test]
fn plans_elsewhere_task_counts() {
    // anhui: 16 policy paragraphs + 1﹒–24﹒ + （一）–（五） of 三、 + （一）–（四） of 四、;
    // guangdong: 1.–18.; hangzhou: 1.–16.; national: the 三、 paragraph + （一）… of
    // 四、–八、 (4 + 2 + 3 + 5 + 2) + the two 保障措施 items, which name units;
    // nongji: （三）–（二十）; zhengzhou: 1．–16．.
    for (name, n) in [
        ("anhui_industrial_internet_2021.txt", 49),
        ("guangdong_ai_opc_2026.txt", 18),
        ("hangzhou_ai_opc_2026_draft.txt", 16),
        ("national_bigdata_center_2020.txt", 19),
        ("nongji_mechanization_2018.txt", 18),
        ("zhengzhou_ai_opc_community_2026.txt", 16),
    ] {
        let Some(p) = elsewhere(name) else {
            return;
        };
        assert_eq!(p.tasks.len(), n, "{name}: {:?}", numbers(&p));
    }
}

#[test]
fn anhui_policies_and_action_plan() {
    let Some(p) = elsewhere("anhui_industrial_internet_2021.txt") else {
        return;
    };
    let policies: Vec<String> = (1..=16).map(|n| n.to_string()).collect();
    assert_eq!(numbers(&p)[..16], policies);
    let t = &p.tasks[0];
    assert_eq!(t.title, "培育各类工业互联网平台");
    assert_eq!(path(t), ["一、支持工业互联网平台建设"]);
    assert_eq!(units(t), [("省经济和信息化厅", Lead), ("省财政厅", Lead)]);
    let t = &p.tasks[15];
    assert_eq!(t.title, "鼓励有实力的工业互联网企业上市");
    assert_eq!(path(t), ["八、支持工业互联网利用资本市场加快发展"]);
    assert!(!t.text.contains("实施细则"));
    // The second plan: its paths start afresh.
    let t = &p.tasks[16];
    assert_eq!(
        (t.number.as_str(), t.title.as_str()),
        ("1", "推进工业互联网外网建设")
    );
    assert_eq!(path(t), ["二、行动步骤", "（一）网络体系强基行动"]);
    let t = find(&p, "融合应用创新行动", "13");
    assert_eq!(t.title, "开展工业互联网新模式推广");
    assert!(t.text.contains("智能化制造") && t.text.contains("数字化管理"));
    assert_eq!(units(t), [("省经济和信息化厅", Lead)]);
    assert!(!p.tasks.iter().any(|t| t.title.starts_with("智能化制造")));
    let t = find(&p, "发挥市场和企业的主体作用", "五");
    assert_eq!(t.title, "激发商会协会活力");
    let t = find(&p, "建立齐抓共管的工作机制", "四");
    assert_eq!(t.title, "营造良好社会氛围");
    assert_eq!(p.columns.len(), 12);
    assert!(
        p.tasks
            .iter()
            .all(|t| !t.path.iter().any(|s| s.contains("总体要求")))
    );
}

#[test]
fn national_bigdata_paragraph_and_items() {
    let Some(p) = elsewhere("national_bigdata_center_2020.txt") else {
        return;
    };
    let t = &p.tasks[0];
    assert_eq!(path(t), ["三、创新大数据中心体系构建"]);
    assert_eq!(t.number, "1");
    assert!(units(t).contains(&("发展改革委", Lead)));
    let t = find(&p, "优化数据中心布局", "一");
    assert_eq!(t.title, "优化数据中心供给结构");
    let t = find(&p, "强化大数据安全防护", "二");
    assert_eq!(t.title, "强化大数据安全保障");
    let t = find(&p, "保障措施", "二");
    assert_eq!(t.title, "抓好任务落实");
    assert!(!p.tasks.iter().any(|t| t.title.contains("指导思想")));
}

#[test]
fn nongji_second_level_items() {
    let Some(p) = elsewhere("nongji_mechanization_2018.txt") else {
        return;
    };
    let t = &p.tasks[0];
    assert_eq!(
        (t.number.as_str(), t.title.as_str()),
        ("三", "完善农机装备创新体系")
    );
    assert_eq!(path(t), ["二、加快推动农机装备产业高质量发展"]);
    assert_eq!(t.units[0].name, "工业和信息化部");
    let last = &p.tasks[17];
    assert_eq!(
        (last.number.as_str(), last.title.as_str()),
        ("二十", "促进政府与市场良性互动")
    );
    assert_eq!(path(last), ["八、强化组织领导"]);
}

#[test]
fn guangdong_hangzhou_zhengzhou_numbered_items() {
    if let Some(p) = elsewhere("guangdong_ai_opc_2026.txt") {
        let t = &p.tasks[0];
        assert_eq!(t.title, "强化智能算力供给");
        assert_eq!(path(t), ["二、重点任务", "（一）加强基础能力保障"]);
        assert_eq!(units(t)[0], ("省发展改革委", Lead));
        assert_eq!(p.tasks[17].title, "打造公共服务平台");
        assert_eq!(
            path(&p.tasks[17]),
            ["二、重点任务", "（六）健全服务保障体系"]
        );
    }
    if let Some(p) = elsewhere("hangzhou_ai_opc_2026_draft.txt") {
        let t = &p.tasks[0];
        assert_eq!(t.title, "加快区域空间布局");
        assert_eq!(path(t), ["二、重点举措", "（一）实施社区引领工程"]);
        assert_eq!(p.tasks[15].number, "16");
        assert_eq!(
            path(&p.tasks[15]),
            ["二、重点举措", "（五）实施服务助跑工程"]
        );
    }
    if let Some(p) = elsewhere("zhengzhou_ai_opc_community_2026.txt") {
        let t = &p.tasks[0];
        assert_eq!(t.title, "打造环高校OPC创业带");
        assert_eq!(
            path(t),
            [
                "二、推广举措",
                "（一）优化空间布局，构建全域联动创业载体体系"
            ]
        );
        // The 责任单位 line after the item is its text.
        assert!(units(t).contains(&("市科技局", Lead)));
        assert!(!p.tasks.iter().any(|t| t.title.starts_with("坚持因地制宜")));
    }
}
