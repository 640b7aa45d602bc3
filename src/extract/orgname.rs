//! What a unit name looks like: the name of an organisation, or of a group of them,
//! ends the way such names end (厅, 局, 委, 办, 部, 政府, 公司, 中心, 集团, 银行, 各地区,
//! 各有关单位 …) and carries no words of the clause around it (负责, 下同, 按职能, a
//! deadline). Names are cleaned of spaces, stray punctuation and a trailing 等, and
//! otherwise kept as printed, parentheses included (各区县（市）政府).

use super::text::fold_char;

/// Endings of names of organisations and groups of them.
const ENDINGS: [&str; 75] = [
    "厅",
    "局",
    "委",
    "办",
    "院",
    "部",
    "会",
    "政府",
    "中心",
    "公司",
    "分行",
    "支行",
    "集团",
    "银行",
    "部门",
    "单位",
    "署",
    "室",
    "所",
    "社",
    "团",
    "馆",
    "站",
    "队",
    "处",
    "行",
    "司",
    "台",
    "机构",
    "地区",
    "各地",
    "企业",
    "高校",
    "学校",
    "大学",
    "学院",
    "党校",
    "县级市",
    "区",
    "县",
    "市",
    "省",
    "联",
    "基地",
    "园区",
    "小组",
    "组",
    "科协",
    "妇联",
    "团委",
    "工会",
    "残联",
    "侨联",
    "文联",
    "供销社",
    "电台",
    "报社",
    "研究院",
    "实验室",
    "专班",
    "资本",
    "海关",
    "运营商",
    "媒体",
    "平台公司",
    "协会",
    "联盟",
    "乡镇",
    "街道",
    "管委会",
    "指挥部",
    "法院",
    "检察院",
    "监狱",
    "总队",
];

/// Words of a clause that never stand in a unit's name.
const CLAUSE_WORDS: [&str; 18] = [
    "下同",
    "不再列出",
    "列第一位",
    "牵头",
    "负责",
    "配合",
    "按职能",
    "按职责",
    "以下",
    "落实",
    "参与",
    "协助",
    "分工",
    "为准",
    "注:",
    "注：",
    "完成",
    "月底",
];

/// Cleans a printed name: no whitespace, no stray punctuation or quotes at its ends, no
/// trailing 等 / 等单位 / 等部门; width folded except the brackets, which stay as printed.
pub fn clean(raw: &str) -> String {
    let mut s: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' | '）' => c,
            c => fold_char(c),
        })
        .collect();
    loop {
        let before = s.len();
        s = s
            .trim_matches(|c: char| {
                matches!(
                    c,
                    '。' | '.' | ':' | '：' | '、' | ',' | ';' | '"' | '“' | '”' | '‘' | '’'
                )
            })
            .to_string();
        for suffix in ["等单位", "等部门", "等"] {
            if let Some(rest) = s.strip_suffix(suffix)
                && !rest.is_empty()
            {
                s = rest.to_string();
            }
        }
        // An unbalanced bracket left at either end by the clause around the name.
        if s.ends_with(['(', '（']) || s.starts_with([')', '）']) {
            s = s
                .trim_end_matches(['(', '（'])
                .trim_start_matches([')', '）'])
                .to_string();
        }
        if s.len() == before {
            break;
        }
    }
    s
}

/// The name without a bracketed part at its end (市住保房管局（市住房保障局）).
fn stem(name: &str) -> &str {
    if let Some(body) = name.strip_suffix(['）', ')'])
        && let Some(p) = body.rfind(['（', '('])
        && p > 0
    {
        return &name[..p];
    }
    name
}

/// Does the name read as an organisation or a group of them?
pub fn is_org(name: &str) -> bool {
    let n = name.chars().count();
    if !(2..=30).contains(&n) || CLAUSE_WORDS.iter().any(|w| name.contains(w)) {
        return false;
    }
    if name.chars().any(|c| c.is_ascii_digit()) && !name.chars().any(|c| c >= '\u{4e00}') {
        return false;
    }
    let s = stem(name);
    ENDINGS.iter().any(|e| s.ends_with(e)) || s.ends_with("政府")
}

/// A place standing for its government in a list: 广州 in 广州、深圳市政府.
pub fn is_place(name: &str) -> bool {
    let n = name.chars().count();
    (2..=3).contains(&n) && name.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// A government (…市政府, …人民政府, …区政府).
pub fn is_government(name: &str) -> bool {
    stem(name).ends_with("政府")
}

/// A level of government standing bare after a 各 group: 县级市, 县（市）政府, 乡镇.
pub fn is_bare_level(name: &str) -> bool {
    let s = name
        .strip_suffix("人民政府")
        .or_else(|| name.strip_suffix("政府"))
        .or_else(|| name.strip_suffix("党委"))
        .unwrap_or(name);
    let s = stem(s);
    matches!(
        s,
        "县级市" | "县" | "区" | "市" | "乡镇" | "乡" | "镇" | "街道" | "县市" | "县区"
    )
}

/// A 各 group of one level: 各区, 各市, 各县, 各地, 各区县.
pub fn is_each_level(name: &str) -> bool {
    let Some(rest) = name.strip_prefix('各') else {
        return false;
    };
    let rest = stem(rest);
    rest.chars().count() <= 3
        && rest.chars().all(|c| {
            matches!(
                c,
                '区' | '县' | '市' | '地' | '乡' | '镇' | '州' | '盟' | '旗'
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisations_and_groups() {
        for n in [
            "省工业和信息化厅",
            "各地级以上市人民政府",
            "各区县（市）政府",
            "各区、县（市）政府",
            "杭州资本",
            "团市委",
            "人行合肥中心支行",
            "各基础电信企业",
            "各地区",
            "有关市政府",
            "省推进工业互联网创新发展专项工作组成员单位",
            "横琴粤澳深度合作区执委会",
            "国际发展合作署",
        ] {
            assert!(is_org(n), "{n}");
        }
        for n in [
            "下同",
            "不再列出",
            "农业农村部等负责。列第一位者为牵头单位",
            "县(市)政府。以下均需各区",
            "各部门按职能",
            "6月底完成",
            "有关专家",
            "数字化管理",
        ] {
            assert!(!is_org(n), "{n}");
        }
    }

    #[test]
    fn cleaning_keeps_the_printed_brackets() {
        assert_eq!(clean(" 各区县（市）政府 "), "各区县（市）政府");
        assert_eq!(clean("省通信管理局等"), "省通信管理局");
        assert_eq!(clean("“省大数据局”。"), "省大数据局");
        assert_eq!(clean("省工信厅（"), "省工信厅");
    }

    #[test]
    fn level_groups() {
        assert!(is_bare_level("县级市"));
        assert!(is_bare_level("县（市）政府"));
        assert!(is_bare_level("县(市)人民政府"));
        assert!(!is_bare_level("市发展改革委"));
        assert!(is_each_level("各区"));
        assert!(!is_each_level("各部门"));
    }
}
