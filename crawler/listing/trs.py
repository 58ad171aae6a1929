"""TRS WCM pagination: `createPageHTML(...)` writes the pager with JavaScript.

Two numbering schemes are common:
- 4 arguments, counting from 0: createPageHTML(7, 0, "index", "html") → index.html, index_1.html … index_6.html
- 6 arguments, counting from 1: createPageHTML('page_div', 9, 1, 'list', 'shtml', 170)
  → list.shtml, list_2.shtml … list_9.shtml
The scheme is read from the current-page value against the URL being read; the arity decides only
when that is ambiguous. Arguments may be variables (`var countPage = 7`), resolved from the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from crawler.listing.model import PageRequest

MAX_DECLARED_PAGES = 5000
_CALL = re.compile(r"createPageHTML\s*\(([^()]{0,300})\)")
_DEFINITION_BEFORE = re.compile(r"\bfunction\s+$")
_ARGUMENT = re.compile(r"""\s*(?:"([^"]{0,100})"|'([^']{0,100})'|([A-Za-z_$][\w$]{0,40})|(-?\d{1,7}))\s*$""")
_IDENTIFIER_FORMS = ("var {0}", "let {0}", "const {0}", "{0}")


@dataclass(frozen=True)
class TrsPager:
    count: int  # declared number of pages
    current: int  # the current-page argument as written
    stem: str
    extension: str
    records: int | None
    arity: int


def _resolve_identifier(body: str, name: str) -> str | None:
    for form in _IDENTIFIER_FORMS:
        pattern = re.compile(r"(?<![\w$.])" + re.escape(form.format(name)) + r"\s*=\s*(\d{1,7}|\"[^\"]{0,100}\"|'[^']{0,100}')(?=\s*(?:[;,\n}]|//|$))")
        m = pattern.search(body)
        if m:
            return m[1].strip("\"'")
    return None


def _arguments(body: str, raw: str) -> list[str | int] | None:
    values: list[str | int] = []
    for part in raw.split(","):
        m = _ARGUMENT.match(part)
        if not m:
            return None
        if m[4] is not None:
            values.append(int(m[4]))
        elif m[3] is not None:
            resolved = _resolve_identifier(body, m[3])
            if resolved is None:
                return None
            values.append(int(resolved) if resolved.isdigit() else resolved)
        else:
            values.append(m[1] if m[1] is not None else m[2])
    return values


def parse_pager(body: str) -> TrsPager | None:
    """The first createPageHTML call whose arguments can be read (not its own definition)."""
    for call in _CALL.finditer(body):
        if _DEFINITION_BEFORE.search(body, max(call.start() - 40, 0), call.start()):
            continue
        args = _arguments(body, call[1])
        if not args:
            continue
        numbers = [i for i, a in enumerate(args) if isinstance(a, int)]
        if len(numbers) < 2:
            continue
        count_at, current_at = numbers[0], numbers[1]
        strings = [a for a in args[current_at + 1 :] if isinstance(a, str)]
        if len(strings) < 2 or current_at != count_at + 1:
            continue
        records = args[-1] if isinstance(args[-1], int) and len(args) - 1 > current_at + 2 else None
        return TrsPager(
            count=min(int(args[count_at]), MAX_DECLARED_PAGES),
            current=int(args[current_at]),
            stem=strings[0],
            extension=strings[1].lstrip("."),
            records=records if isinstance(records, int) else None,
            arity=len(args),
        )
    return None


def _file_number(url: str, pager: TrsPager) -> int | None:
    """0 for the first page (stem.ext or the directory), k for stem_k.ext, None for another file."""
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    if name in ("", f"{pager.stem}.{pager.extension}"):
        return 0
    m = re.fullmatch(re.escape(pager.stem) + r"_(\d{1,6})\." + re.escape(pager.extension), name)
    return int(m[1]) if m else None


def _counts_from_one(url: str, pager: TrsPager) -> bool:
    file_number = _file_number(url, pager)
    if file_number == 0:
        return pager.current >= 1
    if file_number is not None and pager.current == file_number:
        # index_k with current k fits both schemes; a 0-based pager never reaches current == count.
        return pager.arity >= 6 or pager.current >= pager.count
    return pager.arity >= 6


def trs_pages(body: str, url: str, *, declare: bool = True) -> tuple[list[PageRequest], int] | None:
    """All declared list pages other than the one being read (none unless ``declare``), and the
    declared page count."""
    pager = parse_pager(body)
    if pager is None:
        return None
    if not declare:
        return [], pager.count
    first = urljoin(url, f"{pager.stem}.{pager.extension}")
    if _counts_from_one(url, pager):
        numbered = [(page, page) for page in range(2, pager.count + 1)]
    else:
        numbered = [(file_number + 1, file_number) for file_number in range(1, pager.count)]
    requests = [PageRequest(first, 1)] if pager.count >= 1 else []
    # a plain file name lies in the first page's folder: no urljoin per page (~30 µs each)
    folder = first[: first.rindex("/") + 1] if re.fullmatch(r"\w[\w.-]*", pager.stem) else None
    for page, file_number in numbered:
        name = f"{pager.stem}_{file_number}.{pager.extension}"
        requests.append(PageRequest(folder + name if folder is not None else urljoin(url, name), page))
    current = url.split("#", 1)[0].split("?", 1)[0]
    if current.endswith("/"):
        current = first
    return [r for r in requests if r.url != current], pager.count
