"""What the report calls things, in Chinese and English. Ids the table does not know are
shown as they are, so a new product line or channel still reads."""

from __future__ import annotations

NAMES: dict[str, tuple[str, str]] = {
    # stages
    "order": ("订购", "order"), "activate": ("开通", "activate"), "use": ("使用", "use"),
    "bill": ("计费", "bill"), "change": ("变更", "change"), "cancel": ("退订", "cancel"),
    # channels
    "api": ("接口", "API"), "web": ("网厅", "web hall"), "mobile": ("掌厅", "mobile hall"),
    "counter": ("营业厅", "store counter"), "hotline": ("热线", "hotline"),
    "sms": ("短信营业厅", "SMS hall"),
    # product lines
    "mobile_plan": ("手机套餐", "mobile plan"), "topup": ("充值缴费", "top-up"),
    "vas": ("增值业务", "VAS"), "broadband": ("宽带", "broadband"),
    "bundle": ("融合套餐", "bundle"), "roaming": ("国际漫游", "roaming"),
    "enterprise": ("政企业务", "enterprise"),
    # problem statuses
    "new": ("新发现", "new"), "open": ("未整改", "open"), "fixed": ("已整改", "fixed"),
    "regressed": ("复发", "regressed"),
    # checkpoint statuses
    "passed": ("通过", "passed"), "failed": ("不达标", "failed"),
    "blocked": ("受阻", "blocked"), "errored": ("环境/工具错误", "errored"),
    # severities
    "critical": ("严重", "critical"), "major": ("重要", "major"), "minor": ("一般", "minor"),
}


def zh(key: str) -> str:
    return NAMES.get(key, (key, key))[0]


def en(key: str) -> str:
    return NAMES.get(key, (key, key))[1]


def both(key: str, sep: str = " ") -> str:
    """For a chart, where there is no language switch: '计费 bill'."""
    z, e = NAMES.get(key, (key, key))
    return z if z == e else f"{z}{sep}{e}"
