"""Steps for copies of a report saved or scraped from a web page.

* :func:`strip_html` removes the markup of an HTML page (tags, comments,
  scripts and styles; entities decoded) with the standard library's
  :class:`html.parser.HTMLParser`, so that every removed tag is logged at its
  place in the raw file.  Block-level tags become line breaks.
* :func:`strip_web_chrome` removes the page furniture that scraping keeps
  around a report: the controls (下载/打印/全屏/收藏/【字号：加大/还原/减小】/分享),
  metadata lines (来源：…, 时间：…, 责任编辑：…), breadcrumbs (首页 > … > …),
  photo captions (…作政府工作报告。本报记者 … 摄), and everything after the report's
  end that a page adds (相关报道：…, 扫一扫在手机打开当前页, a title repeated in the
  footer).  Lines of the title block that are repeated are removed too.
* :func:`drop_repeated_paragraphs` removes a body paragraph that repeats the
  one before it word for word (a scraping artefact).

Each rule names the feature of the genre's web pages it handles; none knows a
particular page.  Lines before the report proper that no rule recognises stay
in the title block and are reported by :func:`lcanalysis.structure.parse`.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from ._base import ANNEX_HEADING, NUMERALS_ZH, SALUTATION, UNNUMBERED_HEADING, Change, _apply

# -- HTML ------------------------------------------------------------------------
#: a text is an HTML page when it declares itself one or is mostly tags
HTML_SIGNS = re.compile(r"^\s*(?:<!DOCTYPE\s+html|<html\b|<\?xml[^>]*>\s*<html\b)", re.I)
HTML_TAG = re.compile(r"</?(?:p|div|br|span|table|tr|td|li|ul|h[1-6]|body|head|meta|a|strong|b|font)\b[^<>]*>", re.I)
BLOCK_TAGS = frozenset(
    "address article aside blockquote body br dd div dl dt figcaption figure footer form h1 h2 h3 "
    "h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead title tr ul".split()
)
HIDDEN_TAGS = frozenset({"script", "style", "noscript", "template", "head"})


def is_html(text: str) -> bool:
    """Does the text look like an HTML page (a declaration, or many tags)?"""
    return bool(HTML_SIGNS.match(text)) or len(HTML_TAG.findall(text[:50000])) >= 5


class _Markup(HTMLParser):
    """Collects the spans of markup in a page (offsets into the text)."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.changes: list[Change] = []
        self.hidden = 0
        self.hidden_from: int | None = None

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _tag_end(self, at: int) -> int:
        end = self.text.find(">", at)
        return len(self.text) if end < 0 else end + 1

    def _drop(self, start: int, end: int, after: str, reason: str) -> None:
        if self.hidden and reason != "hidden":
            return  # inside <script>/<style>/<head>: removed as a whole
        self.changes.append(Change(start, end, after, reason))

    def handle_starttag(self, tag, attrs):
        at = self._offset()
        raw = self.get_starttag_text() or ""
        end = at + len(raw) if raw else self._tag_end(at)
        if tag in HIDDEN_TAGS:
            if not self.hidden:
                self.hidden_from = at
            self.hidden += 1
            return
        self._drop(at, end, "\n" if tag in BLOCK_TAGS else "", f"HTML tag <{tag}> (markup, not text)")

    def handle_startendtag(self, tag, attrs):
        at = self._offset()
        raw = self.get_starttag_text() or ""
        self._drop(at, at + len(raw) if raw else self._tag_end(at),
                   "\n" if tag in BLOCK_TAGS else "", f"HTML tag <{tag}/> (markup, not text)")

    def handle_endtag(self, tag):
        at = self._offset()
        end = self._tag_end(at)
        if tag in HIDDEN_TAGS and self.hidden:
            self.hidden -= 1
            if not self.hidden:
                self.changes.append(Change(self.hidden_from, end, "",
                                           f"HTML <{tag}> element (script, style or page head: not text)"))
                self.hidden_from = None
            return
        self._drop(at, end, "\n" if tag in BLOCK_TAGS else "", f"HTML tag </{tag}> (markup, not text)")

    def _entity(self, at: int, raw_end: int):
        raw = self.text[at:raw_end]
        self._drop(at, raw_end, html.unescape(raw), "HTML character reference decoded")

    def handle_entityref(self, name):
        at = self._offset()
        end = at + 1 + len(name)
        end += self.text.startswith(";", end)
        self._entity(at, end)

    def handle_charref(self, name):
        at = self._offset()
        end = at + 2 + len(name)
        end += self.text.startswith(";", end)
        self._entity(at, end)

    def handle_comment(self, data):
        at = self._offset()
        self._drop(at, at + len(data) + 7, "", "HTML comment")

    def handle_decl(self, decl):
        at = self._offset()
        self._drop(at, self._tag_end(at), "", "HTML document type declaration")

    def handle_pi(self, data):
        at = self._offset()
        self._drop(at, self._tag_end(at), "", "XML processing instruction")


