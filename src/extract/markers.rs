//! Recognises the numbering that starts a heading or an item in these plans:
//! 第一章 / 第一条 / 一、 / （一）(一) / 1. 1、 １ 1﹒ … 150. / (1) ① / 专栏N 工程专栏N, the
//! document footer (抄送 / 印发), and the title line of a plan. Works on width-folded
//! line text, so （一） and (一) and １ and 1 look the same here.

/// What kind of numbering a line starts with. Levels nest in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Chapter,
    /// 第一条: an article of a 办法 or 若干措施, an item in itself (the numbering inside
    /// it belongs to its text).
    Article,
    L1,
    L2,
    L3,
    L4,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Heading(Level),
    Column,
    Footer,
}

/// A marker found at the start of a folded line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub kind: Kind,
    /// The number in half-width digits or Chinese numerals as printed (`3`, `一`).
    pub number: String,
    /// Chars taken by the marker (body starts after them, whitespace skipped).
    pub len: usize,
    /// For arabic items: the number was glued to the text with no separator
    /// ("１建设…"), so it must be checked against the running sequence.
    pub glued: bool,
}

const CN_DIGITS: &str = "零一二三四五六七八九十百";

fn is_cn_numeral(c: char) -> bool {
    CN_DIGITS.contains(c)
}

/// 一 → 1, 十二 → 12, 二十三 → 23, 一百零五 → 105, 一百二十 → 120.
pub fn cn_to_int(s: &str) -> Option<u32> {
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    };
    let chars: Vec<char> = s.chars().collect();
    // Hundreds first ("一百…", "百…"), then the tens and units after an optional 零.
    let (hundreds, rest) = match chars.iter().position(|&c| c == '百') {
        Some(0) => (100, &chars[1..]),
        Some(1) => (digit(chars[0])? * 100, &chars[2..]),
        Some(_) => return None,
        None => (0, &chars[..]),
    };
    let rest = match rest {
        ['零', more @ ..] if hundreds > 0 && !more.is_empty() => more,
        _ => rest,
    };
    let below = match rest {
        [] if hundreds > 0 => 0,
        [] => return None,
        ['十'] => 10,
        ['十', d] => 10 + digit(*d)?,
        [t, '十'] => digit(*t)? * 10,
        [t, '十', d] => digit(*t)? * 10 + digit(*d)?,
        [d] => digit(*d)?,
        _ => return None,
    };
    Some(hundreds + below)
}

/// Words a plan's name ends with (规划, 行动方案, 若干政策 …).
pub const PLAN_GENRES: [&str; 12] = [
    "规划", "方案", "意见", "措施", "计划", "办法", "纲要", "通知", "要点", "政策", "细则", "规定",
];

/// Does a folded line read as the name of a plan: a genre word at its end, maybe followed
/// by its period in brackets ("安徽省工业互联网创新发展行动计划(2021-2023年)")?
pub fn names_a_plan(folded: &str) -> bool {
    let mut name = folded.trim();
    if name.ends_with(')')
        && let Some(open) = name.rfind('(')
    {
        name = &name[..open];
    }
    name.chars().count() >= 4 && PLAN_GENRES.iter().any(|g| name.ends_with(g))
}

/// Characters that, right after a glued number, show the number is a quantity or a
/// name ("10个", "7市", "2020年", "5G"), not an item number.
fn quantity_follower(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || "个万亿千百%‰年月日号家项名处座条所台倍市县区省级类批套种次人户米元吨期层星".contains(c)
        || matches!(
            c,
            '.' | '-' | '~' | '+' | '/' | ',' | '、' | '。' | ':' | ')' | '”'
        )
}

