//! Text analysis shared by the index and the queries: width and case folding (NFKC +
//! lowercase) with a map back to the original characters, the one jieba dictionary of the
//! process (default dictionary + the plans' own terms from `assets/dict.txt`), and the two
//! tantivy tokenizers built on them — a jieba word tokenizer in search mode (each word and
//! the dictionary words inside it) and a character n-gram tokenizer (pairs, plus a marker
//! that makes every single character findable). Index and query go through the same
//! functions, so `５Ｇ` and `5G`, `ＩＰｖ６` and `ipv6` meet on the same terms.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::OnceLock;

use jieba_rs::Jieba;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_normalization::UnicodeNormalization;

/// Name under which the word tokenizer is registered with tantivy.
pub const WORDS: &str = "ps_words";
/// Name under which the character-pair tokenizer is registered with tantivy.
pub const NGRAMS: &str = "ps_ngrams";

/// Second character of the term that stands for a word character with no searchable
/// character after it (`港` at the end of `…青岛港，`): with it, every occurrence of a
/// character starts some term of the n-gram field, so a one-character query is a prefix
/// query there.
pub const RUN_END: char = '\u{1}';

/// The plans' own terms, in jieba's dictionary format (`word [freq] [tag]`, `#` comments).
pub const USER_DICT: &str = include_str!("../../assets/dict.txt");

/// jieba's hidden-Markov guessing of unknown words is off on both sides: it makes cuts
/// depend on context (the same word cut two ways in two sentences) and costs a third of the
/// segmentation speed, while the n-gram field already finds what the dictionary lacks.
const HMM: bool = false;

/// Frequency given to a user-dictionary word that states none: high enough that the word
/// wins over the default dictionary's cuts around it (`等物联网` → `等 物联网`).
const USER_WORD_FREQ: usize = 50_000;

static JIEBA: OnceLock<Jieba> = OnceLock::new();

/// The process-wide jieba instance, loaded on first use (≈ 0.1 s, ≈ 30 MB). Every tokenizer
/// borrows it, so tantivy's tokenizer clones never copy the dictionary. Call early on a
/// worker thread to keep the load off the UI thread.
pub fn jieba() -> &'static Jieba {
    JIEBA.get_or_init(|| {
        let mut jieba = Jieba::new();
        for (word, freq, tag) in user_words(USER_DICT) {
            jieba.add_word(&fold(word), Some(freq.unwrap_or(USER_WORD_FREQ)), tag);
        }
        jieba
    })
}

/// The entries of a dictionary text: blank lines and `#` comments skipped.
pub fn user_words(dict: &str) -> impl Iterator<Item = (&str, Option<usize>, Option<&str>)> {
    dict.lines().filter_map(|line| {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        let mut parts = line.split_whitespace();
        let word = parts.next()?;
        // jieba's format puts the frequency second; a tag may follow a word directly.
        let (freq, tag) = match parts.next() {
            Some(second) => match second.parse() {
                Ok(freq) => (Some(freq), parts.next()),
                Err(_) => (None, Some(second)),
            },
            None => (None, None),
        };
        Some((word, freq, tag))
    })
}

/// Characters that carry meaning for search: letters, digits and CJK ideographs.
#[inline]
pub fn is_word_char(c: char) -> bool {
    // The common cases first — ASCII, the unified ideographs and Chinese punctuation,
    // nearly every character of a plan: the general test is a table lookup that showed
    // up in indexing profiles.
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if ('\u{4e00}'..='\u{9fff}').contains(&c) {
        true
    } else if is_plain_punctuation(c) {
        false
    } else {
        c.is_alphanumeric()
    }
}

/// Chinese punctuation that NFKC and lowercasing leave as it is and that is neither a letter
/// nor a digit (、。《》「」【】〔〕 … and the curly quotes and bullets ‘’“”•): the folding
/// and the word test pass it by without a table lookup.
#[inline]
pub fn is_plain_punctuation(c: char) -> bool {
    matches!(
        c,
        '\u{3001}'..='\u{3004}' | '\u{3008}'..='\u{3020}' | '\u{2018}'..='\u{2023}'
    )
}

/// Characters that may sit inside a searchable run of word characters (`11.2`, `5G+`,
/// `45%`) and so form n-gram pairs, though alone they are not searchable.
fn is_joiner(c: char) -> bool {
    matches!(c, '.' | '%' | '+' | '#' | '‰' | '℃')
}

fn is_run_char(c: char) -> bool {
    is_word_char(c) || is_joiner(c)
}

/// Characters dropped entirely when folding: whitespace and invisible format characters
/// (zero-width space, BOM, soft hyphen) that break words in PDF and web text.
fn is_ignorable(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}'
        )
}

