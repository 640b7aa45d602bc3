use super::*;
use crate::corpus::decode_bytes;
use crate::corpus::testing::{bundled_plans as bundled, tasks};

fn parse(text: &str) -> crate::extract::ParsedDoc {
    crate::corpus::testing::parse("plan", text.to_owned())
}

fn html(path: &str, bytes: &[u8]) -> Result<String> {
    decode_bytes(Path::new(path), bytes.to_vec())
}

fn page(body: &str) -> String {
    format!("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>{body}</body></html>")
}

/// A paragraph long enough to count as running text.
const RUNNING: &str = "到2025年，全省5G基站总数达到25万个，千兆光网覆盖能力进一步提升，\
    数据中心布局更加合理，算力规模达到每秒8000亿亿次浮点运算。";

#[test]
fn bundled_plans_in_a_government_page_give_the_same_tasks() {
    for (name, text) in bundled() {
        let lines: Vec<String> = text.lines().map(str::to_owned).collect();
        let bytes = write_html(&lines);
        // The page is GBK, as such sites serve it: not valid UTF-8.
        assert!(std::str::from_utf8(&bytes).is_err(), "{name}");
        let read = html(&format!("{name}.html"), &bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        for furniture in [
            "分享到",
            "扫一扫",
            "【打印】",
            "ICP备",
            "主办单位",
            "索引号",
            "发文字号",
            "相关文件",
            "当前位置",
            "要闻动态",
            "第1批重点项目清单",
            "脚本",
            "请输入关键词",
            "发布时间",
            "【字体",
        ] {
            assert!(!read.contains(furniture), "{name}: {furniture} kept");
        }
        let from_txt = parse(&text);
        let from_html = parse(&read);
        assert!(!from_txt.tasks.is_empty(), "{name}");
        assert_eq!(
            tasks(&from_html),
            tasks(&from_txt),
            "{name}: the page gives other tasks"
        );
        // Every paragraph of the plan is there, in order.
        let expected: Vec<&str> = lines
            .iter()
            .map(|l| l.trim().trim_start_matches('#').trim())
            .filter(|l| !l.is_empty())
            .collect();
        let mut got: Vec<&str> = read.lines().collect();
        // The page's title comes first when the plan does not start with it.
        let title = template_title(&lines);
        if got.first() != expected.first() {
            assert_eq!(got.first().copied(), Some(title.as_str()), "{name}");
            got.remove(0);
        }
        assert_eq!(got, expected, "{name}");
    }
}

#[test]
fn the_title_outside_the_article_comes_first() {
    let body = format!(
        "<div class=\"nav\"><a href=\"/\">首页</a><a href=\"/a\">政务公开</a><a href=\"/b\">政策文件</a></div>\
         <div class=\"detail\"><h1>关于印发某某行动方案的通知</h1>\
         <div class=\"text\"><p>一、总体要求</p><p>{RUNNING}</p><p>{RUNNING}</p></div></div>"
    );
    let doc = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\">\
         <title>关于印发某某行动方案的通知 - 某某市人民政府</title></head><body>{body}</body></html>"
    );
    let read = html("p.html", doc.as_bytes()).unwrap();
    let lines: Vec<&str> = read.lines().collect();
    assert_eq!(
        lines,
        [
            "关于印发某某行动方案的通知",
            "一、总体要求",
            RUNNING,
            RUNNING
        ]
    );
    // With no heading, the <title> stripped of the site's name.
    let doc = format!(
        "<html><head><meta charset=\"utf-8\"><title>某某行动方案_政策文件_某某市人民政府</title></head>\
         <body><div><p>{RUNNING}</p><p>{RUNNING}</p></div></body></html>"
    );
    let read = html("p.html", doc.as_bytes()).unwrap();
    assert_eq!(read.lines().next(), Some("某某行动方案"));
}

