"""lianfu helpdesk classify | train | evaluate.

The classify tests start from the corpus model stored already (served_model_dir):
what they check is the command's input and output, not the training on first use
(tests/helpdesk/test_corrections.py has that)."""
import io
import json
import re

import pytest
from django.core.management import CommandError, call_command

from lianfu.helpdesk.models import MAX_TEXT_LENGTH

pytestmark = pytest.mark.django_db

GOOD = [
    {"id": 1, "text": "上游铜材供应商没复工，库存只够三天"},
    {"id": 2, "text": "工人返岗需要包车", "source": "wechat"},
    {"text": "鄞企办的钉钉账号登不上去，附件也传不了"},
]


def write_lines(path, lines: list[str]):
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def read_output(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def printed(*args) -> list[str]:
    stdout = io.StringIO()
    call_command("helpdesk", *args, stdout=stdout)
    return stdout.getvalue().splitlines()


def test_each_line_gets_category_confidence_and_department(tmp_path, served_model_dir):
    source = write_lines(tmp_path / "in.jsonl", [json.dumps(r, ensure_ascii=False) for r in GOOD])
    call_command("helpdesk", "classify", "--jsonl", str(source), "--out", str(tmp_path / "out.jsonl"),
                 stderr=io.StringIO())
    out = read_output(tmp_path / "out.jsonl")
    assert [list(r) for r in out] == [[*g, "category", "confidence", "department"] for g in GOOD]
    assert [{k: r[k] for k in g} for r, g in zip(out, GOOD)] == GOOD
    assert [(r["category"], r["department"]) for r in out] == [
        ("supply", "economy"), ("labor", "labour"), ("other", None)]
    for record in out:
        assert 0 <= record["confidence"] <= 1 and record["confidence"] == round(record["confidence"], 4)
    assert "上游铜材" in (tmp_path / "out.jsonl").read_text(encoding="utf-8")  # UTF-8, not \\u escapes


def test_without_out_the_lines_go_to_stdout(tmp_path, served_model_dir):
    source = write_lines(tmp_path / "in.jsonl", [json.dumps(GOOD[0], ensure_ascii=False)])
    assert [json.loads(line)["category"] for line in printed("classify", "--jsonl", str(source))] == ["supply"]


def test_bad_lines_are_flagged_in_place_and_the_command_fails(tmp_path, served_model_dir):
    lines = [
        json.dumps(GOOD[0], ensure_ascii=False),
        "{not json",
        "",
        json.dumps({"id": 4, "title": "no text"}),
        json.dumps(["text"]),
        json.dumps({"id": 6, "text": "字" * (MAX_TEXT_LENGTH + 1)}, ensure_ascii=False),
        json.dumps({"id": 7, "text": 42}),
        json.dumps({"id": 8, "text": "字" * MAX_TEXT_LENGTH}, ensure_ascii=False),
    ]
    source = write_lines(tmp_path / "in.jsonl", lines)
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="5 of 7 lines could not be classified"):
        call_command("helpdesk", "classify", "--jsonl", str(source), "--out", str(tmp_path / "out.jsonl"),
                     stderr=stderr)
    out = read_output(tmp_path / "out.jsonl")
    assert [r.get("error") for r in out] == [
        None,
        "line 2: not JSON (Expecting property name enclosed in double quotes at column 2)",
        'line 4: "text" is missing or not a string',
        'line 5: expected a JSON object with "text", got list',
        'line 6: "text" has 4,001 characters; at most 4,000 are accepted',
        'line 7: "text" is missing or not a string',
        None,
    ]
    assert out[1] == {"line": 2, "error": out[1]["error"]}
    assert out[2] == {"id": 4, "title": "no text", "error": out[2]["error"]}
    assert "category" not in out[4] and out[6]["category"] and out[0]["category"] == "supply"
    assert stderr.getvalue().splitlines()[0] == out[1]["error"]


def test_a_line_that_is_not_utf8_is_flagged(tmp_path, served_model_dir):
    source = tmp_path / "in.jsonl"
    source.write_bytes('{"text": "口罩不够"}\n'.encode("gbk") + '{"text": "口罩不够"}\n'.encode())
    with pytest.raises(CommandError):
        call_command("helpdesk", "classify", "--jsonl", str(source), "--out", str(tmp_path / "out.jsonl"),
                     stderr=io.StringIO())
    out = read_output(tmp_path / "out.jsonl")
    assert out[0] == {"line": 1, "error": "line 1: not UTF-8 (byte 11)"}
    assert out[1]["category"] == "prevention"


def test_a_byte_order_mark_is_accepted(tmp_path, served_model_dir):
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\xef\xbb\xbf" + '{"text": "口罩不够"}\n'.encode())
    call_command("helpdesk", "classify", "--jsonl", str(source), "--out", str(tmp_path / "out.jsonl"),
                 stderr=io.StringIO())
    assert read_output(tmp_path / "out.jsonl")[0]["category"] == "prevention"


def test_a_large_input_keeps_stdout_to_the_json_lines(tmp_path, served_model_dir):
    texts = [f"第{i}批货车进不来" for i in range(1200)]
    source = write_lines(tmp_path / "in.jsonl", [json.dumps({"text": t}, ensure_ascii=False) for t in texts])
    out = [json.loads(line) for line in printed("classify", "--jsonl", str(source))]  # the bar goes to stderr
    assert [r["text"] for r in out] == texts


def test_a_missing_input_file_is_an_error(tmp_path, served_model_dir):
    with pytest.raises(CommandError, match="no such file"):
        call_command("helpdesk", "classify", "--jsonl", str(tmp_path / "missing.jsonl"))


def test_train_prints_the_counts_and_the_held_out_report(model_dir):
    lines = printed("train")
    assert lines[0] == "trained on 1,048 examples: 1,048 from the corpus, 0 added by corrections"
    assert lines[1].startswith("per category: supply 120, logistics 112, finance 88, labor 109,")
    assert any(re.fullmatch(r"held-out top-1: 0\.\d{3} \(\d+/211\)", line) for line in lines)
    assert [p.name for p in model_dir.iterdir()] == ["helpdesk-model.joblib"]   # swapped in, nothing left aside


def test_evaluate_prints_the_held_out_report(model_dir):
    lines = printed("evaluate")
    assert lines[1] == "train 837 texts, held out 211"
    assert lines[3].startswith("  supply      ")
    assert any(line.startswith("confidence >= 0.70: ") for line in lines)
