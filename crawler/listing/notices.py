"""The words a portal uses to say a column has nothing in it."""

from __future__ import annotations

import re

_EMPTY_NOTICE = re.compile(r"暂无(?:信息|数据|内容|记录|相关信息|相关内容|文章|公开信息)|没有(?:相关)?(?:信息|数据|记录|内容)|无相关(?:信息|数据|记录|内容)|(?:查询|检索)结果为空")
MAX_SCANNED_CHARS = 200_000


def has_empty_notice(text: str) -> bool:
    return bool(_EMPTY_NOTICE.search(text[:MAX_SCANNED_CHARS]))