def strip_html(text: str) -> tuple[str, list[Change]]:
    """Remove the markup of an HTML page; plain text passes unchanged."""
    if not is_html(text):
        return text, []
    parser = _Markup(text)
    parser.feed(text)
    parser.close()
    changes, pos = [], 0
    for ch in sorted(parser.changes, key=lambda c: (c.start, c.end)):
        if ch.start >= pos and ch.end > ch.start:  # a hidden element swallows what it contains
            changes.append(ch)
            pos = ch.end
    return _apply(text, changes), changes


# -- page chrome -------------------------------------------------------------------
#: whole lines that are the controls of a news or government web page
CONTROL_LINE = re.compile(
    r"^(?:下载|打印|全屏|收藏|分享|分享到|关闭|关闭窗口|打印本页|打印此页|返回顶部|返回|加大|还原|减小|"
    r"放大|缩小|默认|大|中|小|【|】|[【\[]?字号\s*[:：]?|[【\[]?字体\s*[:：]?|首页|上一页|下一页|"
    r"扫一扫|扫一扫在手机打开当前页|用手机扫描二维码|微信|微博|QQ空间|朋友圈|"
    r"【打印】|【关闭】|【关闭窗口】|【打印本页】|【大】|【中】|【小】|【加大】|【减小】|【还原】|"
    r"\[打印\]|\[关闭\]|[>›»|/]+)\s*[:：]?$"
)
#: a metadata line: label, colon and (possibly on the next line) a value
META_LINE = re.compile(
    r"^[【\[]?(?:来源|时间|发布时间|发布日期|日期|更新时间|作者|编辑|责任编辑|责编|审核|校对|浏览次数|"
    r"访问量|点击数|阅读数|阅读量|信息来源|文章来源|稿源|字号|索引号|发文机关|发布机构|分类)[】\]]?\s*[:：]"
)
#: the end of the report proper: what a page adds after it
TRAILER_LINE = re.compile(
    r"^(?:相关报道|相关新闻|相关阅读|相关链接|相关文章|相关稿件|延伸阅读|推荐阅读|扫一扫|"
    r"[（(]?责任编辑|[（(]?责编|【打印】|【关闭】|打印本页|关闭窗口)"
)
#: a photo caption: a short line credited to a photographer, or "X作政府工作报告"
CAPTION = re.compile(r"(?:记者|摄影|通讯员|供图|图片来源)[^。]{0,20}$|摄\s*$|^图为|作政府工作报告。?$")
CAPTION_MAX_CHARS = 120
#: inside the body only a photographer's credit marks a caption (report text never ends so)
BODY_CAPTION = re.compile(r"摄(?:影)?\s*$")
#: a numbered top-level heading (where the report proper starts when it has no salutation)
_PART_HEADING = re.compile(rf"^[{NUMERALS_ZH}]+、")


