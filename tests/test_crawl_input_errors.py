"""`scrapy crawl news` with bad input: one clear line, exit status 2, nothing written."""

from __future__ import annotations

import pytest

from tests.helpers import crawl

pytestmark = pytest.mark.e2e  # real crawls, servers or CLI runs in subprocesses


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["url=ftp://files.example/"], "is not an http(s) URL"),
        (["url=,"], "was given no URL"),
        (["sources=does-not-exist.toml"], "not found"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, args, expected):
    data = tmp_path / "data"
    done = crawl(data, *args)
    assert done.returncode == 2
    assert expected in done.stderr
    assert "Traceback" not in done.stderr
    assert len([line for line in done.stderr.splitlines() if "error" in line.lower()]) == 1
    assert not data.exists()
