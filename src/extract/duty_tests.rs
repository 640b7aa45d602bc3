//! Who does what, checked on real plans of other provinces and of the State Council
//! (`../shared/plans-elsewhere/`), each written its own way. The expected units and
//! roles were read from the plans by hand, as the spec's "Roles" reads them. The tests
//! skip when the folder is not beside the project.

use super::*;
use crate::corpus::DocMeta;
use crate::model::Role::{self, Cooperate, Lead};

fn parse(file: &str) -> Option<ParsedDoc> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/plans-elsewhere")
        .join(file);
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} is not here", path.display());
        return None;
    };
    Some(parse_source(SourceDoc {
        id: file.trim_end_matches(".txt").to_string(),
        source: file.to_string(),
        meta: DocMeta::default(),
        text,
        hash: String::new(),
        file: None,
    }))
}

/// The task whose title starts with `title`.
fn task<'a>(p: &'a ParsedDoc, title: &str) -> &'a Task {
    p.tasks
        .iter()
        .find(|t| t.title.starts_with(title))
        .unwrap_or_else(|| panic!("no task titled {title}"))
}

fn units(t: &Task) -> Vec<(&str, Role)> {
    t.units.iter().map(|u| (u.name.as_str(), u.role)).collect()
}

const PLANS: [&str; 6] = [
    "anhui_industrial_internet_2021.txt",
    "guangdong_ai_opc_2026.txt",
    "hangzhou_ai_opc_2026_draft.txt",
    "national_bigdata_center_2020.txt",
    "nongji_mechanization_2018.txt",
    "zhengzhou_ai_opc_community_2026.txt",
];

#[test]
fn every_unit_is_an_organisation_and_every_clause_is_understood() {
    for file in PLANS {
        let Some(p) = parse(file) else { return };
        for t in &p.tasks {
            for u in &t.units {
                assert!(
                    orgname::is_org(&u.name) || orgname::is_place(&u.name),
                    "{file} {}: {:?} is not an organisation",
                    t.number,
                    u.name
                );
            }
        }
        assert!(
            p.document.not_understood.is_empty(),
            "{file}: {:?}",
            p.document.not_understood
        );
    }
}

#[test]
fn guangdong_a_role_word_governs_the_names_before_it() {
    let Some(p) = parse("guangdong_ai_opc_2026.txt") else {
        return;
    };
    // （省发展改革委牵头负责，省工业和信息化厅、财政厅、政务和数据局，各地级以上市人民政府配合）
    assert_eq!(
        units(task(&p, "强化智能算力供给")),
        vec![
            ("省发展改革委", Lead),
            ("省工业和信息化厅", Cooperate),
            ("财政厅", Cooperate),
            ("政务和数据局", Cooperate),
            ("各地级以上市人民政府", Cooperate),
        ]
    );
    // （省发展改革委，各地级以上市人民政府按职责分工负责）: no 牵头, all lead.
    assert_eq!(
        units(task(&p, "打造人工智能OPC生态社区")),
        vec![("省发展改革委", Lead), ("各地级以上市人民政府", Lead)]
    );
    // A shared suffix stays as printed.
    assert_eq!(
        units(task(&p, "拓展跨境特色应用场景布局")),
        vec![
            ("广州", Lead),
            ("深圳市政府", Lead),
            ("横琴粤澳深度合作区执委会", Lead),
        ]
    );
    assert_eq!(
        units(task(&p, "优化全周期信贷服务")),
        vec![
            ("广东金融监管局", Lead),
            ("深圳金融监管局", Lead),
            ("省委金融办", Cooperate),
            ("省科技厅", Cooperate),
            ("人力资源社会保障厅", Cooperate),
            ("中国人民银行广东省分行", Cooperate),
        ]
    );
    let t18 = task(&p, "打造公共服务平台");
    assert_eq!(
        units(t18)[3..].to_vec(),
        vec![
            ("广州", Cooperate),
            ("深圳", Cooperate),
            ("东莞市政府", Cooperate)
        ]
    );
}

#[test]
fn national_responsible_units_cooperate_beside_a_named_lead() {
    let Some(p) = parse("national_bigdata_center_2020.txt") else {
        return;
    };
    assert_eq!(
        units(task(&p, "优化数据中心供给结构")),
        vec![
            ("工业和信息化部", Lead),
            ("发展改革委", Lead),
            ("各地区", Cooperate)
        ]
    );
    assert_eq!(
        units(task(&p, "健全数据流通体制机制")),
        vec![
            ("发展改革委", Lead),
            ("中央网信办", Lead),
            ("工业和信息化部", Lead),
            ("各有关部门", Cooperate),
        ]
    );
    // （各地区、各部门按职责分别负责）: two groups, both lead.
    assert_eq!(
        units(task(&p, "优化算力资源需求结构")),
        vec![("各地区", Lead), ("各部门", Lead)]
    );
}