/// Finds the marker at the start of `line` (folded, whitespace-trimmed).
pub fn detect(line: &str) -> Option<Marker> {
    let chars: Vec<char> = line.chars().collect();
    let n = chars.len();
    if n == 0 {
        return None;
    }
    // Footer of an official document.
    for f in ["抄送:", "抄送：", "印发:", "主送:"] {
        if line.starts_with(f) {
            return Some(Marker {
                kind: Kind::Footer,
                number: String::new(),
                len: 0,
                glued: false,
            });
        }
    }
    // 专栏N / 工程专栏N
    let col_prefix = if line.starts_with("工程专栏") {
        Some(4)
    } else if line.starts_with("专栏") {
        Some(2)
    } else {
        None
    };
    if let Some(p) = col_prefix {
        let mut i = p;
        while i < n && chars[i] == ' ' {
            i += 1;
        }
        let s = i;
        while i < n && (chars[i].is_ascii_digit() || is_cn_numeral(chars[i])) {
            i += 1;
        }
        let number: String = chars[s..i].iter().collect();
        while i < n && matches!(chars[i], ' ' | ':' | '、' | '.' | '：') {
            i += 1;
        }
        // "专栏" inside a sentence ("专栏作家") is not a column: need a number or a
        // short title line.
        if !number.is_empty() || n <= 30 {
            return Some(Marker {
                kind: Kind::Column,
                number,
                len: i,
                glued: false,
            });
        }
    }
    // 第一章 / 第一部分 / 第一条 (第1条)
    if chars[0] == '第' {
        let mut i = 1;
        while i < n && is_cn_numeral(chars[i]) {
            i += 1;
        }
        if i > 1 && i < n && matches!(chars[i], '章' | '篇') {
            return Some(heading(Level::Chapter, &chars[1..i], i + 1));
        }
        if i > 1 && line[line.char_indices().nth(i)?.0..].starts_with("部分") {
            return Some(heading(Level::Chapter, &chars[1..i], i + 2));
        }
        if i == 1 {
            while i < n && i <= 4 && chars[i].is_ascii_digit() {
                i += 1;
            }
        }
        if i > 1 && i < n && chars[i] == '条' {
            // The caller checks that an article continues the running sequence.
            return Some(heading(Level::Article, &chars[1..i], i + 1));
        }
    }
    // 一、
    let mut i = 0;
    while i < n && is_cn_numeral(chars[i]) {
        i += 1;
    }
    if i > 0 && i <= 3 && i < n && chars[i] == '、' && cn_to_int(&line_prefix(&chars, i)).is_some()
    {
        return Some(heading(Level::L1, &chars[..i], i + 1));
    }
    // (一) and (1)
    if chars[0] == '(' {
        let mut j = 1;
        while j < n && is_cn_numeral(chars[j]) {
            j += 1;
        }
        if j > 1 && j <= 4 && j < n && chars[j] == ')' {
            return Some(heading(Level::L2, &chars[1..j], j + 1));
        }
        let mut j = 1;
        while j < n && chars[j].is_ascii_digit() {
            j += 1;
        }
        if j > 1 && j <= 4 && j < n && chars[j] == ')' {
            return Some(heading(Level::L4, &chars[1..j], j + 1));
        }
    }
    // ① … ⑳
    if let Some(v) = circled(chars[0]) {
        return Some(Marker {
            kind: Kind::Heading(Level::L4),
            number: v.to_string(),
            len: 1,
            glued: false,
        });
    }
    // 1. / 1、 / 1 / １, up to 999 (a 分工方案 numbers 150 tasks straight through; a year
    // such as 2025 is never an item number).
    let mut j = 0;
    while j < n && chars[j].is_ascii_digit() {
        j += 1;
    }
    if j == 0 || j > 3 || j >= n {
        return None;
    }
    let number: String = chars[..j].iter().collect();
    let next = chars[j];
    let after = chars.get(j + 1).copied();
    if next == ')' {
        // "1）" items sit one level below "1." items.
        return Some(Marker {
            kind: Kind::Heading(Level::L4),
            number,
            len: j + 1,
            glued: false,
        });
    }
    let explicit = match next {
        '、' => true,
        '.' | '。' => after.is_some_and(|a| !a.is_ascii_digit()),
        _ => false,
    };
    if explicit {
        return Some(Marker {
            kind: Kind::Heading(Level::L3),
            number,
            len: j + 1,
            glued: false,
        });
    }
    // Glued or space-separated: "１建设…", "5 年内…" (the caller checks the sequence).
    let mut k = j;
    while k < n && chars[k] == ' ' {
        k += 1;
    }
    let first = chars.get(k).copied()?;
    if quantity_follower(first) {
        return None;
    }
    Some(Marker {
        kind: Kind::Heading(Level::L3),
        number,
        len: k,
        glued: true,
    })
}

fn line_prefix(chars: &[char], i: usize) -> String {
    chars[..i].iter().collect()
}

fn heading(level: Level, num: &[char], len: usize) -> Marker {
    Marker {
        kind: Kind::Heading(level),
        number: num.iter().collect(),
        len,
        glued: false,
    }
}

fn circled(c: char) -> Option<u32> {
    let v = c as u32;
    (0x2460..=0x2473).contains(&v).then(|| v - 0x2460 + 1)
}