#[test]
fn charset_from_bom_meta_header_or_detection() {
    let text = format!("<p>一、总体要求</p><p>{RUNNING}</p>");
    // <meta http-equiv> with gb2312: GBK bytes.
    let doc = format!(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body>{text}</body></html>"
    );
    let gbk = encoding_rs::GBK.encode(&doc).0.into_owned();
    let read = html("a.htm", &gbk).unwrap();
    assert!(read.starts_with("一、总体要求\n到2025年"), "{read}");
    // The BOM wins over a wrong declaration.
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(doc.as_bytes());
    assert!(html("b.html", &bom).unwrap().starts_with("一、总体要求"));
    // UTF-8 with no declaration; GBK with no declaration (detected).
    let plain = format!("<html><body>{text}</body></html>");
    assert!(
        html("c.html", plain.as_bytes())
            .unwrap()
            .starts_with("一、总体要求")
    );
    let gbk_plain = encoding_rs::GBK.encode(&plain).0.into_owned();
    assert!(
        html("d.html", &gbk_plain)
            .unwrap()
            .starts_with("一、总体要求")
    );
    // A declaration the bytes contradict (UTF-8 page saying gb2312) gives way.
    assert!(
        html("e.html", doc.as_bytes())
            .unwrap()
            .starts_with("一、总体要求")
    );
    // <meta charset> in HTML5 form, GB18030 beyond GBK.
    let rare = format!("<!doctype html><meta charset='GBK'><p>𠀀€</p><p>{RUNNING}</p>");
    let bytes = encoding_rs::GB18030.encode(&rare).0.into_owned();
    assert!(html("f.html", &bytes).unwrap().starts_with("𠀀€"));
    assert_eq!(
        meta_charset(b"<head><meta charset = \"GB2312\" /></head>"),
        Some(&b"GB2312"[..])
    );
}

#[test]
fn entities_are_decoded_and_whitespace_collapsed() {
    let doc = page(&format!(
        "<p>&nbsp;&nbsp;&ldquo;数字&rdquo;&#x4e00;体化&amp;协同&#20013;心</p>\
         <p>　　第一行\n  第二行 word\n  next</p><p>{RUNNING}</p>"
    ));
    let read = html("e.html", doc.as_bytes()).unwrap();
    let lines: Vec<&str> = read.lines().collect();
    assert_eq!(lines[0], "“数字”一体化&协同中心");
    // A line break between Chinese characters is no space; between words it is one.
    assert_eq!(lines[1], "第一行第二行 word next");
}

#[test]
fn br_pre_and_blocks_are_lines() {
    let doc = page(&format!(
        "<div>一、总体要求<br>（一）指导思想<br/><br/>{RUNNING}<span>续</span></div>\
         <pre>  第一行\n第二行</pre><ul><li>甲</li><li>乙</li></ul>"
    ));
    let read = html("b.html", doc.as_bytes()).unwrap();
    let lines: Vec<&str> = read.lines().collect();
    assert_eq!(
        lines,
        [
            "一、总体要求",
            "（一）指导思想",
            &format!("{RUNNING}续"),
            "第一行",
            "第二行",
            "甲",
            "乙"
        ]
    );
}

#[test]
fn tables_become_tab_separated_rows() {
    let doc = page(&format!(
        "<div><p>{RUNNING}</p><table border=\"1\">\
         <tr><th>序号</th><th>重点任务</th><th>牵头单位</th></tr>\
         <tr><td colspan=\"3\">一、强化基础</td></tr>\
         <tr><td>1</td><td><p>建设网络。</p><p>推进工程</p></td><td rowspan=\"2\"><p>省工信厅</p><p>省通信管理局</p></td></tr>\
         <tr><td>2</td><td>完善设施</td></tr>\
         <tr><td>3</td><td></td><td>省发展改革委</td></tr>\
         </table><p>表后</p></div>"
    ));
    let read = html("t.html", doc.as_bytes()).unwrap();
    let lines: Vec<&str> = read.lines().collect();
    assert_eq!(
        lines,
        [
            RUNNING,
            "序号\t重点任务\t牵头单位",
            "一、强化基础",
            "1\t建设网络。推进工程\t省工信厅、省通信管理局",
            "2\t完善设施\t省工信厅、省通信管理局",
            "3\t\t省发展改革委",
            "表后",
        ]
    );
}