/// Folds one character (NFKC + lowercase) and hands the results to `push`. Plain ASCII,
/// the unified ideographs and Chinese punctuation, almost all of a plan, take the fast
/// path.
#[inline]
fn fold_char(c: char, mut push: impl FnMut(char)) {
    if c.is_ascii() {
        push(c.to_ascii_lowercase());
    } else if ('\u{4e00}'..='\u{9fff}').contains(&c)
        || ('\u{3400}'..='\u{4dbf}').contains(&c)
        || is_plain_punctuation(c)
    {
        push(c);
    } else {
        for d in std::iter::once(c).nfkc() {
            for l in d.to_lowercase() {
                push(l);
            }
        }
    }
}

/// Folds `src` into `out`: NFKC width folding, lowercase, whitespace removed (so text broken
/// across lines or spaced as `5G 基站` reads `5g基站`) except a single space kept between two
/// ASCII letters or digits (`smart city`). When `origin` is given it receives, for each
/// character pushed to `out`, the index of the character of `src` it came from.
pub fn fold_into(src: &str, out: &mut String, mut origin: Option<&mut Vec<u32>>) {
    let mut last: Option<char> = None;
    let mut gap = false;
    for (i, c) in src.chars().enumerate() {
        fold_char(c, |f| {
            if is_ignorable(f) {
                gap = true;
                return;
            }
            if gap && f.is_ascii_alphanumeric() && last.is_some_and(|l| l.is_ascii_alphanumeric()) {
                out.push(' ');
                if let Some(o) = origin.as_deref_mut() {
                    o.push(i as u32);
                }
            }
            gap = false;
            out.push(f);
            last = Some(f);
            if let Some(o) = origin.as_deref_mut() {
                o.push(i as u32);
            }
        });
    }
}

/// The folded form of `src` (see [`fold_into`]).
pub fn fold(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    fold_into(src, &mut out, None);
    out
}

/// Folded text that remembers where each of its characters came from.
#[derive(Debug, Default, Clone)]
pub struct Folded {
    /// The folded text's characters, for character-indexed matching.
    pub chars: Vec<char>,
    /// `origin[i]` is the index, in the original text, of the character that produced
    /// `chars[i]`.
    pub origin: Vec<u32>,
}

impl Folded {
    pub fn new(src: &str) -> Self {
        let mut text = String::with_capacity(src.len());
        let mut origin = Vec::with_capacity(src.len() / 2);
        fold_into(src, &mut text, Some(&mut origin));
        Folded {
            chars: text.chars().collect(),
            origin,
        }
    }
}

/// The words of folded text for the index, as byte ranges with their character position:
/// jieba's cut, and inside each word of three or more characters every shorter dictionary
/// word (`标识解析二级节点` also gives `标识解析`, `二级节点`, `解析` …), so a query for a part
/// of a compound still meets it. jieba's own search mode stops at parts of three characters.
pub fn word_spans(folded: &str) -> Vec<(u32, u32, u32)> {
    let jieba = jieba();
    let mut spans = Vec::with_capacity(folded.len() / 4);
    for t in jieba.cut(folded, HMM) {
        if !t.word.chars().any(is_word_char) {
            continue;
        }
        let n = t.end - t.start;
        if n >= 3 {
            // Byte offset of each character boundary of the word, on the stack for all but
            // the rare very long word.
            let mut stack = [0usize; 32];
            let mut heap = Vec::new();
            let bounds: &[usize] = if n < stack.len() {
                for (slot, (b, _)) in stack.iter_mut().zip(t.word.char_indices()) {
                    *slot = b;
                }
                stack[n] = t.word.len();
                &stack[..=n]
            } else {
                heap.extend(t.word.char_indices().map(|(b, _)| b));
                heap.push(t.word.len());
                &heap
            };
            for len in 2..n {
                for i in 0..=n - len {
                    let sub = &t.word[bounds[i]..bounds[i + len]];
                    if jieba.has_word(sub) {
                        spans.push((
                            (t.byte_start + bounds[i]) as u32,
                            (t.byte_start + bounds[i + len]) as u32,
                            (t.start + i) as u32,
                        ));
                    }
                }
            }
        }
        spans.push((t.byte_start as u32, t.byte_end as u32, t.start as u32));
    }
    spans
}

/// The words jieba finds in already folded text, plain mode (no overlapping sub-words),
/// punctuation-only tokens dropped. Used on the query side: each word must then be found
/// in the document, where search mode indexed the word and its parts.
pub fn query_words(folded: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for token in jieba().cut(folded, HMM) {
        let word = token.word.trim();
        if word.chars().any(is_word_char) && !words.iter().any(|w| w == word) {
            words.push(word.to_string());
        }
    }
    words
}

