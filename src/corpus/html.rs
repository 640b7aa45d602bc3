//! Saved web pages → text: .html/.htm (and .xhtml/.shtml) and .mhtml/.mht web archives.
//!
//! The charset comes from the BOM, then a `<meta charset>` / `<meta http-equiv>` in the
//! first bytes, then (in a web archive) the MIME header of the page's part; GB2312 and GBK
//! are read as GB18030, and a page that declares nothing is detected. A declaration the
//! bytes contradict (they do not decode cleanly) gives way to the next one. The page is
//! parsed with html5ever, as a browser would, entities and all.
//!
//! Only the article is kept: the block container with the most running text, links and
//! page furniture counted against it (navigation bars, breadcrumbs, share bars, 相关文件
//! lists, footers with 主办单位 and ICP备, a 索引号/发文机关 metadata table). It is found
//! by structure and text density, never by one site's class names. Inside it every
//! paragraph is kept, short headings included; a block is one line, `<br>` starts a new
//! one, whitespace collapses as in a browser and `<pre>` keeps its lines. A table row of
//! two cells or more is one line with its cells separated by tabs (a cell spanning rows
//! repeated in each), a row of one cell is its lines, as for .docx. The page's title goes
//! first when the article does not start with it.

use std::path::Path;

use encoding_rs::Encoding;
use mail_parser::{MessageParser, MimeHeaders};
use scraper::{Html, Node};

use super::decode;
use crate::{Error, Result};

/// How far into a page a `<meta charset>` is looked for.
const PRESCAN_BYTES: usize = 16 * 1024;

/// An element nested this deep keeps its text but not the structure inside it: the text
/// stays, the work and the recursion stay bounded.
const MAX_DEPTH: usize = 200;

/// The least running text an article has; less means the page is a home or list page.
const MIN_ARTICLE_CHARS: usize = 200;

/// The longest paragraph an article has at least.
const MIN_LONGEST_PARAGRAPH: usize = 30;

/// The most nodes looked at to read the text of one block while judging it (a
/// related-files label, a metadata table), so that judging every block stays linear.
const VISIT_BUDGET: usize = 4096;

/// A paragraph shorter than this (in characters of its own) is a short line.
const SHORT_LINE: usize = 10;

/// Columns a cell may span, rows a cell may span.
const MAX_COLSPAN: usize = 64;
const MAX_ROWSPAN: usize = 10_000;

/// What the first bytes of a file say it is, if a web page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WebPage {
    Html,
    Mhtml,
}

/// Recognises a web page by its first bytes: after a BOM, whitespace, comments and an XML
/// declaration, `<!DOCTYPE html` or `<html`; or a MIME header with `MIME-Version:` and
/// `Content-Type: multipart/related` (a web archive).
pub(crate) fn sniff(bytes: &[u8]) -> Option<WebPage> {
    let head = bytes.get(..bytes.len().min(4096)).unwrap_or(bytes);
    let mut rest = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    loop {
        rest = trim_ascii_start(rest);
        if starts_with_ci(rest, b"<!--") {
            match find(rest, b"-->") {
                Some(end) => rest = rest.get(end + 3..).unwrap_or_default(),
                None => return None,
            }
        } else if starts_with_ci(rest, b"<?xml") {
            match find(rest, b"?>") {
                Some(end) => rest = rest.get(end + 2..).unwrap_or_default(),
                None => return None,
            }
        } else {
            break;
        }
    }
    if starts_with_ci(rest, b"<!doctype html") {
        return Some(WebPage::Html);
    }
    if starts_with_ci(rest, b"<html")
        && rest
            .get(5)
            .is_none_or(|&b| b == b'>' || b.is_ascii_whitespace())
    {
        return Some(WebPage::Html);
    }
    // A MIME header: the lines up to the first blank one.
    let end = find(head, b"\r\n\r\n")
        .or_else(|| find(head, b"\n\n"))
        .unwrap_or(head.len());
    let header = head.get(..end).unwrap_or(head).to_ascii_lowercase();
    let related = find(&header, b"content-type:").is_some_and(|at| {
        let value = header.get(at + 13..).unwrap_or_default();
        trim_ascii_start(value).starts_with(b"multipart/related")
    });
    (related && find(&header, b"mime-version:").is_some()).then_some(WebPage::Mhtml)
}

/// Reads the article of a saved web page (.html, .htm …).
pub(crate) fn html_text(path: &Path, bytes: &[u8]) -> Result<String> {
    let text = decode_page(bytes, None);
    article_text(path, &text)
}

/// Reads the article of a web archive (.mhtml, .mht): the archive's page (the text/html
/// part at the archive's own address, or else the first), its transfer encoding undone and
/// its bytes decoded with the charset the page or its part header declares.
pub(crate) fn mhtml_text(path: &Path, bytes: &[u8]) -> Result<String> {
    let unreadable = |reason: &str| Error::Unreadable {
        path: path.to_path_buf(),
        reason: reason.to_owned(),
    };
    let Some(message) = MessageParser::default().parse(bytes) else {
        if sniff(bytes) == Some(WebPage::Html) {
            return html_text(path, bytes);
        }
        return Err(unreadable(
            "this web archive (.mhtml) is damaged: its MIME headers cannot be read; \
             open the page in the browser again and save it again",
        ));
    };
    let location = message.parts.first().and_then(|root| {
        root.headers
            .iter()
            .find(|h| {
                h.name().eq_ignore_ascii_case("Snapshot-Content-Location")
                    || h.name().eq_ignore_ascii_case("Content-Location")
            })
            .and_then(|h| h.value().as_text())
            .map(str::trim)
    });
    let is_html = |part: &&mail_parser::MessagePart| {
        part.content_type().is_some_and(|ct| {
            ct.ctype().eq_ignore_ascii_case("text")
                && ct.subtype().is_some_and(|s| s.eq_ignore_ascii_case("html"))
        })
    };
    let page = message
        .parts
        .iter()
        .filter(is_html)
        .find(|p| location.is_some() && p.content_location().map(str::trim) == location)
        .or_else(|| message.parts.iter().find(is_html));
    let Some(page) = page else {
        if sniff(bytes) == Some(WebPage::Html) {
            return html_text(path, bytes);
        }
        return Err(Error::Unsupported {
            path: path.to_path_buf(),
            reason: "this web archive holds no web page (it has no text/html part); \
                     open the page in the browser and save it again as a web archive or as HTML"
                .to_owned(),
        });
    };
    let raw = usize::try_from(page.offset_body)
        .ok()
        .zip(usize::try_from(page.offset_end).ok())
        .and_then(|(start, end)| bytes.get(start..end.max(start)))
        .unwrap_or_default();
    let transfer = page
        .content_transfer_encoding()
        .map(|t| t.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let body = match transfer.as_str() {
        "base64" => base64_decode(raw),
        "quoted-printable" => quoted_printable_decode(raw),
        _ => raw.to_vec(),
    };
    let charset = page
        .content_type()
        .and_then(|ct| ct.attribute("charset"))
        .map(str::to_owned);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(unreadable(
            "the web page inside this web archive (.mhtml) is empty or cut off; \
             open the page in the browser again and save it again",
        ));
    }
    let text = decode_page(&body, charset.as_deref());
    article_text(path, &text)
}