#[test]
fn a_rowspan_in_the_first_column_repeats() {
    let grid = vec![
        vec![
            CellLines {
                lines: vec!["一、基础".into()],
                rowspan: 2,
                colspan: 1,
            },
            CellLines {
                lines: vec!["建设网络".into()],
                rowspan: 1,
                colspan: 1,
            },
        ],
        vec![CellLines {
            lines: vec!["推进工程".into()],
            rowspan: 1,
            colspan: 1,
        }],
    ];
    assert_eq!(
        rows_as_lines(grid),
        ["一、基础\t建设网络", "一、基础\t推进工程"]
    );
}

#[test]
fn a_layout_table_reads_as_its_blocks() {
    let inner: String = (0..15)
        .map(|i| format!("<p>第{i}段。{RUNNING}</p>"))
        .collect();
    let doc = page(&format!(
        "<table><tr><td width=\"200\"><a href=\"/1\">栏目一</a><br><a href=\"/2\">栏目二</a></td>\
         <td><table><tr><td>{inner}</td></tr></table></td></tr></table>"
    ));
    let read = html("l.html", doc.as_bytes()).unwrap();
    let lines: Vec<&str> = read.lines().collect();
    assert_eq!(lines.len(), 15, "{read}");
    assert!(lines.iter().all(|l| !l.contains('\t')));
}

/// A web archive as browsers save one: the page and an image.
fn mhtml(html_part: &str, encoding: &str, charset: &str, body: &str) -> Vec<u8> {
    let _ = html_part;
    format!(
        "From: <Saved by Blink>\r\n\
         Snapshot-Content-Location: http://www.example.gov.cn/art/2023/1.html\r\n\
         Subject: =?utf-8?Q?test?=\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: multipart/related;\r\n\
         \ttype=\"text/html\";\r\n\
         \tboundary=\"----MultipartBoundary--abc----\"\r\n\
         \r\n\
         ------MultipartBoundary--abc----\r\n\
         Content-Type: text/html{charset}\r\n\
         Content-ID: <frame-1@mhtml.blink>\r\n\
         Content-Transfer-Encoding: {encoding}\r\n\
         Content-Location: http://www.example.gov.cn/art/2023/1.html\r\n\
         \r\n\
         {body}\r\n\
         ------MultipartBoundary--abc----\r\n\
         Content-Type: image/png\r\n\
         Content-Transfer-Encoding: base64\r\n\
         Content-Location: http://www.example.gov.cn/logo.png\r\n\
         \r\n\
         iVBORw0KGgo=\r\n\
         ------MultipartBoundary--abc------\r\n"
    )
    .into_bytes()
}

