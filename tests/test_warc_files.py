"""WARC files: what the crawl writes is standard (read back by warcio), and damaged files are read around."""

from __future__ import annotations

import asyncio
import gzip
import io
import logging
import zlib
from datetime import datetime, timezone
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawler.warc.locations import opener
from newscrawler.warc.reader import ReadReport, WarcFileError, iter_responses, read_response_at
from newscrawler.warc.writer import Exchange, RotatingWarcWriter

FETCHED = datetime(2026, 3, 1, 12, 30, 5, 123456, tzinfo=timezone.utc)


def exchange(number: int, body: bytes | None = None, headers: list[tuple[str, str]] | None = None) -> Exchange:
    return Exchange(
        url=f"https://news.example.com/story-{number}.html?ref=x",
        method="GET",
        request_headers=[("User-Agent", "newscrawler-test"), ("Accept", "text/html")],
        status=200,
        reason="OK",
        response_headers=headers or [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")],
        body=body if body is not None else f"<html><body><p>Story {number}</p></body></html>".encode(),
        fetched=FETCHED,
        ip_address="192.0.2.7",
        extra_headers=(("Newscrawler-Source", "Example"),),
    )


def write(directory: Path, count: int, max_size: int = 1 << 30) -> tuple[RotatingWarcWriter, list]:
    writer = RotatingWarcWriter(directory, max_size)
    pointers = [writer.write(exchange(n)) for n in range(count)]
    writer.close()
    return writer, pointers


def gzip_members(data: bytes) -> list[bytes]:
    members = []
    while data:
        inflater = zlib.decompressobj(31)
        members.append(inflater.decompress(data))
        data = inflater.unused_data
    return members


def test_written_files_are_warc_1_1_read_back_by_warcio(tmp_path):
    writer, pointers = write(tmp_path, 3)
    [name] = writer.files_written
    data = (tmp_path / name).read_bytes()
    records = []
    with open(tmp_path / name, "rb") as handle:
        iterator = ArchiveIterator(handle, check_digests="raise")
        for record in iterator:
            records.append((record.rec_type, record.rec_headers, record.content_stream().read(), iterator.get_record_offset()))
    assert [kind for kind, *_ in records] == ["warcinfo"] + ["response", "request"] * 3
    assert len(gzip_members(data)) == len(records)  # one gzip member per record
    responses = [r for r in records if r[0] == "response"]
    assert [offset for *_, offset in responses] == [p.offset for p in pointers]
    for number, (_, headers, body, _) in enumerate(responses):
        assert headers.protocol == "WARC/1.1"
        assert headers.get_header("WARC-Target-URI") == f"https://news.example.com/story-{number}.html?ref=x"
        assert headers.get_header("WARC-Date") == "2026-03-01T12:30:05.123456Z"
        assert headers.get_header("WARC-IP-Address") == "192.0.2.7"
        assert headers.get_header("WARC-Payload-Digest").startswith("sha1:")
        assert body == f"<html><body><p>Story {number}</p></body></html>".encode()
    request = records[2][1]
    assert request.get_header("WARC-Concurrent-To") == responses[0][1].get_header("WARC-Record-ID")


def test_the_stored_body_is_decoded_so_encoding_headers_are_dropped(tmp_path):
    _, [pointer] = write(tmp_path, 1)
    response = read_response_at(opener(str(tmp_path / pointer.file)), pointer.file, pointer.offset, 1 << 20)
    names = {name.lower() for name, _ in response.headers}
    assert "content-encoding" not in names
    assert ("Content-Length", str(len(response.body))) in response.headers
    assert response.fields["Newscrawler-Source"] == "Example"


def test_files_rotate_at_the_size_setting(tmp_path):
    writer, pointers = write(tmp_path, 6, max_size=1500)
    assert len(writer.files_written) >= 3
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(writer.files_written)
    for number, pointer in enumerate(pointers):
        response = read_response_at(opener(str(tmp_path / pointer.file)), pointer.file, pointer.offset, 1 << 20)
        assert response.url.endswith(f"story-{number}.html?ref=x")


def test_a_file_written_by_warcio_is_read(tmp_path):
    path = tmp_path / "other.warc.gz"
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for number in range(3):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.0")
            body = f"<p>page {number}</p>".encode()
            writer.write_record(writer.create_warc_record(f"http://a.example/{number}", "response",
                                                          payload=io.BytesIO(body), http_headers=http))
    responses = list(iter_responses(opener(str(path)), path.name))
    assert [r.url for r in responses] == [f"http://a.example/{n}" for n in range(3)]
    assert responses[2].body == b"<p>page 2</p>" and responses[2].content_type == "text/html"
    assert responses[0].date is not None


# --- damaged input: one log line each, the rest of the file is read ---

def read_all(path: Path, max_body: int = 1 << 20) -> tuple[list, ReadReport]:
    report = ReadReport()
    return list(iter_responses(opener(str(path)), path.name, max_body=max_body, report=report)), report


def rewrite_members(tmp_path: Path, change) -> Path:
    """A 5-article file with its gzip members changed by ``change(members)``."""
    writer, _ = write(tmp_path / "src", 5)
    members = gzip_members((tmp_path / "src" / writer.files_written[0]).read_bytes())
    path = tmp_path / "damaged.warc.gz"
    path.write_bytes(b"".join(gzip.compress(member) for member in change(members)))
    return path


def with_content_length(member: bytes, value: int) -> bytes:
    start = member.index(b"Content-Length: ")
    end = member.index(b"\r\n", start)
    return member[:start] + b"Content-Length: %d" % value + member[end:]


def warnings_of(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.parametrize("kept", [20, 200, 330])
def test_a_truncated_last_record_is_skipped(tmp_path, caplog, kept):
    writer, _ = write(tmp_path, 4, max_size=1 << 30)
    path = tmp_path / writer.files_written[0]
    data = path.read_bytes()
    last_response = data.rindex(b"\x1f\x8b\x08", 0, data.rindex(b"\x1f\x8b\x08"))  # the last pair's response
    assert data.rindex(b"\x1f\x8b\x08") - last_response > kept
    path.write_bytes(data[: last_response + kept])  # a SIGKILL mid-write
    responses, report = read_all(path)
    assert [r.url.rsplit("/", 1)[1] for r in responses] == [f"story-{n}.html?ref=x" for n in range(3)]
    assert len(warnings_of(caplog)) == report.damaged <= 1


@pytest.mark.parametrize("wrong", [5, 100_000], ids=["too-small", "too-large"])
def test_a_record_with_a_wrong_content_length_is_skipped(tmp_path, caplog, wrong):
    def damage(members):
        members[3] = with_content_length(members[3], wrong)  # the second response
        return members

    responses, report = read_all(rewrite_members(tmp_path, damage))
    assert [r.url.rsplit("/", 1)[1] for r in responses] == [f"story-{n}.html?ref=x" for n in (0, 2, 3, 4)]
    assert report.damaged == 1
    assert len(warnings_of(caplog)) == 1, warnings_of(caplog)


def test_a_file_that_is_not_warc_is_one_error(tmp_path):
    path = tmp_path / "page.warc.gz"
    path.write_bytes(b"<html><body>" + b"not an archive " * 200 + b"</body></html>")
    with pytest.raises(WarcFileError, match="not a readable WARC file"):
        read_all(path)


def test_a_gzip_bomb_inside_a_record_is_skipped_with_bounded_memory(tmp_path, caplog):
    bomb = gzip.compress(b"\0" * (200 * 1024 * 1024))  # 200 MB of zeros in ~200 KB
    writer = RotatingWarcWriter(tmp_path, 1 << 30)
    writer.write(exchange(0))
    writer.write(Exchange(**{**exchange(1).__dict__, "body": bomb,
                             "response_headers": [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]}))
    writer.write(exchange(2))
    writer.close()
    # The writer drops Content-Encoding (it stores decoded bodies); put it back as a hostile archive would.
    path = tmp_path / writer.files_written[0]
    members = gzip_members(path.read_bytes())
    members[3] = members[3].replace(b"Content-Type: text/html\r\n", b"Content-Type: text/html\r\nContent-Encoding: gzip\r\n", 1)
    members[3] = with_content_length(members[3], int(members[3].split(b"Content-Length: ")[1].split(b"\r\n")[0]) + 26)
    path.write_bytes(b"".join(gzip.compress(member) for member in members))
    responses, report = read_all(path, max_body=1 << 20)
    assert [r.url.rsplit("/", 1)[1] for r in responses] == ["story-0.html?ref=x", "story-2.html?ref=x"]
    assert report.too_large == 1 and len(warnings_of(caplog)) == 1


# --- the capture pipeline ---

def test_capture_pipeline_points_articles_at_their_response_and_keeps_listings_on_request(tmp_path):
    from scrapy.http import HtmlResponse, Request

    from newscrawler.items import ArticleItem
    from newscrawler.pipelines.extract import ListingPage
    from newscrawler.pipelines.warc import WarcCapturePipeline

    def fetched(path: str) -> HtmlResponse:
        request = Request(f"https://news.example.com{path}", headers={"User-Agent": "newscrawler-test"})
        return HtmlResponse(request.url, body=b"<html><p>text</p></html>", request=request,
                            headers={"Content-Type": "text/html"})

    for listing_pages, expected in ((False, 1), (True, 2)):
        directory = tmp_path / str(listing_pages)
        pipeline = WarcCapturePipeline(directory, 1 << 30, listing_pages=listing_pages)
        article = ArticleItem(url="https://news.example.com/a.html", source="Example", response=fetched("/a.html"),
                              default_timezone="Asia/Kolkata", crawled=FETCHED.isoformat())
        stored = asyncio.run(pipeline.process_item(article))
        assert pipeline.group.syncs == 1  # passed on once its records were fsynced
        listing = ArticleItem(url="https://news.example.com/", source="Example")
        pipeline.item_dropped(listing, fetched("/"), ListingPage("listing page"))
        pipeline.close_spider()
        assert stored.response is None and "response" not in stored.to_record()
        assert stored.to_record()["warc_offset"] == stored.warc_offset
        response = read_response_at(opener(str(directory / stored.warc_file)), stored.warc_file, stored.warc_offset, 1 << 20)
        assert response.url == "https://news.example.com/a.html" and response.date == FETCHED
        assert response.fields["Newscrawler-Timezone"] == "Asia/Kolkata"
        responses, _ = read_all(directory / stored.warc_file)
        assert len(responses) == expected


def test_records_waiting_for_their_fsync_when_rotation_fails_to_sync_their_file_are_not_reported_durable(
        tmp_path, monkeypatch):
    writer = RotatingWarcWriter(tmp_path, max_size=1)  # every append starts a new file
    writer.append(exchange(1))  # waits for the group fsync, which has not begun yet

    def failing_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("os.fsync", failing_fsync)
    with pytest.raises(OSError):
        writer.append(exchange(2))  # rotation: the first file's closing fsync fails
    monkeypatch.undo()
    with pytest.raises(OSError, match="Input/output error"):
        writer.syncer()  # story 1's wait ends in that error, not in the next file's fsync
    writer.append(exchange(3))
    writer.syncer()()  # later records are synced as usual
    writer.close()


def test_a_failed_closing_fsync_with_nothing_waiting_fails_no_later_record(tmp_path, monkeypatch):
    writer = RotatingWarcWriter(tmp_path, max_size=1)
    writer.append(exchange(1))
    writer.syncer()()
    monkeypatch.setattr("os.fsync", lambda fd: (_ for _ in ()).throw(OSError(5, "Input/output error")))
    with pytest.raises(OSError):
        writer.append(exchange(2))
    monkeypatch.undo()
    writer.append(exchange(3))
    writer.syncer()()
    writer.close()
