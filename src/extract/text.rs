//! Dirty plan text → clean paragraphs. Plans arrive with lines broken in the middle
//! of words (PDF text), page-number debris, markdown decorations, full-width digits
//! and "." used as the full stop. This module joins lines back into paragraphs and
//! gives each paragraph three aligned views of the same characters:
//! `disp` (the original characters, whitespace cleaned — what users see),
//! `norm` (width-folded with NFKC, "." as sentence end turned into 。 — what the
//! parser reads) and `orig` (each character's index in the original text, so the
//! reader can highlight a task in the original). The three have the same length,
//! so an index found in `norm` is valid in `disp` and `orig`.

use unicode_normalization::UnicodeNormalization;

/// A paragraph with aligned display, normalised and original-offset views.
#[derive(Debug, Clone, Default)]
pub struct Para {
    pub disp: Vec<char>,
    pub norm: Vec<char>,
    pub orig: Vec<usize>,
    /// Char index in the original text where the paragraph's first line starts and
    /// where its last line ends.
    pub start: usize,
    pub end: usize,
    /// Indices into `norm` where an original line began (used to split column items).
    pub line_starts: Vec<usize>,
}

/// The characters as a string allocated at its exact size: a library keeps many of these
/// for its whole life, and a string grown by doubling wastes a third of its bytes on average.
pub fn string_of(chars: &[char]) -> String {
    let mut s = String::with_capacity(chars.iter().map(|c| c.len_utf8()).sum());
    s.extend(chars);
    s
}

impl Para {
    pub fn norm_str(&self) -> String {
        string_of(&self.norm)
    }

    pub fn disp_range(&self, from: usize, to: usize) -> String {
        string_of(&self.disp[from.min(self.disp.len())..to.min(self.disp.len())])
    }

    pub fn disp_str(&self) -> String {
        string_of(&self.disp)
    }

    /// Original char range of `[from, to)` in normalised indices.
    pub fn orig_span(&self, from: usize, to: usize) -> [usize; 2] {
        if self.orig.is_empty() {
            return [self.start, self.end];
        }
        let a = self.orig[from.min(self.orig.len() - 1)];
        let b = self.orig[to.saturating_sub(1).min(self.orig.len() - 1)] + 1;
        [a, b.max(a)]
    }
}

/// Folds one character for parsing: NFKC when it maps to a single character
/// (５→5, Ｇ→G, （→(, ，→,), the character itself otherwise, so lengths stay aligned.
pub fn fold_char(c: char) -> char {
    // ASCII, the unified ideographs and Chinese punctuation, almost all of a plan, fold
    // to themselves.
    if c.is_ascii()
        || ('\u{4e00}'..='\u{9fff}').contains(&c)
        || crate::index::is_plain_punctuation(c)
    {
        return c;
    }
    match c {
        '«' | '‹' => return '《',
        '»' | '›' => return '》',
        '—' | '–' | '―' | '－' | '﹣' => return '-',
        _ => {}
    }
    let mut it = c.nfkc();
    match (it.next(), it.next()) {
        (Some(f), None) => f,
        _ => c,
    }
}

/// Folds a whole string the same way (for comparing names and queries).
pub fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(fold_char)
        .collect()
}

fn is_ws(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}' || c == '\u{00a0}'
}

/// One physical line of the original, trimmed, with its original char offset.
#[derive(Debug, Clone)]
pub struct Line {
    /// Characters of the line with markdown decoration and outer whitespace removed.
    pub chars: Vec<char>,
    /// Original char index of each char in `chars`.
    pub orig: Vec<usize>,
    /// The line began with an ideographic-space indent (a paragraph start in many plans).
    pub indented: bool,
    /// A blank line preceded this one.
    pub after_blank: bool,
    /// The whitespace the line began with, as in the original (tabs and spaces): where
    /// a row of a text table starts under its header, or how many empty cells lead it.
    pub lead: Vec<char>,
}

impl Line {
    pub fn folded(&self) -> String {
        self.chars.iter().map(|&c| fold_char(c)).collect()
    }
}