fn quoted_printable(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut col = 0;
    for &b in bytes {
        let piece = if b == b'\n' {
            "\r\n".to_owned()
        } else if (33..=126).contains(&b) && b != b'=' || b == b' ' {
            (b as char).to_string()
        } else {
            format!("={b:02X}")
        };
        if col + piece.len() > 75 && piece != "\r\n" {
            out.push_str("=\r\n");
            col = 0;
        }
        col = if piece == "\r\n" {
            0
        } else {
            col + piece.len()
        };
        out.push_str(&piece);
    }
    out
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for (n, chunk) in bytes.chunks(3).enumerate() {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ALPHABET[(v >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
        if n % 19 == 18 {
            out.push_str("\r\n");
        }
    }
    out
}

#[test]
fn mhtml_quoted_printable_with_the_charset_in_the_mime_header() {
    let (_, text) = bundled().remove(2);
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    // The page from the template, its <meta> removed: the MIME header alone says gb2312.
    let page = write_html(&lines);
    let (decoded, _, _) = encoding_rs::GBK.decode(&page);
    let without_meta = decoded.replace("; charset=gb2312", "");
    let gbk = encoding_rs::GBK.encode(&without_meta).0.into_owned();
    let archive = mhtml(
        "",
        "quoted-printable",
        "; charset=gb2312",
        &quoted_printable(&gbk),
    );
    assert_eq!(sniff(&archive), Some(WebPage::Mhtml));
    let read = html("page.mhtml", &archive).unwrap();
    assert_eq!(tasks(&parse(&read)), tasks(&parse(&text)));
    // The same archive named .txt is still read as a web archive.
    assert_eq!(html("page.txt", &archive).unwrap(), read);
}

#[test]
fn mhtml_base64_utf8() {
    let doc = page(&format!("<p>一、总体要求</p><p>{RUNNING}</p>"));
    let archive = mhtml("", "base64", "; charset=\"utf-8\"", &base64(doc.as_bytes()));
    let read = html("page.mht", &archive).unwrap();
    assert_eq!(read, format!("一、总体要求\n{RUNNING}"));
}

#[test]
fn a_home_page_has_no_article() {
    let mut body = String::from("<div class=\"nav\">");
    for i in 0..30 {
        body.push_str(&format!("<a href=\"/c{i}\">栏目{i}</a>"));
    }
    body.push_str("</div><div class=\"news\"><ul>");
    for i in 0..40 {
        body.push_str(&format!(
            "<li><a href=\"/n{i}\">省政府召开第{i}次常务会议研究部署重点工作</a><span>2023-11-{i}</span></li>"
        ));
    }
    body.push_str("</ul></div><div class=\"footer\">主办单位：某某省人民政府办公厅 版权所有</div>");
    let err = html("index.html", page(&body).as_bytes()).unwrap_err();
    assert!(matches!(err, Error::Unsupported { .. }), "{err:?}");
    assert!(err.to_string().contains("no article text"), "{err}");
    // An empty page says the same.
    let err = html("blank.html", b"<html><body> </body></html>").unwrap_err();
    assert!(err.to_string().contains("no article text"), "{err}");
}

#[test]
fn broken_pages_read_what_is_there_or_explain() {
    let (_, text) = bundled().remove(0);
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let page = write_html(&lines);
    // Cut in the middle of the article: the paragraphs up to the cut.
    let cut = &page[..page.len() / 2];
    let read = html("cut.html", cut).unwrap();
    assert!(read.lines().count() > 20, "{read}");
    assert!(
        lines
            .iter()
            .any(|l| l.trim_start_matches('#').trim() == read.lines().last().unwrap_or(""))
            || read.lines().count() > 20
    );
    // Cut in the middle of a GBK character or a tag, everywhere along a short page.
    let small = write_html(&[RUNNING.to_owned(), RUNNING.to_owned()]);
    for at in (1..small.len()).step_by(97) {
        match html("cut.html", &small[..at]) {
            Ok(text) => assert!(!text.is_empty()),
            Err(e) => {
                let message = e.to_string();
                assert!(!message.contains('\n') && message.len() > 20, "{message}");
            }
        }
    }
    // Binary data named .html.
    let binary: Vec<u8> = (0..8192u32).map(|i| (i * 7919 % 251) as u8).collect();
    let err = html("x.html", &binary).unwrap_err();
    assert!(matches!(err, Error::Unreadable { .. }), "{err:?}");
    // Nesting far deeper than any page: no stack overflow, the text is read.
    let deep = format!(
        "<html><body>{}<p>{RUNNING}</p><p>{RUNNING}</p>{}</body></html>",
        "<div><span>".repeat(20_000),
        "</span></div>".repeat(20_000)
    );
    let read = html("deep.html", deep.as_bytes()).unwrap();
    assert!(read.contains(RUNNING));
}

#[test]
fn broken_archives_explain() {
    let doc = page(&format!("<p>{RUNNING}</p><p>{RUNNING}</p>"));
    let good = mhtml("", "base64", "; charset=utf-8", &base64(doc.as_bytes()));
    for at in (1..good.len()).step_by(53) {
        match html("cut.mhtml", &good[..at]) {
            Ok(text) => assert!(!text.is_empty()),
            Err(e) => {
                let message = e.to_string();
                assert!(!message.contains('\n') && message.len() > 20, "{message}");
            }
        }
    }
    // A cut at the end of the page's part still reads the page.
    let cut = good.len() - 120;
    assert!(html("cut.mhtml", &good[..cut]).unwrap().contains(RUNNING));
    // An archive with no page in it.
    let no_page = String::from_utf8(mhtml("", "7bit", "", ""))
        .unwrap()
        .replacen("Content-Type: text/html", "Content-Type: text/css", 1);
    let err = html("x.mhtml", no_page.as_bytes()).unwrap_err();
    assert!(err.to_string().contains("no web page"), "{err}");
    // Not MIME at all.
    let err = html("x.mht", b"\x00\x01\x02 garbage \xff\xfe").unwrap_err();
    assert!(!err.to_string().contains('\n'), "{err}");
    // A plain page named .mht is read as a page.
    let read = html("x.mht", doc.as_bytes()).unwrap();
    assert!(read.contains(RUNNING));
}

#[test]
fn sniffing() {
    assert_eq!(
        sniff(b"\xef\xbb\xbf\r\n <!DOCTYPE html>"),
        Some(WebPage::Html)
    );
    assert_eq!(
        sniff(b"<!-- saved from url=(0014)about:internet -->\n<html lang=zh>"),
        Some(WebPage::Html)
    );
    assert_eq!(
        sniff(b"<?xml version=\"1.0\"?><html xmlns=\"x\">"),
        Some(WebPage::Html)
    );
    assert_eq!(sniff(b"<htmlx>"), None);
    assert_eq!(sniff("一、总体要求".as_bytes()), None);
    assert_eq!(
        sniff(b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n"),
        Some(WebPage::Mhtml)
    );
    assert_eq!(
        sniff(b"MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n"),
        None
    );
}

#[test]
fn furniture_lines() {
    for line in [
        "当前位置：首页 > 政务公开",
        "分享到：",
        "【打印】【关闭】",
        "版权所有：某某省人民政府",
        "相关文件：",
        "首页 > 政策文件",
    ] {
        assert!(is_furniture_line(line), "{line}");
    }
    for line in [
        "一、总体要求",
        "推广3D打印技术，关闭落后产能。",
        "相关部门按职责分工负责。",
    ] {
        assert!(!is_furniture_line(line), "{line}");
    }
}

#[test]
fn transfer_decoders_are_lenient() {
    assert_eq!(
        quoted_printable_decode(b"a=3Db=\r\nc= \r\nd=zz"),
        b"a=bcd=zz"
    );
    assert_eq!(base64_decode(b"5Lit\r\n5paH"), "中文".as_bytes());
    assert_eq!(base64_decode(b"5Lit5p"), b"\xe4\xb8\xad\xe6");
}

#[test]
fn a_title_naming_only_the_site_gives_way_to_the_heading() {
    let doc = format!(
        "<html><head><meta charset=\"utf-8\"><title>某某市人民政府</title></head><body>\
         <div class=\"logo\"><h1>某某市人民政府</h1></div>\
         <ul class=\"menu\"><li><a href=\"/\">首页</a></li><li><a href=\"/a\">政务公开</a></li></ul>\
         <div class=\"wrap\"><div class=\"detail\"><h2>某某市数字经济行动方案</h2>\
         <div class=\"text\"><p>{RUNNING}</p><p>{RUNNING}</p></div></div></div></body></html>"
    );
    let read = html("p.html", doc.as_bytes()).unwrap();
    assert_eq!(read.lines().next(), Some("某某市数字经济行动方案"));
}

#[test]
fn old_layouts_forms_and_furniture_inside_the_article() {
    // A page laid out in tables inside an ASP.NET form, the metadata table, share bar
    // and related files inside the article's own block.
    let doc = format!(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">\
         <title>关于推进数字基础设施建设的实施意见_某某省人民政府</title></head><body>\
         <form id=\"form1\" method=\"post\"><table width=\"1000\"><tr><td colspan=\"2\">\
         <a href=\"/\">首页</a> | <a href=\"/a\">机构</a> | <a href=\"/b\">新闻</a> | <a href=\"/c\">公开</a></td></tr>\
         <tr><td width=\"200\" valign=\"top\"><ul><li><a href=\"/1\">通知公告</a></li><li><a href=\"/2\">政策文件</a></li></ul></td>\
         <td valign=\"top\"><div>当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/z\">政策文件</a></div>\
         <table><tr><td>索引号：</td><td>001/2023-01</td></tr><tr><td>发文机关：</td><td>某某省人民政府</td></tr>\
         <tr><td>成文日期：</td><td>2023年1月5日</td></tr><tr><td>发文字号：</td><td>某政发〔2023〕1号</td></tr></table>\
         <p align=\"center\"><b>关于推进数字基础设施建设的实施意见</b></p>\
         <p>一、总体要求</p><p>{RUNNING}</p><p>{RUNNING}</p><p>（一）建设网络。{RUNNING}（责任单位：省通信管理局）</p>\
         <p>附件：<a href=\"/f/1.doc\">重点任务分工表.doc</a></p>\
         <div>分享到：<a href=\"#\">微信</a><a href=\"#\">微博</a></div>\
         <div>【<a href=\"#\">打印本页</a>】【<a href=\"#\">关闭窗口</a>】</div>\
         <div><b>相关文件</b><br><a href=\"/r1\">某某省数字经济发展规划</a><br><a href=\"/r2\">某某省新基建行动方案</a></div>\
         </td></tr><tr><td colspan=\"2\">主办单位：某某省人民政府办公厅　ICP备05001234号</td></tr></table>\
         </form></body></html>"
    );
    let bytes = encoding_rs::GBK.encode(&doc).0.into_owned();
    let read = html("p.htm", &bytes).unwrap();
    let lines: Vec<&str> = read.lines().collect();
    assert_eq!(
        lines,
        [
            "关于推进数字基础设施建设的实施意见",
            "一、总体要求",
            RUNNING,
            RUNNING,
            &format!("（一）建设网络。{RUNNING}（责任单位：省通信管理局）"),
            "附件：重点任务分工表.doc",
        ],
        "{read}"
    );
}

#[test]
fn pathological_pages_stay_bounded() {
    let article = format!("<p>{RUNNING}</p><p>{RUNNING}</p><p>{RUNNING}</p>");
    // Thousands of links and empty elements under a deep nest; formatting elements left
    // open; a cell far right spanning every row below.
    let mut doc = String::from("<html><body><div class=\"nav\">");
    doc.push_str(&"<a href=\"#\">链接</a><span></span>".repeat(30_000));
    doc.push_str("</div><div class=\"content\">");
    doc.push_str(&"<div>".repeat(300));
    doc.push_str("<p>深处</p><p>一段</p>");
    doc.push_str(&"</div>".repeat(300));
    doc.push_str(&"<b><i><u>".repeat(30));
    doc.push_str(&article);
    doc.push_str("<table><tr><td>1</td><td colspan=\"64\"></td><td rowspan=\"0\">甲</td></tr>");
    doc.push_str(&"<tr><td>2</td></tr>".repeat(3_000));
    doc.push_str("</table></div>");
    doc.push_str(&"<b><i><u>".repeat(3_000));
    doc.push_str("</body></html>");
    let started = std::time::Instant::now();
    let read = html("big.html", doc.as_bytes()).unwrap();
    assert!(read.contains(RUNNING) && !read.contains("链接"));
    assert!(read.contains("深处\n一段"));
    // Row 2 has its own cell, the empty places under the wide cell, and 甲 from above.
    let row2 = read
        .lines()
        .find(|l| l.starts_with("2\t"))
        .unwrap_or_default();
    assert!(row2.ends_with("\t甲"), "{row2}");
    assert_eq!(read.lines().filter(|l| l.ends_with("\t甲")).count(), 3_001);
    assert!(started.elapsed().as_secs() < 60);
}

#[test]
fn paragraphs_loose_in_the_body_beside_a_big_menu() {
    let mut body = String::from("<ul id=\"menu\">");
    for i in 0..60 {
        body.push_str(&format!("<li><a href=\"/c{i}\">栏目名称{i}</a></li>"));
    }
    body.push_str(&format!(
        "</ul><h1>某某市数字经济行动方案</h1><p>一、总体要求</p><p>{RUNNING}</p><p>{RUNNING}</p><p>{RUNNING}</p>\
         <p>版权所有：某某市人民政府</p>"
    ));
    let read = html("loose.html", page(&body).as_bytes()).unwrap();
    let lines: Vec<&str> = read.lines().collect();
    assert_eq!(
        lines,
        [
            "某某市数字经济行动方案",
            "一、总体要求",
            RUNNING,
            RUNNING,
            RUNNING
        ]
    );
}
