"""The mock spreadsheet service of lesson 6: its API, its file, and its failures."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

WEEK1 = Path(__file__).resolve().parents[1] / "source" / "week1"
sys.path.insert(0, str(WEEK1))

from eventlab import sheets  # noqa: E402
from eventlab.sheets import APIError, SpreadsheetNotFound, WorksheetNotFound  # noqa: E402

HEADER = ["event_id", "type", "order_id", "customer_email", "total_cents", "currency"]


@pytest.fixture
def client(tmp_path):
    return sheets.connect(path=tmp_path / "store")


def run_python(code: str, **kwargs) -> subprocess.Popen:
    """Start a child Python process that can import eventlab."""
    env = dict(os.environ, PYTHONPATH=str(WEEK1))
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], env=env, **kwargs)


# --- the gspread-shaped API -------------------------------------------------


def test_open_finds_a_spreadsheet_by_title_and_raises_when_missing(client):
    created = client.create("Shop event log")
    assert client.open("Shop event log") == created
    assert client.open("Shop event log").title == "Shop event log"
    with pytest.raises(SpreadsheetNotFound):
        client.open("Nothing like it")
    with pytest.raises(SpreadsheetNotFound):
        client.open("shop event log")  # titles match exactly


def test_create_twice_makes_two_spreadsheets_and_open_takes_the_first(client):
    first = client.create("Orders")
    second = client.create("Orders")
    assert first.id != second.id
    assert [s.id for s in client.openall()] == [first.id, second.id]
    assert [s.id for s in client.openall("Orders")] == [first.id, second.id]
    assert client.openall("Other") == []
    assert client.open("Orders") == first
    assert client.open_by_key(second.id) == second
    with pytest.raises(SpreadsheetNotFound):
        client.open_by_key("mock_missing")


def test_a_new_spreadsheet_has_one_empty_worksheet(client):
    spreadsheet = client.create("Orders")
    assert [w.title for w in spreadsheet.worksheets()] == ["Sheet1"]
    assert spreadsheet.sheet1 == spreadsheet.worksheet("Sheet1")
    assert spreadsheet.sheet1.get_all_values() == []
    assert spreadsheet.sheet1.get_all_records() == []
    assert spreadsheet.sheet1.row_values(1) == []
    with pytest.raises(WorksheetNotFound):
        spreadsheet.worksheet("Events")


def test_sheet1_is_the_first_tab_whatever_its_title(client):
    spreadsheet = client.create("Orders")
    events = spreadsheet.add_worksheet("Events")
    spreadsheet.del_worksheet(spreadsheet.worksheet("Sheet1"))
    assert spreadsheet.sheet1 == events
    assert spreadsheet.sheet1.title == "Events"
    with pytest.raises(APIError) as raised:
        spreadsheet.add_worksheet("Events")
    assert raised.value.code == 400


def test_rows_are_appended_in_order_and_read_back_with_their_types(client):
    worksheet = client.create("Orders").sheet1
    worksheet.append_row(HEADER)
    worksheet.append_row(["evt_1", "order.created", "ord_1", "ada@example.com", 4599, "EUR"])
    worksheet.append_row(("evt_2", "ping", "", "", "", ""))
    worksheet.append_row(["evt_3", "order.paid"])
    assert worksheet.get_all_values() == [
        HEADER,
        ["evt_1", "order.created", "ord_1", "ada@example.com", 4599, "EUR"],
        ["evt_2", "ping", "", "", "", ""],
        ["evt_3", "order.paid"],
    ]
    assert worksheet.row_values(1) == HEADER
    assert worksheet.row_values(2)[4] == 4599
    assert worksheet.row_values(5) == []
    assert worksheet.col_values(1) == ["event_id", "evt_1", "evt_2", "evt_3"]
    records = worksheet.get_all_records()
    assert records[0] == dict(zip(HEADER, worksheet.row_values(2)))
    assert records[2] == {
        "event_id": "evt_3", "type": "order.paid", "order_id": "",
        "customer_email": "", "total_cents": "", "currency": "",
    }


def test_row_numbers_start_at_one(client):
    worksheet = client.create("Orders").sheet1
    worksheet.append_row(["a"])
    for bad in (0, -1, True, "1"):
        with pytest.raises(APIError) as raised:
            worksheet.row_values(bad)
        assert raised.value.code == 400


def test_values_must_be_a_list_of_scalars(client):
    worksheet = client.create("Orders").sheet1
    with pytest.raises(TypeError):
        worksheet.append_row("evt_1")
    with pytest.raises(TypeError):
        worksheet.append_row({"id": "evt_1"})
    with pytest.raises(TypeError, match="column 2"):
        worksheet.append_row(["evt_1", {"email": "ada@example.com"}])
    with pytest.raises(ValueError):
        worksheet.append_row([float("nan")])
    worksheet.append_row(["ok", 1, 2.5, True, None])
    assert worksheet.get_all_values() == [["ok", 1, 2.5, True, None]]


def test_get_all_records_needs_a_unique_header(client):
    worksheet = client.create("Orders").sheet1
    worksheet.append_row(["id", "id"])
    worksheet.append_row([1, 2])
    with pytest.raises(sheets.GSpreadException):
        worksheet.get_all_records()


def test_deleted_spreadsheet_answers_404(client):
    spreadsheet = client.create("Orders")
    worksheet = spreadsheet.sheet1
    client.del_spreadsheet(spreadsheet.id)
    assert client.openall() == []
    with pytest.raises(APIError) as raised:
        worksheet.append_row(["late"])
    assert raised.value.code == 404


def test_worksheet_renders_as_a_table(client):
    worksheet = client.create("Shop <log>").sheet1
    assert "empty" in worksheet._repr_html_()
    worksheet.append_row(HEADER)
    worksheet.append_row(["evt_1", "order.created", "ord_1", None, 4599, "EUR"])
    page = worksheet._repr_html_()
    assert page.count('<th style="text-align:left">') == len(HEADER)
    assert '<td style="text-align:left">evt_1</td>' in page and "<i>None</i>" in page
    assert '<td style="text-align:right">4599</td>' in page, "numbers line up on the right"
    assert "Shop &lt;log&gt;" in page
    text = worksheet.render_text()
    assert text.splitlines()[0] == "Shop <log> / Sheet1: 2 rows"
    assert "evt_1" in text and "4599" in text
    assert repr(worksheet) == "<Worksheet 'Sheet1' id:0>"
    for number in range(60):
        worksheet.append_row([f"evt_{number}"])
    assert "rows not shown" in worksheet._repr_html_()
    assert "rows not shown" in worksheet.render_text()


def test_temporary_client_cleans_up_its_folder():
    client = sheets.connect(temporary=True)
    client.create("Orders").sheet1.append_row(["a"])
    folder = client.path
    assert os.path.isdir(folder)
    del client
    assert not os.path.exists(folder)


def test_default_folder_is_mock_sheets_in_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("EVENTLAB_SHEETS_DIR", raising=False)
    assert sheets.connect().path == str(tmp_path / "mock_sheets")
    monkeypatch.setenv("EVENTLAB_SHEETS_DIR", str(tmp_path / "elsewhere"))
    assert sheets.connect().path == str(tmp_path / "elsewhere")


# --- persistence --------------------------------------------------------------


def test_a_new_client_sees_the_rows(tmp_path):
    first = sheets.connect(path=tmp_path)
    first.create("Orders").sheet1.append_row(["evt_1", 4599])
    again = sheets.connect(path=tmp_path)
    assert again.open("Orders").sheet1.get_all_values() == [["evt_1", 4599]]
    stored = json.loads((tmp_path / "spreadsheets.json").read_text(encoding="utf-8"))
    assert stored["spreadsheets"][0]["worksheets"][0]["rows"] == [["evt_1", 4599]]


def test_objects_read_the_store_on_every_call(tmp_path):
    worksheet = sheets.connect(path=tmp_path).create("Orders").sheet1
    sheets.connect(path=tmp_path).open("Orders").sheet1.append_row(["from elsewhere"])
    assert worksheet.get_all_values() == [["from elsewhere"]]


def test_rows_survive_a_new_process(tmp_path):
    child = run_python(
        f"""
        from eventlab import sheets
        sheets.connect(path={str(tmp_path)!r}).create("Orders").sheet1.append_row(["evt_1", "ü"])
        """
    )
    assert child.wait(timeout=30) == 0
    assert sheets.connect(path=tmp_path).open("Orders").sheet1.get_all_values() == [["evt_1", "ü"]]


def test_a_broken_store_file_gives_a_clear_error(tmp_path):
    (tmp_path / "spreadsheets.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(sheets.GSpreadException, match="not valid JSON"):
        sheets.connect(path=tmp_path).openall()


# --- concurrency and crashes -------------------------------------------------------


def test_concurrent_appends_from_two_processes_keep_every_row(tmp_path):
    sheets.connect(path=tmp_path).create("Orders")
    writer = """
        import sys
        from eventlab import sheets
        worksheet = sheets.connect(path={path!r}).open("Orders").sheet1
        sys.stdin.readline()  # start together
        for n in range(200):
            worksheet.append_row(["{name}", n])
        """
    children = [
        run_python(writer.format(path=str(tmp_path), name=name), stdin=subprocess.PIPE)
        for name in ("a", "b")
    ]
    for child in children:
        child.stdin.write(b"go\n")
        child.stdin.close()
    assert [child.wait(timeout=120) for child in children] == [0, 0]
    rows = sheets.connect(path=tmp_path).open("Orders").sheet1.get_all_values()
    assert len(rows) == 400
    assert sorted(map(tuple, rows)) == sorted((name, n) for name in "ab" for n in range(200))
    for name in "ab":  # each writer's rows keep their order
        assert [n for who, n in rows if who == name] == list(range(200))


def test_a_failed_replace_leaves_the_old_content(tmp_path, monkeypatch):
    worksheet = sheets.connect(path=tmp_path).create("Orders").sheet1
    worksheet.append_row(["kept"])
    before = (tmp_path / "spreadsheets.json").read_bytes()

    def crash(src, dst):
        raise OSError("disk vanished")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk vanished"):
        worksheet.append_row(["lost"])
    monkeypatch.undo()
    assert (tmp_path / "spreadsheets.json").read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == [".lock", "spreadsheets.json"]
    worksheet.append_row(["next"])
    assert worksheet.get_all_values() == [["kept"], ["next"]]


def test_a_writer_killed_mid_write_leaves_a_valid_store(tmp_path):
    sheets.connect(path=tmp_path).create("Orders")
    child = run_python(
        f"""
        from eventlab import sheets
        worksheet = sheets.connect(path={str(tmp_path)!r}).open("Orders").sheet1
        n = 0
        while True:
            worksheet.append_row(["x" * 200, n])
            n += 1
        """
    )
    reader = sheets.connect(path=tmp_path)
    deadline = time.monotonic() + 30
    while len(reader.open("Orders").sheet1.get_all_values()) < 30:
        assert time.monotonic() < deadline and child.poll() is None, "the writer did not start"
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    rows = reader.open("Orders").sheet1.get_all_values()
    assert [n for _, n in rows] == list(range(len(rows)))  # a clean prefix, nothing torn
    # the lock died with the writer: the next write goes through and tidies up
    reader.open("Orders").sheet1.append_row(["after", -1])
    assert reader.open("Orders").sheet1.get_all_values()[-1] == ["after", -1]
    assert sorted(os.listdir(tmp_path)) == [".lock", "spreadsheets.json"]


# --- injected failures ---------------------------------------------------------------


def test_next_writes_fail_with_429_then_succeed(client):
    worksheet = client.create("Orders").sheet1
    client.fail_next_writes(2)
    for _ in range(2):
        with pytest.raises(APIError) as raised:
            worksheet.append_row(["evt_1"])
        assert raised.value.code == 429
        assert "429" in str(raised.value)
    assert worksheet.get_all_values() == []
    worksheet.append_row(["evt_1"])
    assert worksheet.get_all_values() == [["evt_1"]]


def test_reads_are_not_affected_by_injected_failures(client):
    worksheet = client.create("Orders").sheet1
    client.fail_next_writes(1, code=503)
    assert worksheet.get_all_values() == []
    assert client.open("Orders").title == "Orders"
    with pytest.raises(APIError) as raised:
        client.create("Another")
    assert raised.value.code == 503
    assert [s.title for s in client.openall()] == ["Orders"]


def test_injected_failures_are_shared_by_every_client_on_the_folder(tmp_path):
    sheets.connect(path=tmp_path).create("Orders")
    sheets.connect(path=tmp_path).fail_next_writes(1, message="slow down")
    worksheet = sheets.connect(path=tmp_path).open("Orders").sheet1
    with pytest.raises(APIError, match="slow down"):
        worksheet.append_row(["evt_1"])
    worksheet.append_row(["evt_1"])
    assert worksheet.get_all_values() == [["evt_1"]]


def test_fail_next_writes_zero_cancels(client):
    worksheet = client.create("Orders").sheet1
    client.fail_next_writes(3)
    client.fail_next_writes(0)
    worksheet.append_row(["evt_1"])
    with pytest.raises(ValueError):
        client.fail_next_writes(-1)