/// Splits folded text into runs of searchable characters (`5g基站`, `11.2万个`), the units
/// the n-gram field indexes; punctuation and spaces end a run.
pub fn runs(folded: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in folded.chars() {
        if is_run_char(c) {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    // A run made only of joiners (`%`, `.`) has no indexed character of its own.
    out.retain(|r| r.chars().any(is_word_char));
    out
}

/// The pair terms of one run, in order (a one-character run gives just its character:
/// see [`NgramTokenizer`] for how it is looked up).
pub fn run_grams(run: &str) -> Vec<String> {
    let chars: Vec<char> = run.chars().collect();
    if chars.len() == 1 {
        return vec![chars[0].to_string()];
    }
    chars.windows(2).map(|w| w.iter().collect()).collect()
}

/// The word tokenizer: [`word_spans`] of already folded text (see [`fold`]; the index
/// folds each value once before handing it to its three analyzers).
#[derive(Clone, Copy, Default)]
pub struct WordTokenizer;

/// The n-gram tokenizer, on already folded text: every pair of adjacent run characters as
/// a term at the first one's position, so a phrase of pairs finds any substring of two
/// characters or more; and for a word character with no run character after it, the
/// character followed by [`RUN_END`], so every character starts a term and a single
/// character is found by the terms it starts. (A separate field of single characters cost
/// a third of the indexing time for the rare one-character query.)
#[derive(Clone, Copy, Default)]
pub struct NgramTokenizer;

/// Token byte ranges into a folded text, each with its character position.
type Spans = Rc<[(u32, u32, u32)]>;

/// The spans of one text: shared with the per-thread cache, or the text's own.
enum SpanList {
    Shared(Spans),
    Own(Vec<(u32, u32, u32)>),
}

impl SpanList {
    fn get(&self, i: usize) -> Option<&(u32, u32, u32)> {
        match self {
            SpanList::Shared(s) => s.get(i),
            SpanList::Own(v) => v.get(i),
        }
    }
}

/// The words of a folded text, produced lazily into one reused [`Token`].
pub struct WordStream<'a> {
    text: &'a str,
    /// Byte ranges into `text` with their character position.
    spans: SpanList,
    next: usize,
    token: Token,
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(&(from, to, pos)) = self.spans.get(self.next) else {
            return false;
        };
        self.next += 1;
        self.token.text.clear();
        self.token.text.push_str(
            self.text
                .get(from as usize..to as usize)
                .unwrap_or_default(),
        );
        self.token.offset_from = from as usize;
        self.token.offset_to = to as usize;
        self.token.position = pos as usize;
        self.token.position_length = 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Short texts recur constantly (section headings above every task, unit names and their
/// aliases, column titles above every item): their segmentation is kept per indexing
/// thread instead of being recomputed.
const CACHED_TEXT_MAX: usize = 96;
const CACHE_ENTRIES_MAX: usize = 20_000;

thread_local! {
    static WORD_CACHE: RefCell<HashMap<Box<str>, Spans>> =
        RefCell::new(HashMap::new());
}

fn cached_word_spans(text: &str) -> SpanList {
    if text.len() > CACHED_TEXT_MAX {
        return SpanList::Own(word_spans(text));
    }
    SpanList::Shared(WORD_CACHE.with(|cache| {
        if let Some(spans) = cache.borrow().get(text) {
            return Rc::clone(spans);
        }
        let spans: Spans = word_spans(text).into();
        let mut cache = cache.borrow_mut();
        if cache.len() >= CACHE_ENTRIES_MAX {
            cache.clear();
        }
        cache.insert(text.into(), Rc::clone(&spans));
        spans
    }))
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        WordStream {
            text,
            spans: cached_word_spans(text),
            next: 0,
            token: Token::default(),
        }
    }
}

/// The n-gram terms of a folded text (see [`NgramTokenizer`]), produced as the text is
/// walked: no list of spans is built.
pub struct NgramStream<'a> {
    text: &'a str,
    chars: std::str::CharIndices<'a>,
    /// The character under consideration: byte offset, the character, whether it is a run
    /// character, and its position.
    current: Option<(usize, char, bool)>,
    position: usize,
    token: Token,
}

impl TokenStream for NgramStream<'_> {
    fn advance(&mut self) -> bool {
        while let Some((byte, c, run)) = self.current {
            let next = self.chars.next().map(|(b, n)| (b, n, is_run_char(n)));
            self.current = next;
            let position = self.position;
            self.position += 1;
            if !run {
                continue;
            }
            let (to, single) = match next {
                Some((nbyte, n, true)) => (nbyte + n.len_utf8(), false),
                _ if is_word_char(c) => (byte + c.len_utf8(), true),
                _ => continue,
            };
            self.token.text.clear();
            self.token
                .text
                .push_str(self.text.get(byte..to).unwrap_or_default());
            if single {
                self.token.text.push(RUN_END);
            }
            self.token.offset_from = byte;
            self.token.offset_to = to;
            self.token.position = position;
            self.token.position_length = 1;
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

impl Tokenizer for NgramTokenizer {
    type TokenStream<'a> = NgramStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> NgramStream<'a> {
        let mut chars = text.char_indices();
        let current = chars.next().map(|(b, c)| (b, c, is_run_char(c)));
        NgramStream {
            text,
            chars,
            current,
            position: 0,
            token: Token::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens<T: Tokenizer>(mut t: T, text: &str) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        let mut stream = t.token_stream(text);
        while let Some(tok) = stream.next() {
            out.push((tok.text.clone(), tok.position));
        }
        out
    }

    #[test]
    fn fold_width_case_and_space() {
        assert_eq!(fold("５Ｇ 基站"), "5g基站");
        assert_eq!(fold("ＩＰｖ６"), "ipv6");
        assert_eq!(fold("省工业\n\n和信息化厅"), "省工业和信息化厅");
        assert_eq!(fold("smart  city"), "smart city");
        assert_eq!(fold("１００％"), "100%");
    }

    #[test]
    fn plain_punctuation_takes_the_fast_path_only_where_it_is_exact() {
        let mut seen = 0;
        for c in ('\u{2000}'..='\u{206f}').chain('\u{3000}'..='\u{303f}') {
            if !is_plain_punctuation(c) {
                continue;
            }
            seen += 1;
            let nfkc: String = std::iter::once(c).nfkc().collect();
            assert_eq!(nfkc, c.to_string(), "{c:?} changes under NFKC");
            assert!(
                c.to_lowercase().eq(std::iter::once(c)),
                "{c:?} has a lowercase"
            );
            assert!(!c.is_alphanumeric(), "{c:?} is a letter or digit");
        }
        assert!(seen > 30, "{seen}");
        assert_eq!(fold("“５Ｇ”、《規劃》。"), "“5g”、《規劃》。");
        assert!(!is_word_char('。') && !is_word_char('“') && is_word_char('〇'));
    }

    #[test]
    fn folded_origin_points_back() {
        let f = Folded::new("建成 ５Ｇ 基站");
        assert_eq!(f.chars.iter().collect::<String>(), "建成5g基站");
        assert_eq!(f.origin, vec![0, 1, 3, 4, 6, 7]);
    }

    #[test]
    fn ngrams_are_pairs_and_run_ends_with_positions() {
        let t = tokens(NgramTokenizer, &fold("５Ｇ基站，IPv6。港"));
        let texts: Vec<&str> = t.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(
            texts,
            [
                "5g", "g基", "基站", "站\u{1}", "ip", "pv", "v6", "6\u{1}", "港\u{1}"
            ]
        );
        // The pair 基站 starts at the folded position of 基.
        assert!(t.contains(&("基站".to_string(), 2)));
        assert!(t.contains(&("ip".to_string(), 5)));
        // A joiner pairs with its neighbours but does not end a run on its own.
        let t = tokens(NgramTokenizer, "45%，");
        let texts: Vec<&str> = t.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(texts, ["45", "5%"]);
    }

    #[test]
    fn words_use_the_user_dictionary_and_drop_punctuation() {
        let t = tokens(WordTokenizer, &fold("潍坊等物联网，标识解析二级节点。"));
        let texts: Vec<&str> = t.iter().map(|(s, _)| s.as_str()).collect();
        assert!(texts.contains(&"物联网"), "{texts:?}");
        assert!(texts.contains(&"标识解析二级节点"), "{texts:?}");
        assert!(texts.contains(&"标识解析"), "{texts:?}");
        assert!(texts.contains(&"二级节点"), "{texts:?}");
        assert!(
            !texts.contains(&"，") && !texts.contains(&"。"),
            "{texts:?}"
        );
    }

    #[test]
    fn runs_split_on_punctuation() {
        assert_eq!(runs(&fold("5G、千兆光网(PON)")), ["5g", "千兆光网", "pon"]);
        assert_eq!(runs("11.2万个"), ["11.2万个"]);
        assert!(runs("%").is_empty());
        assert_eq!(run_grams("港"), ["港"]);
        assert_eq!(run_grams("5g基站"), ["5g", "g基", "基站"]);
    }

    #[test]
    fn user_dictionary_parses() {
        let words: Vec<_> = user_words("# note\n\n物联网 3000 n\n智算中心\n工信厅 nt\n").collect();
        assert_eq!(
            words,
            [
                ("物联网", Some(3000), Some("n")),
                ("智算中心", None, None),
                ("工信厅", None, Some("nt"))
            ]
        );
        assert!(user_words(USER_DICT).count() > 50);
    }
}