/// The article of a decoded page as lines, or why there is none.
fn article_text(path: &Path, text: &str) -> Result<String> {
    // Line ends as \n: web archives are MIME, whose line ends are CRLF.
    let text = &decode::normalise_line_ends(text.to_owned());
    if !decode::looks_like_text(text) {
        return Err(Error::Unreadable {
            path: path.to_path_buf(),
            reason: "this is not a web page (it looks like binary data, or text in an \
                     encoding the page does not declare); open it in a browser and save it again"
                .to_owned(),
        });
    }
    let html = Html::parse_document(text);
    let page = Page::build(&html);
    drop(html);
    page.article().ok_or_else(|| Error::Unsupported {
        path: path.to_path_buf(),
        reason: "this web page has no article text (it looks like a site's home or list \
                 page); save the page of the plan itself, or the plan's attached document"
            .to_owned(),
    })
}

// ---------------------------------------------------------------- charset

/// Decodes the bytes of a page: BOM, then `<meta>` declaration, then the MIME header's
/// charset, then detection. A declaration under which the bytes do not decode cleanly
/// gives way to the next that does; when none does, the first is used all the same.
fn decode_page(bytes: &[u8], header_charset: Option<&str>) -> String {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        return encoding.decode_without_bom_handling(rest).0.into_owned();
    }
    let declared: Vec<&'static Encoding> = [meta_charset(bytes), header_charset.map(str::as_bytes)]
        .into_iter()
        .flatten()
        .filter_map(page_encoding)
        .collect();
    for &encoding in &declared {
        if let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes) {
            return text.into_owned();
        }
    }
    let detected = if std::str::from_utf8(bytes).is_ok() {
        encoding_rs::UTF_8
    } else {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        let sample = bytes.get(..bytes.len().min(1024 * 1024)).unwrap_or(bytes);
        detector.feed(sample, sample.len() == bytes.len());
        detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow)
    };
    let encoding = declared.first().copied().unwrap_or(detected);
    if encoding != detected
        && let Some(text) = detected.decode_without_bom_handling_and_without_replacement(bytes)
    {
        return text.into_owned();
    }
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// The encoding a charset label stands for in a web page: UTF-16 without a BOM is read as
/// UTF-8 (as browsers do) and GB2312/GBK as GBK, whose decoder reads all of GB18030.
fn page_encoding(label: &[u8]) -> Option<&'static Encoding> {
    let encoding = Encoding::for_label(label.trim_ascii())?;
    Some(
        if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else if encoding == encoding_rs::X_USER_DEFINED {
            encoding_rs::WINDOWS_1252
        } else {
            encoding
        },
    )
}

/// The charset a `<meta charset=…>` or `<meta http-equiv="Content-Type" content="…;
/// charset=…">` in the first bytes of a page declares.
fn meta_charset(bytes: &[u8]) -> Option<&[u8]> {
    let head = bytes.get(..bytes.len().min(PRESCAN_BYTES)).unwrap_or(bytes);
    let mut at = 0;
    while let Some(found) = find_ci(head.get(at..)?, b"<meta") {
        let start = at + found + 5;
        let tag_end = head
            .get(start..)
            .and_then(|rest| rest.iter().position(|&b| b == b'>'))
            .map_or(head.len(), |end| start + end);
        let tag = head.get(start..tag_end)?;
        if let Some(value) = charset_in(tag) {
            return Some(value);
        }
        at = tag_end;
    }
    None
}

/// The value after `charset=` in a tag's attributes, unquoted.
fn charset_in(tag: &[u8]) -> Option<&[u8]> {
    let at = find_ci(tag, b"charset")?;
    let rest = trim_ascii_start(tag.get(at + 7..)?);
    let rest = trim_ascii_start(rest.strip_prefix(b"=")?);
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b"-_.:".contains(&b)))
        .unwrap_or(rest.len());
    let value = rest.get(..end)?;
    (!value.is_empty()).then_some(value)
}

fn trim_ascii_start(b: &[u8]) -> &[u8] {
    b.trim_ascii_start()
}

