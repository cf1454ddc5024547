"""Masking of personal data before anything leaves the harness: a record, an Allure result
or attachment, a trace, the history, an export or a report.

The walk masks its own persona's name and ID number wherever it writes (``Persona.mask``,
which ends with ``mask_text``). ``mask_text`` alone is the second line, for text written
where the persona is not known: whatever looks like a mobile number, a resident ID number or
a name after a salutation is masked, because a real carrier's SMS and pages may quote data
the walk did not know it held (another customer's bill, say).
"""

from __future__ import annotations

import re

_PHONE = re.compile(r"(?<!\d)(1\d{2})\d{4}(\d{4})(?!\d)")
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


def mask_phones(text: str) -> str:
    return _PHONE.sub(r"\1****\2", text)


def mask_name(name: str) -> str:
    if " " in name:  # western order: keep the initials
        return " ".join(part[0] + "." for part in name.split())
    return name[0] + "*" * (len(name) - 1)


def mask_id(id_number: str) -> str:
    return id_number[:4] + "*" * max(len(id_number) - 8, 0) + id_number[-4:]