/// The canonical printed form of a marker for section paths: 一、 （一） 1.
pub fn canonical(level: Level, number: &str) -> String {
    match level {
        Level::Chapter => format!("第{number}章 "),
        Level::Article => format!("第{number}条 "),
        Level::L1 => format!("{number}、"),
        Level::L2 => format!("（{number}）"),
        Level::L3 => format!("{number}."),
        Level::L4 => format!("({number})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(s: &str) -> Option<(Kind, String, bool)> {
        detect(s).map(|m| (m.kind, m.number, m.glued))
    }

    #[test]
    fn recognises_the_numbering_of_these_plans() {
        use Level::*;
        assert_eq!(kind("二、前瞻布局").unwrap().0, Kind::Heading(L1));
        assert_eq!(kind("(一)建设").unwrap().1, "一");
        assert_eq!(kind("(十二)建设").unwrap().1, "十二");
        assert_eq!(
            kind("1.加快").unwrap(),
            (Kind::Heading(L3), "1".into(), false)
        );
        assert_eq!(kind("19.加快").unwrap().1, "19");
        assert!(!kind("3、推进").unwrap().2);
        assert_eq!(
            kind("1建设泛在").unwrap(),
            (Kind::Heading(L3), "1".into(), true)
        );
        assert_eq!(kind("工程专栏 1 高速泛在").unwrap().0, Kind::Column);
        assert_eq!(kind("专栏1 数字基础设施提升工程").unwrap().1, "1");
        assert_eq!(kind("抄送:省委各部门").unwrap().0, Kind::Footer);
        assert_eq!(kind("(2)推进").unwrap().0, Kind::Heading(L4));
        assert_eq!(kind("2)推进").unwrap().0, Kind::Heading(L4));
    }

    #[test]
    fn quantities_and_names_are_not_items() {
        for s in [
            "2.5万亿元",
            "7市建设",
            "20”版",
            "10个以上",
            "5G网络",
            "2020年",
            "5000名",
            "1-2个",
            "(2024-2025年)",
        ] {
            assert_eq!(detect(s), None, "{s}");
        }
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(cn_to_int("一"), Some(1));
        assert_eq!(cn_to_int("十"), Some(10));
        assert_eq!(cn_to_int("十五"), Some(15));
        assert_eq!(cn_to_int("二十三"), Some(23));
        assert_eq!(cn_to_int("一百"), Some(100));
        assert_eq!(cn_to_int("一百零五"), Some(105));
        assert_eq!(cn_to_int("一百二十"), Some(120));
        assert_eq!(cn_to_int("二百三十四"), Some(234));
        assert_eq!(cn_to_int("十百"), None);
        assert_eq!(cn_to_int(""), None);
    }

    #[test]
    fn three_digit_items_but_no_years() {
        assert_eq!(
            kind("150.建成示范项目").unwrap(),
            (Kind::Heading(Level::L3), "150".into(), false)
        );
        assert_eq!(kind("100、推进").unwrap().1, "100");
        assert_eq!(kind("(12)推进").unwrap().1, "12");
        for s in [
            "100个示范项目",
            "2025年,建成",
            "120万户",
            "100.5亿元",
            "2025.推进",
        ] {
            assert_eq!(detect(s), None, "{s}");
        }
    }

    #[test]
    fn articles() {
        let m = detect("第一条 为加快发展,制定本措施。").unwrap();
        assert_eq!(
            (m.kind, m.number.as_str()),
            (Kind::Heading(Level::Article), "一")
        );
        assert_eq!(detect("第十二条支持").unwrap().number, "十二");
        assert_eq!(detect("第一百零一条 附则").unwrap().number, "一百零一");
        assert_eq!(detect("第3条 支持").unwrap().number, "3");
        // Chapters stay chapters; the sequence check is the caller's.
        assert_eq!(
            detect("第二章 支持措施").unwrap().kind,
            Kind::Heading(Level::Chapter)
        );
        assert_eq!(canonical(Level::Article, "三"), "第三条 ");
        assert_eq!(detect("第一批试点"), None);
    }

    #[test]
    fn plan_names() {
        assert!(names_a_plan("支持工业互联网发展若干政策"));
        assert!(names_a_plan(
            "安徽省工业互联网创新发展行动计划(2021-2023年)"
        ));
        assert!(names_a_plan("江北省数字经济重点任务分工方案"));
        assert!(!names_a_plan("支持平台建设"));
        assert!(!names_a_plan("方案"));
    }
}
