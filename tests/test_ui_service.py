"""Limits shared by the chat, the embed page and the JSON API (advisor.ui.service)."""

from __future__ import annotations

import pytest

from advisor.config import Settings
from advisor.ui.service import Guard, RateLimiter, UserFacingError, check_message, client_key


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rate_limiter_sliding_window() -> None:
    clock = Clock()
    limiter = RateLimiter(3, clock=clock)
    assert [limiter.check("a") for _ in range(3)] == [None, None, None]
    wait = limiter.check("a")
    assert wait is not None and 1 <= wait <= 61
    assert limiter.check("b") is None  # another client has its own budget
    clock.now += 60.5
    assert limiter.check("a") is None


def test_rate_limit_zero_disables() -> None:
    limiter = RateLimiter(0)
    assert all(limiter.check("a") is None for _ in range(100))


def test_check_message_japanese_errors(tmp_path) -> None:
    settings = Settings(data_dir=tmp_path, max_message_chars=10)
    assert check_message("  こんにちは  ", settings) == "こんにちは"
    with pytest.raises(UserFacingError) as empty:
        check_message("   ", settings)
    assert empty.value.status == 422 and "入力してください" in empty.value.message
    with pytest.raises(UserFacingError) as long:
        check_message("あ" * 11, settings)
    assert long.value.status == 413 and "10文字以内" in long.value.message
    with pytest.raises(UserFacingError):
        check_message(None, settings)


def test_forwarded_for_only_from_trusted_proxy(tmp_path) -> None:
    plain = Settings(data_dir=tmp_path)
    assert client_key("10.0.0.5", {"x-forwarded-for": "1.2.3.4"}, plain) == "10.0.0.5"
    proxied = Settings(data_dir=tmp_path, trusted_proxies=["10.0.0.0/8"])
    assert client_key("10.0.0.5", {"x-forwarded-for": "9.9.9.9, 1.2.3.4, 10.0.0.7"}, proxied) == "1.2.3.4"
    assert client_key("8.8.8.8", {"x-forwarded-for": "1.2.3.4"}, proxied) == "8.8.8.8"


def test_guard_rejected_message_does_not_use_budget(tmp_path) -> None:
    guard = Guard(Settings(data_dir=tmp_path, max_message_chars=5), RateLimiter(1))
    with pytest.raises(UserFacingError):
        guard.admit("1.1.1.1", {}, "長すぎるメッセージです")
    assert guard.admit("1.1.1.1", {}, "質問") == "質問"
    with pytest.raises(UserFacingError) as limited:
        guard.admit("1.1.1.1", {}, "質問")
    assert limited.value.status == 429 and "秒ほど待って" in limited.value.message
