"""The halls over plain HTTP: what needs no browser."""

from __future__ import annotations

from typing import Any


def test_a_wrong_password_is_refused_in_both_halls(bw: Any) -> None:
    subs = bw.subscriber()
    web = bw.http.post(f"{bw.url}/bw/login", data={"telNo": subs["telNo"],
                                                  "password": subs["servicePwd"]})
    mobile = bw.http.post(f"{bw.url}/bwapp/login", data={"telNo": subs["telNo"],
                                                        "password": subs["loginPwd"]})
    assert web.status_code == mobile.status_code == 401
    assert "手机号码或密码不正确" in web.text and "手机号码或密码不正确" in mobile.text
    assert not any("验证码" in t for t in bw.texts(subs["telNo"]))


def test_without_a_session_every_page_leads_to_sign_in(bw: Any) -> None:
    for hall, pages in (("bw", ("/", "/cart", "/services", "/bills", "/topup")),
                        ("bwapp", ("/", "/shop", "/me", "/bills"))):
        for page in pages:
            response = bw.http.get(f"{bw.url}/{hall}{page}", allow_redirects=False)
            assert response.status_code == 303, (hall, page)
            assert response.headers["location"] == f"/{hall}/login"