def _lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end including the line break, stripped content) of every line."""
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        out.append((pos, pos + len(line), line.strip(" \t\u3000\r\n")))
        pos += len(line)
    return out


def _body_line(lines) -> int | None:
    """Index of the first line of the report proper: the salutation, else the
    first top-level heading."""
    for i, (_, _, s) in enumerate(lines):
        if SALUTATION.match(s):
            return i
    for i, (_, _, s) in enumerate(lines):
        if _PART_HEADING.match(s) or UNNUMBERED_HEADING.match(s):
            return i
    return None


#: a site's navigation bar: three or more short links separated by | (首页 | 政务公开 | …)
NAV_LINE = re.compile(r"^(?:[^|｜。，；：:]{1,12}\s*[|｜]\s*){2,}[^|｜。，；：:]{1,12}$")
#: a breadcrumb trail on one line: 当前位置：首页 > 政务公开 > 政府工作报告, or 首页 > … > …
BREADCRUMB_LINE = re.compile(
    r"^(?:(?:您的|你的|您当前的|您现在的|当前)?(?:所在)?位置\s*[:：]\s*)?(?:网站)?首页"
    r"(?:\s*[>›»→＞/]\s*[^>›»→＞。；]{1,24}){1,}\s*$"
    r"|^(?:您的|你的|您当前的|您现在的|当前)(?:所在)?位置\s*[:：]")
#: the words of a line of page controls (字体：[大 中 小]　分享到：微信 微博): a line made of
#: nothing else is chrome
CONTROL_WORDS = re.compile(
    r"字体|字号|分享到|分享|微信|微博|QQ空间|朋友圈|打印|关闭|收藏|扫一扫|默认|放大|缩小|加大|减小|还原|"
    r"[\[【（(]?\s*[大中小](?:\s*[大中小])*\s*[\]】）)]?|[:：|｜\s\u3000]")


def _chrome_reason(s: str) -> str | None:
    if CONTROL_LINE.match(s):
        return f"web-page control {s!r} (page chrome, not report text)"
    if not CONTROL_WORDS.sub("", s):
        return f"web-page controls {s!r} (page chrome, not report text)"
    if NAV_LINE.match(s):
        return "web-page navigation bar (page chrome, not report text)"
    if BREADCRUMB_LINE.match(s):
        return "breadcrumb trail (当前位置：首页 > … : page chrome)"
    if META_LINE.match(s):
        return "web-page metadata line (source, date, editor: page chrome)"
    if len(s) <= CAPTION_MAX_CHARS and CAPTION.search(s) and not s.endswith(("！", "？", "；")):
        return "photo caption (page chrome, not report text)"
    return None


def strip_web_chrome(text: str) -> tuple[str, list[Change]]:
    """Remove page chrome before the report proper and after its end, and photo
    captions anywhere (see the module docstring).  A text with none passes
    unchanged."""
    lines = _lines(text)
    begin = _body_line(lines)
    remove: dict[int, str] = {}
    if begin is not None:
        kept: set[str] = set()
        for i in range(begin):
            s = lines[i][2]
            if not s or i in remove:
                continue
            reason = _chrome_reason(s)
            neighbours = [lines[j][2] for j in (i - 1, i + 1) if 0 <= j < len(lines)]
            if reason is None and any(re.fullmatch(r"[>›»]+", n) for n in neighbours):
                reason = "breadcrumb trail (首页 > … : page chrome)"
            if reason and META_LINE.match(s) and re.search(r"[:：]$", s) and i + 1 < begin:
                remove[i + 1] = "value of a web-page metadata line (page chrome)"
            if reason is None and s in kept:
                reason = "title-block line repeated by the web page"
            if reason:
                remove[i] = reason
            else:
                kept.add(s)
        # the end of the report proper: the first trailer line after the body starts
        trailer = next((i for i in range(begin + 1, len(lines))
                        if TRAILER_LINE.match(lines[i][2])), None)
        if trailer is not None:
            for i in range(trailer, len(lines)):
                if lines[i][2]:
                    remove[i] = "web page after the report's end (related links, sharing)"
        # trailing furniture, and a title repeated in the page footer
        for i in range(len(lines) - 1, begin, -1):
            s = lines[i][2]
            if not s or i in remove:
                continue
            reason = _chrome_reason(s)
            if reason is None and s in kept and not ANNEX_HEADING.match(s):
                reason = "title-block line repeated after the report's end (page footer)"
            if reason is None:
                break
            remove[i] = reason
        for i in range(begin, len(lines)):  # captions between paragraphs of the body
            s = lines[i][2]
            if s and i not in remove and len(s) <= CAPTION_MAX_CHARS and BODY_CAPTION.search(s):
                remove[i] = "photo caption (page chrome, not report text)"
    changes = [Change(lines[i][0], lines[i][1], "", reason) for i, reason in sorted(remove.items())]
    return _apply(text, changes), changes


def drop_repeated_paragraphs(text: str) -> tuple[str, list[Change]]:
    """A paragraph that repeats the one before it word for word is a scraping
    artefact: the second copy is removed (headings included)."""
    lines = _lines(text)
    changes, prev = [], None
    for start, end, s in lines:
        if not s:
            continue
        if s == prev and len(s) >= 4:
            changes.append(Change(start, end, "", "paragraph repeated word for word (second copy removed)"))
        prev = s
    return _apply(text, changes), changes