#[test]
fn nongji_first_listed_leads_from_the_note_on() {
    let Some(p) = parse("nongji_mechanization_2018.txt") else {
        return;
    };
    // （工业和信息化部、发展改革委、科技部、农业农村部等负责。列第一位者为牵头单位，下同）
    assert_eq!(
        units(task(&p, "完善农机装备创新体系")),
        vec![
            ("工业和信息化部", Lead),
            ("发展改革委", Cooperate),
            ("科技部", Cooperate),
            ("农业农村部", Cooperate),
        ]
    );
    // 下同: the later tasks follow the same rule.
    assert_eq!(
        units(task(&p, "加快补齐全程机械化生产短板")),
        vec![
            ("农业农村部", Lead),
            ("发展改革委", Cooperate),
            ("财政部", Cooperate)
        ]
    );
    // An explicit 牵头 still says who leads.
    assert_eq!(
        units(task(&p, "健全组织实施机制")),
        vec![("农业农村部", Lead), ("工业和信息化部", Lead)]
    );
    assert_eq!(
        units(task(&p, "强化地方政府责任")),
        vec![("各省级人民政府", Lead)]
    );
    assert!(p.tasks.iter().all(|t| t.units.iter().all(|u| !u.implied)));
}

#[test]
fn hangzhou_a_stated_convention_implies_a_unit_for_later_tasks() {
    let Some(p) = parse("hangzhou_ai_opc_2026_draft.txt") else {
        return;
    };
    let group = "各区、县（市）政府";
    let t1 = task(&p, "加快区域空间布局");
    assert_eq!(
        units(t1),
        vec![
            ("市科技局", Lead),
            ("市发展改革委", Lead),
            ("市经信局", Lead),
            (group, Lead)
        ]
    );
    assert!(t1.units.iter().all(|u| !u.implied));
    let t2 = task(&p, "建设高品质OPC社区");
    assert_eq!(
        units(t2),
        vec![("市科技局", Lead), ("市经信局", Lead), (group, Lead)]
    );
    assert!(t2.units[2].implied && !t2.units[0].implied);
    let later: Vec<&Task> = p
        .tasks
        .iter()
        .skip_while(|t| t.id != t1.id)
        .skip(1)
        .collect();
    assert_eq!(later.len(), 15);
    for t in later {
        let g = t.units.iter().find(|u| u.name == group);
        assert!(g.is_some_and(|u| u.implied), "{}", t.number);
    }
    assert_eq!(
        units(task(&p, "构建创业投资支持体系")),
        vec![
            ("市国资委", Lead),
            ("市财政局", Lead),
            ("杭州资本", Lead),
            ("市金融投资集团", Lead),
            (group, Lead),
        ]
    );
}

#[test]
fn zhengzhou_a_responsibility_line_after_the_task() {
    let Some(p) = parse("zhengzhou_ai_opc_community_2026.txt") else {
        return;
    };
    assert_eq!(
        units(task(&p, "打造环高校OPC创业带")),
        vec![
            ("市科技局", Lead),
            ("市工信局", Lead),
            ("各开发区管委会", Lead),
            ("各区县（市）政府", Lead),
        ]
    );
    assert_eq!(
        units(task(&p, "完善人才保障体系")),
        vec![
            ("市委人才办", Lead),
            ("团市委", Lead),
            ("市人社局", Lead),
            ("市市场监管局", Lead),
            ("各开发区管委会", Lead),
            ("各区县（市）政府", Lead),
        ]
    );
}

#[test]
fn anhui_responsibility_brackets() {
    let Some(p) = parse("anhui_industrial_internet_2021.txt") else {
        return;
    };
    assert_eq!(
        units(task(&p, "推进工业互联网外网建设")),
        vec![
            ("省通信管理局", Lead),
            ("省铁塔公司", Lead),
            ("各基础电信企业", Lead),
            ("各市人民政府", Lead),
        ]
    );
    assert_eq!(
        units(task(&p, "打造区域型平台")),
        vec![("各市人民政府", Lead), ("省经济和信息化厅", Lead)]
    );
}

#[test]
fn a_deadline_before_the_label_in_a_bracket() {
    let text = "某市行动方案\n一、重点任务\n1.建设数据平台。完成平台上线（6月底完成，牵头考核单位：市数据局）。\n2.推进项目。开工10个（牵头考核单位：市发展改革委；配合单位：市财政局）。\n";
    let p = parse_source(SourceDoc {
        id: "x".into(),
        source: "x.txt".into(),
        meta: DocMeta::default(),
        text: text.into(),
        hash: String::new(),
        file: None,
    });
    assert_eq!(p.tasks.len(), 2);
    assert_eq!(units(&p.tasks[0]), vec![("市数据局", Lead)]);
    assert_eq!(p.tasks[0].deadline.as_deref(), Some("6月底完成"));
    assert_eq!(
        units(&p.tasks[1]),
        vec![("市发展改革委", Lead), ("市财政局", Cooperate)]
    );
    assert_eq!(p.tasks[1].deadline, None);
}
