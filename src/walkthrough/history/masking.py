"""Masking of personal data before anything reaches the history, an export or a report.

The walk masks its own persona's name, ID number and number before it writes a record
(``Persona.mask``). This is the second line: whatever still looks like a mobile number, a
resident ID number or a name after a salutation is masked again, because a real carrier's
SMS and pages may quote data the walk did not know it held.
"""

from __future__ import annotations

import re

from walkthrough.persona import mask_id, mask_name, mask_phones

# 18-digit resident ID (last may be X) and the old 15-digit one, not inside a longer number.
_ID_NUMBER = re.compile(r"(?<![\dA-Za-z])(\d{17}[\dXx]|\d{15})(?![\dA-Za-z])")
# "尊敬的张三客户", "张三先生/女士", "姓名:张三", "name: Zhang San": the name is what follows
# the salutation or the label; two to four Chinese characters, or a western name.
_SALUTED = re.compile(r"(尊敬的|亲爱的|姓名[:：]\s*|客户[:：]\s*)([\u4e00-\u9fff]{2,4}?)"
                      r"(?=先生|女士|客户|用户|您好|[,，。:：\s]|$)")
_TITLED = re.compile(r"([\u4e00-\u9fff]{2,3})(?=先生|女士)")
_LABELLED_EN = re.compile(r"(?i)\b(name[:=]\s*)([A-Z][a-z]+(?: [A-Z][a-z]+)*)")


def mask_text(text: str | None) -> str:
    """The text with phone numbers, ID numbers and recognisable names masked."""
    if not text:
        return ""
    text = _ID_NUMBER.sub(lambda m: mask_id(m.group(1)), text)
    text = mask_phones(text)
    text = _SALUTED.sub(lambda m: m.group(1) + _masked_name(m.group(2)), text)
    text = _TITLED.sub(lambda m: _masked_name(m.group(1)), text)
    return _LABELLED_EN.sub(lambda m: m.group(1) + mask_name(m.group(2)), text)


def _masked_name(name: str) -> str:
    # already masked by the walk ("张*"), or a word that is not a name: leave it
    if "*" in name or name in _NOT_NAMES:
        return name
    return mask_name(name)


_NOT_NAMES = {"客户", "用户", "会员"}