/// Splits the original text into cleaned lines, dropping blank lines (remembered in
/// `after_blank`) and page debris (page numbers such as "—４３—" or "- 12 -").
pub fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut idx = 0usize;
    let mut blank = false;
    for raw in text.split('\n') {
        let chars: Vec<char> = raw.chars().collect();
        let base = idx;
        idx += chars.len() + 1;
        let mut s = 0;
        let mut indented = false;
        while s < chars.len() && is_ws(chars[s]) {
            if chars[s] == '\u{3000}' {
                indented = true;
            }
            s += 1;
        }
        let lead_end = s;
        let mut e = chars.len();
        while e > s && is_ws(chars[e - 1]) {
            e -= 1;
        }
        // Markdown decoration: heading hashes and list bullets.
        let mut k = s;
        while k < e && chars[k] == '#' {
            k += 1;
        }
        if k > s && k < e && is_ws(chars[k]) {
            s = k;
        }
        if s + 1 < e && matches!(chars[s], '-' | '*' | '•' | '·') && is_ws(chars[s + 1]) {
            s += 1;
        }
        while s < e && is_ws(chars[s]) {
            s += 1;
        }
        if s >= e {
            blank = true;
            continue;
        }
        if is_page_debris(&chars[s..e]) {
            continue;
        }
        let lead = chars[..lead_end].to_vec();
        // The line's own characters, reusing the buffer read from the source.
        let mut body = chars;
        body.truncate(e);
        body.drain(..s);
        out.push(Line {
            orig: (base + s..base + e).collect(),
            chars: body,
            indented,
            after_blank: blank,
            lead,
        });
        blank = false;
    }
    out
}

/// Page numbers and separators left by PDF conversion: "—４３—", "- 12 -", "第3页",
/// "3/40", a lone form feed.
fn is_page_debris(line: &[char]) -> bool {
    // Debris holds digits, dashes, "/", 第 and 页 only: any other letter or ideograph
    // settles it at once, without building the folded line (almost every line).
    if line.iter().any(|&c| {
        let f = fold_char(c);
        f.is_alphabetic() && f != '第' && f != '页'
    }) {
        return false;
    }
    let f: String = line
        .iter()
        .map(|&c| fold_char(c))
        .filter(|c| !c.is_whitespace())
        .collect();
    if f.is_empty() {
        return true;
    }
    let inner = f.trim_matches(|c: char| matches!(c, '-' | '—' | '─' | '_' | '\u{c}'));
    if inner.is_empty() {
        return f.chars().count() >= 1 && !f.chars().any(|c| c.is_alphanumeric());
    }
    if inner.len() <= 4 && inner.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    if let Some(rest) = inner.strip_prefix('第')
        && let Some(num) = rest.strip_suffix('页')
    {
        return num.chars().all(|c| c.is_ascii_digit());
    }
    if let Some((a, b)) = inner.split_once('/') {
        return !a.is_empty()
            && !b.is_empty()
            && a.chars().all(|c| c.is_ascii_digit())
            && b.chars().all(|c| c.is_ascii_digit());
    }
    false
}

/// Does the folded text end a sentence (so a following line may start a paragraph)?
pub fn ends_sentence(folded_line: &str) -> bool {
    matches!(
        folded_line.chars().last(),
        Some('。' | '.' | '!' | '?' | ';' | ':' | '”' | '」' | ')' | '）')
    )
}