fn starts_with_ci(hay: &[u8], prefix: &[u8]) -> bool {
    hay.get(..prefix.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(prefix))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

// ---------------------------------------------------------------- transfer encodings

/// Base64 as mail clients read it: characters outside the alphabet (line breaks, a cut-off
/// tail) are passed over.
fn base64_decode(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 4 * 3);
    let mut acc = 0u32;
    let mut bits = 0u32;
    for &b in data {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// Quoted-printable as mail clients read it: `=XX` is a byte, `=` at a line end joins the
/// lines, any other `=` is kept as it is.
fn quoted_printable_decode(data: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while let Some(&b) = data.get(i) {
        if b != b'=' {
            out.push(b);
            i += 1;
            continue;
        }
        let next = data.get(i + 1).copied();
        let after = data.get(i + 2).copied();
        if let (Some(h), Some(l)) = (next.and_then(hex), after.and_then(hex)) {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else if next == Some(b'\n') {
            i += 2;
        } else if next == Some(b'\r') {
            i += if after == Some(b'\n') { 3 } else { 2 };
        } else if next.is_none() {
            i += 1;
        } else {
            // A soft break with trailing spaces, or a stray '='.
            let mut j = i + 1;
            while data.get(j).is_some_and(|&c| c == b' ' || c == b'\t') {
                j += 1;
            }
            match data.get(j) {
                Some(b'\n') => i = j + 1,
                Some(b'\r') => {
                    i = if data.get(j + 1) == Some(&b'\n') {
                        j + 2
                    } else {
                        j + 1
                    }
                }
                _ => {
                    out.push(b'=');
                    i += 1;
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------- the page tree

const NONE: usize = usize::MAX;

/// One node of the page, as read from the parsed document: what matters for finding and
/// writing out the article.
struct PageNode {
    parent: usize,
    children: Vec<usize>,
    kind: Kind,
}

enum Kind {
    Root,
    Text(String),
    Element(Element),
}

struct Element {
    /// The lower-case tag name.
    name: String,
    rowspan: usize,
    colspan: usize,
    /// The class and id say navigation, footer, share bar … (and not content).
    furniture_hint: bool,
    /// An ARIA role of page furniture (navigation, banner, contentinfo …).
    furniture_role: bool,
    /// The class or id says title (`title`, `article-title`, `biaoti`).
    title_hint: bool,
}

/// Per node, summed over its subtree.
#[derive(Default, Clone, Copy)]
struct Stats {
    /// Visible characters (whitespace not counted).
    chars: usize,
    /// Of these, characters inside links.
    link_chars: usize,
    /// Links.
    links: usize,
    /// Characters of text not inside a nested block (for a block: its own paragraph).
    inline_chars: usize,
    inline_link_chars: usize,
    /// Holds a table.
    has_table: bool,
    /// Running text (good) and furniture (bad) characters, by paragraph.
    good: usize,
    bad: usize,
    /// The longest paragraph of running text.
    longest: usize,
}

struct Page {
    nodes: Vec<PageNode>,
    stats: Vec<Stats>,
    /// Inside page furniture (a nav/footer/aside/header element, a furniture role, a
    /// metadata table, a related-files block, a furniture-named block of links).
    furniture: Vec<bool>,
    /// The `<title>` of the page.
    title: Option<String>,
}

/// Elements whose content is never text of the page.
fn is_hidden_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "frame"
            | "frameset"
            | "object"
            | "embed"
            | "svg"
            | "math"
            | "canvas"
            | "select"
            | "option"
            | "button"
            | "input"
            | "textarea"
            | "map"
            | "audio"
            | "video"
            | "head"
            | "meta"
            | "link"
            | "title"
    )
}

/// Page furniture by element.
fn is_furniture_tag(name: &str) -> bool {
    matches!(
        name,
        "nav" | "header" | "footer" | "aside" | "menu" | "dialog"
    )
}

/// Elements that begin and end a line.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "listing"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "plaintext"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "caption"
            | "ul"
            | "xmp"
    )
}

/// Elements that may hold an article.
fn is_container(name: &str) -> bool {
    matches!(
        name,
        "body"
            | "div"
            | "article"
            | "section"
            | "main"
            | "td"
            | "th"
            | "table"
            | "tbody"
            | "tr"
            | "center"
            | "form"
            | "font"
            | "blockquote"
            | "span"
    )
}

/// Does a class or id name page furniture? Whole words of it (split at `-`, `_`, spaces,
/// case changes kept) are compared, so `content-footer` is furniture and `footnote` is not.
fn furniture_hint(class_and_id: &str) -> bool {
    const FURNITURE: [&str; 21] = [
        "nav",
        "menu",
        "footer",
        "foot",
        "breadcrumb",
        "crumb",
        "crumbs",
        "share",
        "sidebar",
        "side",
        "related",
        "relate",
        "comment",
        "copyright",
        "banner",
        "toolbar",
        "sitemap",
        "position",
        "location",
        "header",
        "qrcode",
    ];
    const CONTENT: [&str; 8] = [
        "article", "content", "main", "body", "text", "detail", "zhengwen", "zw",
    ];
    let lower = class_and_id.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let furniture = words.iter().any(|w| {
        FURNITURE.contains(w)
            || [
                "nav",
                "menu",
                "footer",
                "breadcrumb",
                "crumb",
                "share",
                "copyright",
            ]
            .iter()
            .any(|p| w.starts_with(p))
    });
    furniture && !words.iter().any(|w| CONTENT.contains(w))
}

/// ARIA roles of page furniture.
fn furniture_role(role: &str) -> bool {
    role.split_ascii_whitespace().any(|r| {
        matches!(
            r.to_ascii_lowercase().as_str(),
            "navigation"
                | "banner"
                | "contentinfo"
                | "complementary"
                | "search"
                | "menu"
                | "menubar"
        )
    })
}

/// Hidden by its own style or attribute.
fn is_hidden(e: &scraper::node::Element) -> bool {
    if e.attr("hidden").is_some() || e.attr("aria-hidden") == Some("true") {
        return true;
    }
    e.attr("style").is_some_and(|style| {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

fn span_attr(e: &scraper::node::Element, name: &str, max: usize) -> usize {
    match e.attr(name).map(|v| v.trim().parse::<usize>()) {
        // rowspan="0" spans the rest of the table.
        Some(Ok(0)) if name == "rowspan" => max,
        Some(Ok(n)) => n.clamp(1, max),
        _ => 1,
    }
}

/// Counts visible characters.
fn visible_chars(s: &str) -> usize {
    s.chars().filter(|c| !is_space(*c)).count()
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}')
}

impl Page {
    /// Copies the parsed document into a flat tree in document order (a parent before its
    /// children), leaving out scripts, styles, forms' controls and hidden elements and
    /// flattening anything nested deeper than [`MAX_DEPTH`].
    fn build(html: &Html) -> Page {
        let mut nodes = vec![PageNode {
            parent: NONE,
            children: Vec::new(),
            kind: Kind::Root,
        }];
        let mut title: Option<String> = None;
        // (node, arena parent, depth), next on top.
        let mut stack = Vec::new();
        let root = html.tree.root();
        let mut child = root.last_child();
        while let Some(c) = child {
            stack.push((c, 0usize, 1usize));
            child = c.prev_sibling();
        }
        while let Some((node, parent, depth)) = stack.pop() {
            let here = match node.value() {
                Node::Text(t) => {
                    let index = nodes.len();
                    nodes.push(PageNode {
                        parent,
                        children: Vec::new(),
                        kind: Kind::Text(t.text.to_string()),
                    });
                    if let Some(p) = nodes.get_mut(parent) {
                        p.children.push(index);
                    }
                    continue;
                }
                Node::Element(e) => {
                    let name = e.name().to_ascii_lowercase();
                    if name == "title" && title.is_none() {
                        let mut text = String::new();
                        for d in node.descendants() {
                            if let Node::Text(t) = d.value() {
                                text.push_str(&t.text);
                            }
                        }
                        title = Some(text.split_whitespace().collect::<Vec<_>>().join(" "));
                    }
                    // The head holds the title and nothing else of the page; its other
                    // elements are skipped one by one, since html5ever may put stray body
                    // content there when a page is malformed.
                    if (is_hidden_tag(&name) && name != "head") || is_hidden(e) {
                        continue;
                    }
                    if name == "head" {
                        parent
                    } else {
                        let class_and_id = format!(
                            "{} {}",
                            e.attr("class").unwrap_or_default(),
                            e.attr("id").unwrap_or_default()
                        );
                        let index = nodes.len();
                        nodes.push(PageNode {
                            parent,
                            children: Vec::new(),
                            kind: Kind::Element(Element {
                                rowspan: span_attr(e, "rowspan", MAX_ROWSPAN),
                                colspan: span_attr(e, "colspan", MAX_COLSPAN),
                                furniture_hint: furniture_hint(&class_and_id),
                                furniture_role: e.attr("role").is_some_and(furniture_role),
                                title_hint: {
                                    let lower = class_and_id.to_ascii_lowercase();
                                    lower.contains("title") || lower.contains("biaoti")
                                },
                                name,
                            }),
                        });
                        if let Some(p) = nodes.get_mut(parent) {
                            p.children.push(index);
                        }
                        if depth >= MAX_DEPTH {
                            // Nested too deep: the element keeps its text, one line per
                            // block or break, but none of its structure.
                            let mut text = String::new();
                            let mut inner = Vec::new();
                            let mut c = node.last_child();
                            while let Some(k) = c {
                                inner.push(k);
                                c = k.prev_sibling();
                            }
                            while let Some(k) = inner.pop() {
                                match k.value() {
                                    Node::Text(t) => text.push_str(&t.text),
                                    Node::Element(e) => {
                                        let name = e.name();
                                        if is_hidden_tag(name) || is_hidden(e) {
                                            continue;
                                        }
                                        if is_block(name) || name == "br" {
                                            text.push('\n');
                                        }
                                        let mut c = k.last_child();
                                        while let Some(k) = c {
                                            inner.push(k);
                                            c = k.prev_sibling();
                                        }
                                    }
                                    _ => {}
                                }
                            }
                            for (k, piece) in text.split('\n').enumerate() {
                                let kind = if k > 0 {
                                    Kind::Element(Element {
                                        name: "br".to_owned(),
                                        rowspan: 1,
                                        colspan: 1,
                                        furniture_hint: false,
                                        furniture_role: false,
                                        title_hint: false,
                                    })
                                } else {
                                    Kind::Text(String::new())
                                };
                                for kind in [kind, Kind::Text(piece.to_owned())] {
                                    let leaf = nodes.len();
                                    nodes.push(PageNode {
                                        parent: index,
                                        children: Vec::new(),
                                        kind,
                                    });
                                    if let Some(p) = nodes.get_mut(index) {
                                        p.children.push(leaf);
                                    }
                                }
                            }
                            continue;
                        }
                        index
                    }
                }
                Node::Document | Node::Fragment => parent,
                _ => continue,
            };
            let mut child = node.last_child();
            while let Some(c) = child {
                stack.push((c, here, depth + 1));
                child = c.prev_sibling();
            }
        }
        let mut page = Page {
            stats: vec![Stats::default(); nodes.len()],
            furniture: vec![false; nodes.len()],
            nodes,
            title,
        };
        page.measure();
        page
    }

    fn name(&self, i: usize) -> &str {
        match self.nodes.get(i).map(|n| &n.kind) {
            Some(Kind::Element(e)) => &e.name,
            _ => "",
        }
    }

    fn element(&self, i: usize) -> Option<&Element> {
        match self.nodes.get(i).map(|n| &n.kind) {
            Some(Kind::Element(e)) => Some(e),
            _ => None,
        }
    }

    fn children(&self, i: usize) -> &[usize] {
        self.nodes.get(i).map_or(&[], |n| &n.children)
    }

    fn stat(&self, i: usize) -> Stats {
        self.stats.get(i).copied().unwrap_or_default()
    }

    fn is_block_node(&self, i: usize) -> bool {
        matches!(self.nodes.get(i).map(|n| &n.kind), Some(Kind::Root)) || is_block(self.name(i))
    }

    /// The text of a subtree as it reads, up to about `limit` characters.
    fn text_of(&self, i: usize, limit: usize) -> String {
        self.gather_text(vec![i], limit, true)
    }

    /// The text of a block's own paragraph (not of blocks inside it), up to `limit`.
    fn own_text(&self, i: usize, limit: usize) -> String {
        self.gather_text(
            self.children(i).iter().rev().copied().collect(),
            limit,
            false,
        )
    }

    /// The text under the nodes on `stack` (the last first), whitespace collapsed, up to
    /// about `limit` characters: into blocks too, apart by a space (`into_blocks`), or
    /// stopping at them.
    fn gather_text(&self, mut stack: Vec<usize>, limit: usize, into_blocks: bool) -> String {
        let mut out = String::new();
        let mut budget = VISIT_BUDGET;
        while let Some(n) = stack.pop() {
            budget = budget.saturating_sub(1 + self.children(n).len());
            if out.len() > limit * 4 || budget == 0 {
                break;
            }
            match self.nodes.get(n).map(|n| &n.kind) {
                Some(Kind::Text(t)) => out.push_str(t),
                Some(_) if into_blocks || !self.is_block_node(n) => {
                    if into_blocks && (self.is_block_node(n) || self.name(n) == "br") {
                        out.push(' ');
                    }
                    stack.extend(self.children(n).iter().rev());
                }
                _ => {}
            }
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Counts text and links bottom-up, marks page furniture top-down, then scores each
    /// paragraph as running text or furniture and sums the scores bottom-up.
    fn measure(&mut self) {
        let n = self.nodes.len();
        for i in (0..n).rev() {
            let mut s = self.stat(i);
            match self.nodes.get(i).map(|n| &n.kind) {
                Some(Kind::Text(t)) => {
                    s.chars = visible_chars(t);
                    s.inline_chars = s.chars;
                }
                Some(Kind::Element(e)) => {
                    if e.name == "a" {
                        s.link_chars = s.chars;
                        s.inline_link_chars = s.inline_chars;
                        s.links += 1;
                    }
                    if e.name == "table" {
                        s.has_table = true;
                    }
                }
                _ => {}
            }
            if let Some(slot) = self.stats.get_mut(i) {
                *slot = s;
            }
            let Some(parent) = self.nodes.get(i).map(|n| n.parent) else {
                continue;
            };
            let child_is_block = self.is_block_node(i);
            if let Some(p) = self.stats.get_mut(parent) {
                p.chars += s.chars;
                p.link_chars += s.link_chars;
                p.links += s.links;
                p.has_table |= s.has_table;
                if !child_is_block {
                    p.inline_chars += s.inline_chars;
                    p.inline_link_chars += s.inline_link_chars;
                }
            }
        }
        for i in 0..n {
            let inherited = self
                .nodes
                .get(i)
                .and_then(|node| self.furniture.get(node.parent))
                .copied()
                .unwrap_or(false);
            let own = self.is_furniture_block(i);
            if let Some(f) = self.furniture.get_mut(i) {
                *f = inherited || own;
            }
        }
        for i in (0..n).rev() {
            let mut s = self.stat(i);
            if self.is_block_node(i) && s.inline_chars > 0 {
                let furniture = self.furniture.get(i).copied().unwrap_or(false)
                    || s.inline_link_chars * 2 > s.inline_chars
                    || (s.inline_chars <= 80 && is_furniture_line(&self.own_text(i, 80)));
                // A short line (a logo, a label, a heading) says nothing either way.
                let short = s.inline_chars - s.inline_link_chars < SHORT_LINE;
                if furniture {
                    s.bad += s.inline_chars;
                } else if short {
                    s.bad += s.inline_link_chars;
                } else {
                    let running = s.inline_chars - s.inline_link_chars;
                    s.good += running;
                    s.bad += s.inline_link_chars;
                    s.longest = s.longest.max(running);
                }
            }
            if let Some(slot) = self.stats.get_mut(i) {
                *slot = s;
            }
            let Some(parent) = self.nodes.get(i).map(|n| n.parent) else {
                continue;
            };
            if let Some(p) = self.stats.get_mut(parent) {
                p.good += s.good;
                p.bad += s.bad;
                p.longest = p.longest.max(s.longest);
            }
        }
    }

    /// Is this element page furniture by itself: a furniture element or role, a
    /// furniture-named block of links or short text, a metadata table, a related-files
    /// block, a list of links?
    fn is_furniture_block(&self, i: usize) -> bool {
        let Some(e) = self.element(i) else {
            return false;
        };
        if is_furniture_tag(&e.name) || e.furniture_role {
            return true;
        }
        let s = self.stat(i);
        if s.chars == 0 {
            return false;
        }
        let link_share = s.link_chars * 100 / s.chars;
        (e.furniture_hint && (link_share >= 25 || s.chars < 200))
            || self.is_link_list(i)
            || self.is_metadata(i)
            || self.is_related(i)
    }

    /// A list of links: two links or more making up most of the text (a menu, a list of
    /// news, a breadcrumb). Table cells and rows are not lists: their place in the table
    /// matters.
    fn is_link_list(&self, i: usize) -> bool {
        let s = self.stat(i);
        !matches!(self.name(i), "td" | "th" | "a" | "body" | "html")
            && s.links >= 2
            && s.link_chars * 10 >= s.chars * 6
    }

    /// The metadata table government sites put above a document (索引号, 发文机关, 成文日期,
    /// 发文字号 …): three of its labels or more in a block of about their size.
    fn is_metadata(&self, i: usize) -> bool {
        const LABELS: [&str; 16] = [
            "索引号",
            "主题分类",
            "发文机关",
            "发布机构",
            "成文日期",
            "发文日期",
            "发布日期",
            "发文字号",
            "有效性",
            "主题词",
            "信息分类",
            "公开方式",
            "公开范围",
            "生成日期",
            "所属机构",
            "体裁分类",
        ];
        let s = self.stat(i);
        if s.chars > 800
            || !matches!(
                self.name(i),
                "table" | "tbody" | "div" | "ul" | "ol" | "dl" | "section"
            )
        {
            return false;
        }
        let text: String = self
            .text_of(i, 1000)
            .chars()
            .filter(|c| !is_space(*c))
            .collect();
        // Labels and their values, and little else: not a block holding the article too.
        let labels = LABELS.iter().filter(|l| text.contains(*l)).count();
        labels >= 3 && s.chars <= 60 * labels
    }

    /// A 相关文件 / 相关链接 / 相关阅读 block: it starts with such a label and is mostly
    /// links.
    fn is_related(&self, i: usize) -> bool {
        let s = self.stat(i);
        if s.links == 0 || s.chars > 3000 || s.link_chars * 10 < s.chars * 3 {
            return false;
        }
        let head: String = self.text_of(i, 16).chars().take(16).collect();
        let head = head.trim_start_matches(|c: char| is_space(c) || "【[〔<《".contains(c));
        RELATED.iter().any(|l| head.starts_with(l))
    }

    /// The article as lines, or `None` when the page has none.
    fn article(&self) -> Option<String> {
        let best = self.best_container()?;
        let s = self.stat(best);
        // A short text is an article still when it outweighs the page's links.
        let enough = s.good >= MIN_ARTICLE_CHARS
            || (s.good >= MIN_LONGEST_PARAGRAPH && s.good >= self.stat(0).link_chars);
        if !enough || s.longest < MIN_LONGEST_PARAGRAPH {
            return None;
        }
        let mut out = Out::default();
        self.render(best, best, &mut out, false);
        out.brk();
        let mut lines: Vec<String> = out
            .lines
            .into_iter()
            .filter(|l| !is_furniture_line(l))
            .collect();
        if !self.starts_with_heading(best)
            && let Some(title) = self.title_for(best)
            && !starts_with_title(&lines, &title)
        {
            lines.insert(0, title);
        }
        (!lines.is_empty()).then(|| lines.join("\n"))
    }

    /// The container with the most running text less furniture; of equal ones, the
    /// outermost, so that short lines around the article (a heading, a signature) stay.
    fn best_container(&self) -> Option<usize> {
        let mut best: Option<(usize, i64)> = None;
        for i in 0..self.nodes.len() {
            if !is_container(self.name(i)) || self.furniture.get(i).copied().unwrap_or(true) {
                continue;
            }
            let s = self.stat(i);
            let score = s.good as i64 - s.bad as i64;
            if best.is_none_or(|(_, top)| score > top) {
                best = Some((i, score));
            }
        }
        // The article holds most of the page's running text: when the best block holds
        // less than half of it (paragraphs loose in the body beside a big menu), the
        // blocks around it are taken until it does; their furniture is left out all the
        // same when the lines are written.
        let total = self.stat(0).good;
        let mut best = best.map(|(i, _)| i)?;
        while self.stat(best).good * 2 < total {
            match self.nodes.get(best).map(|n| n.parent) {
                Some(p) if p != NONE && p != 0 => best = p,
                _ => break,
            }
        }
        Some(best)
    }

    /// Is `i` inside `ancestor`?
    fn is_inside(&self, mut i: usize, ancestor: usize) -> bool {
        while let Some(node) = self.nodes.get(i) {
            if node.parent == ancestor {
                return true;
            }
            i = node.parent;
        }
        false
    }

    /// The article's title: the heading just before the article that the page's `<title>`
    /// names; else an h1/h2 right by the article; else the `<title>` without its site
    /// name; else the nearest h1/h2 before the article.
    fn title_for(&self, article: usize) -> Option<String> {
        let squeeze = |s: &str| -> String { s.chars().filter(|c| !is_space(*c)).collect() };
        let full_title = self.title.as_deref().map(squeeze).unwrap_or_default();
        let mut near = article;
        for _ in 0..2 {
            match self.nodes.get(near).map(|n| n.parent) {
                Some(p) if p != NONE => near = p,
                _ => break,
            }
        }
        // Headings before the article, nearest first: (text, right by the article, named
        // by the <title>, an h1/h2).
        let mut headings: Vec<(String, bool, bool, bool)> = Vec::new();
        for i in (0..article).rev() {
            if headings.len() >= 40 {
                break;
            }
            let name = self.name(i);
            let titled =
                matches!(name, "h1" | "h2" | "h3") || (is_block(name) && self.class_says_title(i));
            if !titled || self.is_inside(article, i) || self.in_nav_or_footer(i) {
                continue;
            }
            let s = self.stat(i);
            if s.chars < 4 || s.chars > 150 || s.link_chars * 2 > s.chars {
                continue;
            }
            let mut out = Out::default();
            self.render(i, i, &mut out, false);
            out.brk();
            let text = out.lines.concat();
            let squeezed = squeeze(&text);
            let named = squeezed.chars().count() >= 4 && full_title.contains(&squeezed);
            let h12 = matches!(name, "h1" | "h2");
            headings.push((text, self.is_inside(i, near), named, h12));
        }
        let pick = |want: fn(&(String, bool, bool, bool)) -> bool| {
            headings.iter().find(|h| want(h)).map(|h| h.0.clone())
        };
        // A heading by the article that the <title> names; a heading by the article; one
        // the <title> names; the <title> without the site's name; the nearest heading.
        pick(|h| h.1 && h.2)
            .or_else(|| pick(|h| h.1 && (h.3 || h.2)))
            .or_else(|| pick(|h| h.2 && h.3))
            .or_else(|| self.title.as_deref().and_then(strip_site_name))
            .or_else(|| pick(|h| h.3))
    }

    /// Does the article's first text stand in a heading (h1–h3, or a block its class calls
    /// a title)? Then that is its title.
    fn starts_with_heading(&self, article: usize) -> bool {
        let end = self.nodes.len();
        let Some(first) = (article..end).find(|&i| {
            matches!(self.nodes.get(i).map(|n| &n.kind), Some(Kind::Text(t)) if visible_chars(t) > 0)
                && !self.furniture.get(i).copied().unwrap_or(true)
        }) else {
            return false;
        };
        let mut i = first;
        while i != article && i != NONE {
            if matches!(self.name(i), "h1" | "h2" | "h3") || self.class_says_title(i) {
                return true;
            }
            i = self.nodes.get(i).map_or(NONE, |n| n.parent);
        }
        false
    }

    /// The element's class or id says it is a title.
    fn class_says_title(&self, i: usize) -> bool {
        self.element(i).is_some_and(|e| e.title_hint)
    }

    fn in_nav_or_footer(&self, mut i: usize) -> bool {
        while let Some(node) = self.nodes.get(i) {
            if let Kind::Element(e) = &node.kind
                && (matches!(e.name.as_str(), "nav" | "footer" | "aside") || e.furniture_role)
            {
                return true;
            }
            i = node.parent;
        }
        false
    }
}

// ---------------------------------------------------------------- writing out

/// Lines being written: text collapses as a browser collapses it, a break ends a line.
#[derive(Default)]
struct Out {
    lines: Vec<String>,
    line: String,
    /// Whitespace was seen since the last character, and whether it held a line break.
    space: bool,
    newline: bool,
}

/// Wide characters (CJK and their punctuation): a line break between two of them in the
/// source is no space, as CSS has it; Hangul, spaced like Latin, is not one of them.
fn is_wide(c: char) -> bool {
    c >= '\u{2e80}' && !('\u{ac00}'..='\u{d7af}').contains(&c)
}

impl Out {
    /// Text in normal flow: runs of whitespace become one space (none where a line break
    /// falls between wide characters); a no-break space stays a space.
    fn text(&mut self, s: &str) {
        for c in s.chars() {
            match c {
                ' ' | '\t' | '\x0c' => self.space = true,
                '\n' | '\r' => {
                    self.space = true;
                    self.newline = true;
                }
                _ => {
                    if self.space && !self.line.is_empty() {
                        let joined = self.newline
                            && is_wide(c)
                            && self.line.chars().next_back().is_some_and(is_wide);
                        if !joined {
                            self.line.push(' ');
                        }
                    }
                    self.space = false;
                    self.newline = false;
                    self.line.push(if c == '\u{a0}' { ' ' } else { c });
                }
            }
        }
    }

    /// Preformatted text: its line breaks are kept.
    fn pre(&mut self, s: &str) {
        for c in s.chars() {
            match c {
                '\n' => self.brk(),
                '\r' => {}
                '\u{a0}' => self.line.push(' '),
                _ => self.line.push(c),
            }
        }
    }

    /// Ends the line (an empty line is not kept).
    fn brk(&mut self) {
        let line = self.line.trim_matches(is_space);
        if !line.is_empty() {
            self.lines.push(line.to_owned());
        }
        self.line.clear();
        self.space = false;
        self.newline = false;
    }
}

/// A rendered table cell.
struct CellLines {
    lines: Vec<String>,
    rowspan: usize,
    colspan: usize,
}

impl Page {
    /// Writes node `i` (inside the article `top`) out as lines.
    fn render(&self, i: usize, top: usize, out: &mut Out, pre: bool) {
        let Some(node) = self.nodes.get(i) else {
            return;
        };
        let e = match &node.kind {
            Kind::Text(t) => {
                if pre {
                    out.pre(t);
                } else {
                    out.text(t);
                }
                return;
            }
            Kind::Root => {
                for &c in &node.children {
                    self.render(c, top, out, pre);
                }
                return;
            }
            Kind::Element(e) => e,
        };
        let block = is_block(&e.name);
        if i != top && self.furniture.get(i).copied().unwrap_or(false) {
            if block {
                out.brk();
            }
            return;
        }
        match e.name.as_str() {
            "br" | "hr" => out.brk(),
            "table" => self.table(i, top, out),
            "pre" | "listing" | "plaintext" | "xmp" => {
                out.brk();
                for &c in &node.children {
                    self.render(c, top, out, true);
                }
                out.brk();
            }
            _ => {
                if block {
                    out.brk();
                }
                for &c in &node.children {
                    self.render(c, top, out, pre);
                }
                if block {
                    out.brk();
                }
            }
        }
    }

    /// A table: a row of two cells or more as one line of tab-separated cells, a row of
    /// one cell as its lines. A table used for layout (a cell holding a table, or many
    /// lines, or a page's worth of text) is read as the blocks it lays out.
    fn table(&self, t: usize, top: usize, out: &mut Out) {
        out.brk();
        let mut rows: Vec<usize> = Vec::new();
        for &c in self.children(t) {
            match self.name(c) {
                "tr" => rows.push(c),
                "thead" | "tbody" | "tfoot" => rows.extend(
                    self.children(c)
                        .iter()
                        .copied()
                        .filter(|&r| self.name(r) == "tr"),
                ),
                // A caption, or content misplaced in the table.
                _ => {
                    self.render(c, top, out, false);
                    out.brk();
                }
            }
        }
        let furniture = |i: usize| i != top && self.furniture.get(i).copied().unwrap_or(false);
        let mut grid: Vec<Vec<CellLines>> = Vec::with_capacity(rows.len());
        let mut layout = false;
        for r in rows {
            if furniture(r) {
                continue;
            }
            let mut cells = Vec::new();
            for &c in self.children(r) {
                let Some(e) = self.element(c) else {
                    continue;
                };
                if !matches!(e.name.as_str(), "td" | "th") {
                    continue;
                }
                let mut cell = Out::default();
                if !furniture(c) {
                    for &k in self.children(c) {
                        self.render(k, top, &mut cell, false);
                    }
                }
                cell.brk();
                let s = self.stat(c);
                if s.has_table || cell.lines.len() > 12 || s.chars > 2000 {
                    layout = true;
                }
                cells.push(CellLines {
                    lines: cell.lines,
                    rowspan: e.rowspan,
                    colspan: e.colspan,
                });
            }
            grid.push(cells);
        }
        if layout {
            for cell in grid.into_iter().flatten() {
                out.lines.extend(cell.lines);
            }
        } else {
            out.lines.extend(rows_as_lines(grid));
        }
    }
}

/// The rows of a table as lines: a row of two cells or more is one line, its cells
/// separated by tabs (an empty cell leaves its place empty; a cell spanning rows repeats
/// its text in each); a row of one cell — a cell spanning the table — is its lines.
fn rows_as_lines(grid: Vec<Vec<CellLines>>) -> Vec<String> {
    let mut lines = Vec::new();
    // Per column, a cell from a row above still spanning down: rows left, text, columns.
    let mut carry: Vec<Option<(usize, String, usize)>> = Vec::new();
    for row in grid {
        let mut fields: Vec<(String, bool)> = Vec::new();
        let mut first_lines: Option<Vec<String>> = None;
        let mut cells = row.into_iter();
        let mut col = 0usize;
        // Where the cells spanning down from above end, once the row's own cells are out.
        let mut carried_end: Option<usize> = None;
        while col <= MAX_COLSPAN * 16 {
            if let Some(slot) = carry.get_mut(col)
                && let Some((left, text, span)) = slot.as_mut()
            {
                fields.push((text.clone(), true));
                *left -= 1;
                let span = (*span).max(1);
                if *left == 0 {
                    *slot = None;
                }
                col += span;
                continue;
            }
            if let Some(cell) = carried_end.is_none().then(|| cells.next()).flatten() {
                let text = super::docx::cell_text(&cell.lines);
                if cell.rowspan > 1 {
                    if carry.len() <= col {
                        carry.resize(col + 1, None);
                    }
                    if let Some(slot) = carry.get_mut(col) {
                        *slot = Some((cell.rowspan - 1, text.clone(), cell.colspan));
                    }
                }
                if first_lines.is_none() {
                    first_lines = Some(cell.lines);
                }
                fields.push((text, false));
                col += cell.colspan.max(1);
                continue;
            }
            // No cells left: cells spanning down from above further right still belong
            // to this row, after empty places.
            let end = *carried_end.get_or_insert_with(|| {
                carry.iter().rposition(Option::is_some).map_or(0, |p| p + 1)
            });
            if col < end {
                fields.push((String::new(), false));
                col += 1;
                continue;
            }
            break;
        }
        match &fields[..] {
            [] | [(_, true)] => {}
            [(_, false)] => lines.extend(first_lines.unwrap_or_default()),
            _ => {
                if fields.iter().any(|(t, _)| !t.is_empty()) {
                    let texts: Vec<&str> = fields.iter().map(|(t, _)| t.as_str()).collect();
                    lines.push(texts.join("\t"));
                }
            }
        }
    }
    lines
}

// ---------------------------------------------------------------- furniture and titles

/// The labels of related-files blocks.
const RELATED: [&str; 12] = [
    "相关文件",
    "相关链接",
    "相关阅读",
    "相关新闻",
    "相关稿件",
    "相关信息",
    "相关政策",
    "相关解读",
    "相关附件",
    "延伸阅读",
    "推荐阅读",
    "热点推荐",
];

/// A short line of page furniture: a breadcrumb, a share bar, print and close buttons,
/// a font-size switch, a footer line, a related-files label.
fn is_furniture_line(line: &str) -> bool {
    let squeezed: String = line.chars().filter(|c| !is_space(*c)).collect();
    let n = squeezed.chars().count();
    if n == 0 || n > 80 {
        return false;
    }
    const ANYWHERE: [&str; 36] = [
        "分享到",
        "扫一扫",
        "在手机打开",
        "【打印",
        "[打印",
        "打印本页",
        "打印此页",
        "打印文章",
        "打印正文",
        "【关闭",
        "[关闭",
        "关闭窗口",
        "关闭本页",
        "【字体",
        "[字体",
        "字号：大",
        "字体：大",
        "版权所有",
        "ICP备",
        "ICP证",
        "公网安备",
        "网站标识码",
        "网站地图",
        "联系我们",
        "当前位置",
        "您的位置",
        "你的位置",
        "现在的位置",
        "所在位置",
        "上一篇",
        "下一篇",
        "浏览次数",
        "阅读次数",
        "【收藏",
        "【纠错",
        "©",
    ];
    const START: [&str; 12] = [
        "主办单位",
        "承办单位",
        "主办：",
        "承办：",
        "技术支持",
        "运维单位",
        "首页>",
        "首页»",
        "首页›",
        "首页/",
        "首页→",
        "首页-",
    ];
    if ANYWHERE.iter().any(|m| squeezed.contains(m))
        || START.iter().any(|m| squeezed.starts_with(m))
        || squeezed.to_ascii_lowercase().contains("copyright")
    {
        return true;
    }
    let label = squeezed.trim_matches(|c: char| "【】[]〔〕:：>》".contains(c));
    RELATED.contains(&label)
}

/// A page's `<title>` without the site's name: of the parts between separators (`_`, `|`,
/// ` - `), the first, as sites put the page's own title first; when that is too short to
/// be a title, the longest.
fn strip_site_name(title: &str) -> Option<String> {
    let mut t = title.trim().to_owned();
    for sep in [" - ", " – ", " — ", "｜", "|", "_"] {
        t = t.replace(sep, "\u{1}");
    }
    let parts: Vec<&str> = t
        .split('\u{1}')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let first = parts.first().copied().unwrap_or_default();
    let best = if first.chars().count() >= 6 {
        first
    } else {
        parts.iter().copied().fold(first, |best, p| {
            if p.chars().count() > best.chars().count() {
                p
            } else {
                best
            }
        })
    };
    (best.chars().count() >= 2).then(|| best.to_owned())
}

/// Does the article start with its title already (on one line or split over the first
/// few)?
fn starts_with_title(lines: &[String], title: &str) -> bool {
    let squeeze = |s: &str| -> String { s.chars().filter(|c| !is_space(*c)).collect() };
    let title = squeeze(title);
    if title.is_empty() {
        return true;
    }
    let head: Vec<String> = lines.iter().take(6).map(|l| squeeze(l)).collect();
    if head
        .iter()
        .any(|l| *l == title || (l.contains(&title) && l.len() <= title.len() + 30))
    {
        return true;
    }
    (0..head.len()).any(|start| {
        let mut joined = String::new();
        head.iter().skip(start).take(3).any(|l| {
            joined.push_str(l);
            joined == title
        })
    })
}

// ---------------------------------------------------------------- benchmarks and tests

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The title [`write_html`] gives a page: its first heading, else its first short line.
fn template_title(paragraphs: &[String]) -> String {
    paragraphs
        .iter()
        .map(|p| p.trim())
        .find(|p| p.starts_with('#'))
        .or_else(|| {
            paragraphs.iter().map(|p| p.trim()).find(|p| {
                !p.is_empty() && p.chars().count() <= 40 && !p.contains(['，', '。', '：'])
            })
        })
        .map_or_else(
            || "关于印发行动方案的通知".to_owned(),
            |p| p.trim_start_matches('#').trim().to_owned(),
        )
}

/// A saved government article page holding `paragraphs`, encoded in GBK as such sites
/// serve them: a head declaring gb2312, a navigation bar, a breadcrumb, the title, a
/// metadata table, a share bar, the article (lines starting with `#` as headings, the
/// rest as paragraphs, some indented), a related-files list and a footer. For benchmarks
/// and tests.
#[doc(hidden)]
pub fn write_html(paragraphs: &[String]) -> Vec<u8> {
    use std::fmt::Write;
    let title = template_title(paragraphs);
    let mut page =
        String::with_capacity(paragraphs.iter().map(|p| p.len() + 40).sum::<usize>() + 8192);
    let _ = write!(
        page,
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \
         \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n\
         <meta http-equiv=\"X-UA-Compatible\" content=\"IE=edge\">\n\
         <meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\" />\n\
         <title>{t}_政策文件_某某省人民政府门户网站</title>\n\
         <meta name=\"ArticleTitle\" content=\"{t}\">\n\
         <link rel=\"stylesheet\" href=\"/css/style.css\">\n\
         <script type=\"text/javascript\">var pageId = 'a&b<c>'; document.write('<p>脚本</p>');</script>\n\
         <style>.nav {{ color: red }}</style>\n</head>\n<body>\n\
         <div class=\"top\"><div class=\"logo\"><img src=\"/images/logo.png\" alt=\"某某省人民政府\"></div>\n\
         <div class=\"search\"><form action=\"/search\"><input type=\"text\" name=\"q\" value=\"请输入关键词\"><button>搜索</button></form></div></div>\n\
         <div class=\"nav\"><ul>",
        t = escape(&title)
    );
    for (i, item) in [
        "首页",
        "要闻动态",
        "政务公开",
        "政策文件",
        "政策解读",
        "政务服务",
        "互动交流",
        "数据发布",
        "走进某某",
        "专题专栏",
        "机构职能",
        "领导信息",
        "规划计划",
        "财政信息",
        "人事信息",
        "建议提案",
        "新闻发布",
        "应急管理",
        "重点领域",
        "统计数据",
    ]
    .iter()
    .enumerate()
    {
        let _ = write!(
            page,
            "<li><a href=\"/col/col{i}/index.html\">{item}</a></li>"
        );
    }
    page.push_str(
        "</ul></div>\n<div class=\"main\">\n\
         <div class=\"crumb\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/zwgk/\">政务公开</a> &gt; \
         <a href=\"/zcwj/\">政策文件</a></div>\n\
         <div class=\"xxgk\"><table class=\"info\" border=\"0\" cellspacing=\"0\">\n\
         <tr><td>索引号：</td><td>11370000MB28449441/2023-00123</td><td>主题分类：</td><td>工业、交通/信息产业（含电信）</td></tr>\n\
         <tr><td>发文机关：</td><td>某某省人民政府办公厅</td><td>成文日期：</td><td>2023年11月14日</td></tr>\n",
    );
    let _ = write!(
        page,
        "<tr><td>标题：</td><td colspan=\"3\">{}</td></tr>\n\
         <tr><td>发文字号：</td><td>某政办字〔2023〕10号</td><td>发布日期：</td><td>2023年11月20日</td></tr>\n\
         </table></div>\n\
         <div class=\"article\">\n<h1 class=\"article-title\">{}</h1>\n\
         <div class=\"info-bar\"><span>发布时间：2023-11-20 10:30</span> <span>来源：省政府办公厅</span>\
         <span class=\"font\">【字体：<a href=\"#\">大</a> <a href=\"#\">中</a> <a href=\"#\">小</a>】</span></div>\n\
         <div class=\"content\" id=\"zoom\">\n",
        escape(&title),
        escape(&title)
    );
    for (i, p) in paragraphs.iter().enumerate() {
        let text = p.trim();
        if text.is_empty() {
            continue;
        }
        if text.starts_with('#') {
            let _ = writeln!(
                page,
                "<h2 style=\"text-align:center\">{}</h2>",
                escape(text.trim_start_matches('#').trim())
            );
        } else if i % 3 == 0 {
            let _ = writeln!(
                page,
                "<p style=\"text-indent:2em\">&nbsp;&nbsp;&nbsp;&nbsp;{}</p>",
                escape(text)
            );
        } else if i % 3 == 1 {
            let _ = writeln!(
                page,
                "<p>\u{3000}\u{3000}<span style=\"font-family:仿宋\">{}</span></p>",
                escape(text)
            );
        } else {
            let _ = writeln!(page, "<p>\n  {}\n</p>", escape(text));
        }
    }
    page.push_str(
        "</div>\n\
         <div class=\"share\">分享到：<a href=\"#\">微信</a> <a href=\"#\">微博</a> <a href=\"#\">QQ空间</a></div>\n\
         <div class=\"qr\">扫一扫在手机打开当前页</div>\n\
         <div class=\"tools\"><a href=\"javascript:window.print()\">【打印】</a> <a href=\"javascript:window.close()\">【关闭】</a></div>\n\
         </div>\n\
         <div class=\"xgwj\"><h3>相关文件</h3><ul>\n",
    );
    for i in 1..=6 {
        let _ = writeln!(
            page,
            "<li><a href=\"/art/2023/{i}.html\">某某省人民政府办公厅关于印发第{i}批重点项目清单的通知</a><span>2023-0{i}-15</span></li>"
        );
    }
    page.push_str(
        "</ul></div>\n</div>\n\
         <div class=\"footer\"><p><a href=\"/about\">关于我们</a> | <a href=\"/map\">网站地图</a> | <a href=\"/contact\">联系我们</a></p>\n\
         <p>主办单位：某某省人民政府办公厅 承办单位：某某省大数据中心</p>\n\
         <p>版权所有：某某省人民政府 网站标识码：3700000000 某ICP备05012345号 某公网安备 37010202000001号</p></div>\n\
         <script>var _hmt = _hmt || [];</script>\n</body>\n</html>\n",
    );
    encoding_rs::GBK.encode(&page).0.into_owned()
}

#[cfg(test)]
mod tests;
