//! Named projects inside an engineering column: the lists that columns print as
//! "加快A、B、C等项目建设" or "推进A工程、B工程", split into names.

/// Verbs that open a list of projects, longest first.
const OPENERS: [&str; 24] = [
    "重点支持",
    "全力推进",
    "加快推进",
    "积极推广",
    "加快建设",
    "加快打造",
    "积极推动",
    "重点推进",
    "积极构建",
    "推动建设",
    "支持建设",
    "加快实施",
    "依托",
    "支持",
    "推进",
    "推动",
    "加快",
    "建设",
    "实施",
    "打造",
    "推广",
    "建成",
    "开展",
    "培育",
];

/// What a project name ends with when the list has no closing 等…项目.
const PROJECT_ENDINGS: [&str; 18] = [
    "工程",
    "项目",
    "平台",
    "中心",
    "基地",
    "园区",
    "产业园",
    "系统",
    "示范区",
    "节点",
    "码头",
    "试验场",
    "测试场",
    "实验室",
    "集群",
    "专网",
    "工厂",
    "枢纽",
];

fn clean(s: &str) -> String {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let mut s = s
        .trim_matches(|c: char| matches!(c, ',' | '，' | '。' | '.' | ':' | '：' | ';' | '；'))
        .to_string();
    for suffix in ["建设", "落地山东", "落地"] {
        if let Some(r) = s.strip_suffix(suffix)
            && r.chars().count() >= 4
        {
            s = r.to_string();
        }
    }
    s
}

/// Projects named in a column's items, in order, each once.
pub fn extract(items: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        // "." used as the full stop (not a decimal point) ends a sentence too.
        let chars: Vec<char> = item.chars().collect();
        let item: String = chars
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                let after_text = i > 0 && !chars[i - 1].is_ascii();
                if c == '.' && after_text { '。' } else { c }
            })
            .collect();
        for sentence in item.split(['。', ';', '；']) {
            for clause in sentence.split([',', '，']) {
                for name in from_clause(clause) {
                    if !out.contains(&name) {
                        out.push(name);
                    }
                }
            }
        }
    }
    out
}

/// The openers as one pattern: the leftmost opener wins, and at one position the first
/// listed (leftmost-first), as a scan for each opener in turn would give.
static OPENER_RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    let alternatives: Vec<String> = OPENERS.iter().map(|o| regex::escape(o)).collect();
    regex::Regex::new(&alternatives.join("|")).expect("literal regex")
});

fn from_clause(clause: &str) -> Vec<String> {
    // "…A、B等项目建设": the list ends at 等 followed by a project word.
    let list_end = clause.match_indices('等').map(|(i, _)| i).rfind(|&i| {
        let rest = &clause[i + '等'.len_utf8()..];
        rest.chars().take(14).collect::<String>().contains("项目")
            || rest.starts_with("重点项目")
            || rest.starts_with("工程")
            || rest.starts_with("省内节点")
    });
    let (body, closed) = match list_end {
        Some(i) => (&clause[..i], true),
        None => (clause, false),
    };
    let start = OPENER_RE.find(body).map_or(0, |m| m.end());
    let list = &body[start..];
    // Split at 、 outside brackets: "中心（枣庄、烟台、德州）" is one name.
    let mut parts: Vec<String> = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in list.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth -= 1,
            _ => {}
        }
        if c == '、' && depth <= 0 {
            parts.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    parts.push(cur);
    let names: Vec<String> = parts
        .iter()
        .map(|p| clean(p))
        .filter(|n| n.chars().count() >= 3)
        .collect();
    if closed {
        return names;
    }
    // Without 等…项目, keep the names that look like projects: an enumeration of
    // them, or a single named 工程/项目 ("推广5G行业专网" names no project).
    let single = names.len() == 1;
    names
        .into_iter()
        .filter(|n| {
            let endings: &[&str] = if single {
                &["工程", "项目"]
            } else {
                &PROJECT_ENDINGS
            };
            endings.iter().any(|e| n.ends_with(e)) && n.chars().count() <= 40
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_closed_by_deng_xiangmu() {
        let got = extract(&["积极推广5G行业专网,加快山东广电5G融媒体应急广播平台、万华化工5G全连接全产业链智慧园区、滨州融媒市域5G虚拟专网等项目建设。".to_string()]);
        assert_eq!(
            got,
            vec![
                "山东广电5G融媒体应急广播平台",
                "万华化工5G全连接全产业链智慧园区",
                "滨州融媒市域5G虚拟专网"
            ]
        );
    }

    #[test]
    fn lists_of_named_works() {
        let got =
            extract(&["通信基础设施.推进山东OTN一体化工程、核心网北部大区扩容工程.".to_string()]);
        assert_eq!(got, vec!["山东OTN一体化工程", "核心网北部大区扩容工程"]);
    }
}