/// Builds a paragraph from a run of lines: joins them (a space only between two
/// ASCII alphanumerics), removes whitespace next to non-ASCII characters, folds
/// characters, and turns a "." that ends a sentence into 。.
pub fn join(lines: &[&Line]) -> Para {
    // Sized up front: paragraphs are built for every block of every plan.
    let total: usize = lines.iter().map(|l| l.chars.len() + 1).sum();
    let mut raw: Vec<(char, usize)> = Vec::with_capacity(total);
    let mut line_starts_raw = Vec::with_capacity(lines.len());
    for line in lines {
        if let (Some(&(prev, _)), Some(&next)) = (raw.last(), line.chars.first())
            && fold_char(prev).is_ascii_alphanumeric()
            && fold_char(next).is_ascii_alphanumeric()
        {
            raw.push((' ', line.orig[0]));
        }
        line_starts_raw.push(raw.len());
        raw.extend(line.chars.iter().copied().zip(line.orig.iter().copied()));
    }
    let mut para = Para {
        start: lines
            .first()
            .and_then(|l| l.orig.first().copied())
            .unwrap_or(0),
        end: lines
            .last()
            .and_then(|l| l.orig.last().copied())
            .map(|e| e + 1)
            .unwrap_or(0),
        disp: Vec::with_capacity(raw.len()),
        norm: Vec::with_capacity(raw.len()),
        orig: Vec::with_capacity(raw.len()),
        line_starts: Vec::with_capacity(lines.len()),
    };
    let mut ls = line_starts_raw.iter().peekable();
    for i in 0..raw.len() {
        while ls.peek().is_some_and(|&&s| s <= i) {
            ls.next();
            para.line_starts.push(para.norm.len());
        }
        let (c, o) = raw[i];
        if is_ws(c) {
            let prev = para.norm.last().copied();
            let next = raw[i + 1..]
                .iter()
                .map(|&(c, _)| c)
                .find(|&c| !is_ws(c))
                .map(fold_char);
            let keep = matches!((prev, next), (Some(p), Some(n)) if p.is_ascii_alphanumeric() && n.is_ascii_alphanumeric());
            if keep {
                para.disp.push(' ');
                para.norm.push(' ');
                para.orig.push(o);
            }
            continue;
        }
        para.disp.push(c);
        para.norm.push(fold_char(c));
        para.orig.push(o);
    }
    // "." as the full stop: after anything but a letter or digit (a CJK character, a
    // closing bracket, ％), and not before a digit (12.5 keeps its decimal point).
    for i in 0..para.norm.len() {
        if para.norm[i] == '.' {
            let prev = if i > 0 { Some(para.norm[i - 1]) } else { None };
            let next = para.norm.get(i + 1).copied();
            let after_text = prev.is_some_and(|p| !p.is_ascii_alphanumeric() && p != '.');
            let before_digit = next.is_some_and(|n| n.is_ascii_digit());
            if after_text && !before_digit {
                para.norm[i] = '。';
            }
        }
    }
    para
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_and_keeps_alignment() {
        let text = "１建设泛在连接的通信基础设施.实施 “双千兆”网络系\n 统工程.全面提速５G网络布局";
        let ls = lines(text);
        let refs: Vec<&Line> = ls.iter().collect();
        let p = join(&refs);
        assert_eq!(p.norm.len(), p.disp.len());
        assert_eq!(p.norm.len(), p.orig.len());
        let n = p.norm_str();
        assert!(n.starts_with("1建设泛在连接的通信基础设施。实施“双千兆”网络系统工程。"));
        assert!(n.contains("5G网络"));
        assert!(p.disp_str().contains("５G网络"));
        let orig: Vec<char> = text.chars().collect();
        for (i, &o) in p.orig.iter().enumerate() {
            assert_eq!(orig[o], p.disp[i]);
        }
    }

    #[test]
    fn drops_page_debris_and_markdown() {
        let ls = lines("#### 工程专栏 1 高速\n\n—４３—\n- 1.积极推广\n- 12 -\n第3页\n");
        let got: Vec<String> = ls.iter().map(|l| l.chars.iter().collect()).collect();
        assert_eq!(got, vec!["工程专栏 1 高速", "1.积极推广"]);
    }

    #[test]
    fn keeps_space_between_ascii_words_and_decimals() {
        let ls = lines("总算力达到 12.5EFLOPS, NB IoT 网络");
        let refs: Vec<&Line> = ls.iter().collect();
        let p = join(&refs);
        assert_eq!(p.norm_str(), "总算力达到12.5EFLOPS,NB IoT网络");
    }
}
