"""lianfu.common.tabular: every test reads or writes a real file in tmp_path."""
import datetime as dt
import io
import os
import pickle
import random
import struct
import time
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest
import xlsxwriter
from django.utils import translation
from python_calamine import CalamineWorkbook

from lianfu.common.tabular import TabularError, read_table, write_xlsx
from lianfu.common.tabular.xml_scan import PartScanner, ScanError

FIXTURES = Path(__file__).with_name("fixtures")
MB = 2**20
PLACE = "宁波市慈溪市浒山街道"


def read(path, **kwargs):
    kwargs.setdefault("max_bytes", 50 * MB)
    table = read_table(path, **kwargs)
    return table, list(table.rows)


def error_code(path, **kwargs) -> str:
    kwargs.setdefault("max_bytes", 50 * MB)
    with pytest.raises(TabularError) as info:
        table = read_table(path, **kwargs)
        list(table.rows)
    return info.value.code


def make_xlsx(path, write) -> Path:
    workbook = xlsxwriter.Workbook(str(path) if isinstance(path, Path) else path)
    write(workbook, workbook.add_worksheet())
    workbook.close()
    return path


def minimal_xlsx_members() -> dict[str, bytes]:
    buf = io.BytesIO()
    make_xlsx(buf, lambda wb, ws: ws.write_string(0, 0, "名称"))
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


# --------------------------------------------------------------------- CSV


def test_csv_utf8_chinese(write_file):
    path = write_file(
        "企业.csv", f"企业名称,所在街道,员工数\n某某电器有限公司,{PLACE},120\n模具厂,坎墩街道,8\n".encode()
    )
    table, rows = read(path)
    assert (table.source_format, table.encoding, table.row_count) == ("csv", "utf-8", 2)
    assert table.headers == ["企业名称", "所在街道", "员工数"]
    assert rows == [(2, ["某某电器有限公司", PLACE, "120"]), (3, ["模具厂", "坎墩街道", "8"])]


def test_csv_utf8_bom_is_stripped(write_file):
    path = write_file("bom.csv", "\ufeff企业名称,街道\n甲,乙\n".encode())
    table, rows = read(path)
    assert table.encoding == "utf-8-sig"
    assert table.headers == ["企业名称", "街道"]
    assert rows == [(2, ["甲", "乙"])]


def test_csv_gbk(write_file):
    path = write_file("gbk.csv", f"企业名称,所在街道\r\n慈溪某某模具厂,{PLACE}\r\n".encode("gbk"))
    table, rows = read(path)
    assert table.encoding == "gb18030"  # documented: GBK files report gb18030
    assert table.headers == ["企业名称", "所在街道"]
    assert rows == [(2, ["慈溪某某模具厂", PLACE])]


def test_csv_gb18030_only_character(write_file):
    text = f"姓名,地址\n𠀀先生,{PLACE}\n"
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")  # proves the file really needs GB18030
    table, rows = read(write_file("gb18030.csv", text.encode("gb18030")))
    assert table.encoding == "gb18030"
    assert rows == [(2, ["𠀀先生", PLACE])]


def test_csv_utf16_unicode_text_export(write_file):
    # Excel's "Unicode Text (*.txt)": UTF-16 LE with BOM, tab separated.
    path = write_file("unicode.txt", "\ufeff企业名称\t员工数\r\n某某公司\t5\r\n".encode("utf-16-le"))
    table, rows = read(path)
    assert (table.encoding, table.headers, rows) == ("utf-16", ["企业名称", "员工数"], [(2, ["某某公司", "5"])])


def test_csv_tab_delimited(write_file):
    path = write_file("tab.csv", "名称\t地址\t备注\n甲公司\t宁波市, 慈溪市\t无\n".encode())
    table, rows = read(path)
    assert table.headers == ["名称", "地址", "备注"]
    assert rows == [(2, ["甲公司", "宁波市, 慈溪市", "无"])]


def test_csv_semicolon_delimited(write_file):
    table, rows = read(write_file("semi.csv", b"name;amount\nACME;1,5\n"))
    assert table.headers == ["name", "amount"]
    assert rows == [(2, ["ACME", "1,5"])]


def test_csv_quoted_newline_counts_as_one_row(write_file):
    data = '名称,地址\n"甲公司","宁波市\n慈溪市"\n乙公司,"他说""好"""\n'.encode()
    table, rows = read(write_file("quoted.csv", data))
    assert table.row_count == 2
    assert rows == [(2, ["甲公司", "宁波市\n慈溪市"]), (3, ["乙公司", '他说"好"'])]


def test_csv_blank_rows_padding_truncation_and_stripping(write_file):
    data = (
        "\n"  # row 1 blank: the header is the first non-blank row
        " 名称 ,\u3000街道\u3000,数量,\n"  # trailing empty header cell is dropped
        "甲,乙\n"  # short row is padded
        " , ,\n"  # blank after stripping: skipped
        "丙,丁,3,extra,more\n"  # long row is truncated
        ",,,only-beyond-header\n"  # nothing inside the header width: blank
        "=1+2,+3,-4\n"  # formula-looking text stays text
    ).encode()
    table, rows = read(write_file("messy.csv", data))
    assert table.headers == ["名称", "街道", "数量"]
    assert table.row_count == 3
    assert rows == [(3, ["甲", "乙", ""]), (5, ["丙", "丁", "3"]), (7, ["=1+2", "+3", "-4"])]


def test_csv_nul_bytes_after_the_head_are_dropped(write_file):
    data = b"a,b\n" + b"x,y\n" * 3000 + b"q\x00r,s\n"
    table, rows = read(write_file("nul.csv", data))
    assert rows[-1] == (3002, ["qr", "s"])


def test_csv_bad_encoding(write_file):
    assert error_code(write_file("bad.csv", b"name,city\n\x80\xff\x80\xff,x\n")) == "bad_encoding"


def test_csv_damaged_utf8_is_not_decoded_as_gb18030(write_file):
    # Valid UTF-8 Chinese for 10,000 rows, then one stray byte.
    data = "名称,街道\n".encode() + f"某某公司,{PLACE}\n".encode() * 10_000 + b"\xff,x\n"
    assert error_code(write_file("damaged.csv", data)) == "bad_encoding"


def test_csv_ascii_head_then_gbk(write_file):
    data = b"name,street\n" + b"acme,north\n" * 5000 + f"某某公司,{PLACE}\n".encode("gbk")
    table, rows = read(write_file("late-gbk.csv", data))
    assert (table.encoding, rows[-1]) == ("gb18030", (5002, ["某某公司", PLACE]))


def test_csv_runaway_quote_is_corrupt(write_file):
    data = b'a,b\n"' + b"x" * 200_000 + b"\n"
    assert error_code(write_file("quote.csv", data)) == "corrupt"


def test_csv_too_many_rows(write_file):
    data = "名称\n" + "".join(f"公司{i}\n" for i in range(11))
    path = write_file("rows.csv", data.encode())
    assert error_code(path, max_rows=10) == "too_many_rows"
    assert read(path, max_rows=11)[0].row_count == 11


def test_csv_single_column_without_delimiter(write_file):
    table, rows = read(write_file("one.csv", "名称\n甲\n乙\n".encode()))
    assert (table.headers, rows) == (["名称"], [(2, ["甲"]), (3, ["乙"])])


# --------------------------------------------------------- generic rejections


def test_empty_file(write_file):
    assert error_code(write_file("empty.csv", b"")) == "empty"


def test_blank_lines_only(write_file):
    assert error_code(write_file("blank.csv", b"\r\n  \r\n,,\r\n")) == "empty"


def test_too_large_is_checked_before_reading(write_file, monkeypatch):
    path = write_file("big.csv", b"a,b\n" + b"1,2\n" * 300_000)

    def no_open(*args, **kwargs):
        raise AssertionError("file was opened")

    monkeypatch.setattr("builtins.open", no_open)
    with pytest.raises(TabularError) as info:
        read_table(path, max_bytes=MB)
    assert info.value.code == "too_large"
    monkeypatch.undo()  # rendering the message may load translation catalogues
    with translation.override("en"):
        assert str(info.value) == "The file is too large (1.1 MB); the limit is 1.0 MB."


def test_random_binary(write_file):
    assert error_code(write_file("noise.xlsx", random.Random(7).randbytes(4096))) == "unsupported_format"


def test_pdf_named_csv(write_file):
    assert error_code(write_file("a.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")) == "unsupported_format"


def test_html_named_xls(write_file):
    data = "<html><body><table><tr><td>名称</td></tr></table></body></html>".encode()
    assert error_code(write_file("export.xls", data)) == "unsupported_format"


def test_fifo_is_not_read(tmp_path):
    path = tmp_path / "pipe.csv"
    os.mkfifo(path)
    assert error_code(path) == "unsupported_format"


def test_extension_is_ignored(tmp_path):
    path = make_xlsx(tmp_path / "looks-like.csv", lambda wb, ws: ws.write_row(0, 0, ["名称", "数量"]))
    assert read(path)[0].source_format == "xlsx"


# -------------------------------------------------------------------- XLSX


def registry_xlsx(workbook, sheet):
    date_fmt = workbook.add_format({"num_format": "yyyy-mm-dd"})
    datetime_fmt = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    sheet.write_row(0, 0, ["企业名称", "所在街道", "员工数", "年产值", "成立日期", "是否规上", "备注"])
    sheet.write_string(1, 0, "  宁波某某电器有限公司 ")
    sheet.write_string(1, 1, PLACE)
    sheet.write_number(1, 2, 120)
    sheet.write_number(1, 3, 3456.78)
    sheet.write_datetime(1, 4, dt.date(2020, 3, 6), date_fmt)
    sheet.write_boolean(1, 5, True)
    sheet.write_string(1, 6, "=SUM(A1:A2)")
    # row 3 (index 2) stays empty
    sheet.write_string(3, 0, "慈溪模具厂")
    sheet.write_number(3, 2, 0.1)
    sheet.write_number(3, 3, 0.1 + 0.2)
    sheet.write_datetime(3, 4, dt.datetime(2020, 3, 6, 8, 30), datetime_fmt)
    sheet.write_boolean(3, 5, False)
    sheet.write_formula(3, 6, "=1+2", None, 3)
    sheet.write_number(4, 0, -7)
    sheet.write_number(4, 2, 123456789012345678)  # an ID number typed as a number
    sheet.write_string(4, 3, "91330282MA2AAAAA1X")


def test_xlsx_values(tmp_path):
    table, rows = read(make_xlsx(tmp_path / "registry.xlsx", registry_xlsx))
    assert (table.source_format, table.encoding, table.row_count) == ("xlsx", None, 3)
    assert table.headers == ["企业名称", "所在街道", "员工数", "年产值", "成立日期", "是否规上", "备注"]
    assert rows == [
        (2, ["宁波某某电器有限公司", PLACE, "120", "3456.78", "2020-03-06", "true", "=SUM(A1:A2)"]),
        (4, ["慈溪模具厂", "", "0.1", "0.3", "2020-03-06 08:30:00", "false", "3"]),
        (5, ["-7", "", "1.23456789012346e+17", "91330282MA2AAAAA1X", "", "", ""]),
    ]


def test_xlsx_header_below_row_one_keeps_excel_row_numbers(tmp_path):
    def write(wb, ws):
        ws.write_row(2, 1, ["名称", "数量"])
        ws.write_row(3, 1, ["甲", 1])

    table, rows = read(make_xlsx(tmp_path / "low.xlsx", write))
    assert (table.headers, rows) == (["名称", "数量"], [(4, ["甲", "1"])])


def test_xlsx_first_sheet_only(tmp_path):
    def write(wb, ws):
        ws.write_row(0, 0, ["第一"])
        wb.add_worksheet("second").write_row(0, 0, ["第二"])

    assert read(make_xlsx(tmp_path / "two.xlsx", write))[0].headers == ["第一"]


def test_xlsx_header_only(tmp_path):
    table, rows = read(make_xlsx(tmp_path / "h.xlsx", lambda wb, ws: ws.write_row(0, 0, ["名称"])))
    assert (table.row_count, rows) == (0, [])


def test_xlsx_without_cells_is_empty(tmp_path):
    assert error_code(make_xlsx(tmp_path / "none.xlsx", lambda wb, ws: None)) == "empty"


def test_xlsx_too_many_rows(tmp_path):
    def write(wb, ws):
        for r in range(12):
            ws.write_string(r, 0, f"行{r}")

    path = make_xlsx(tmp_path / "rows.xlsx", write)
    assert error_code(path, max_rows=10) == "too_many_rows"
    assert read(path, max_rows=11)[0].row_count == 11


def test_xlsx_styled_blanks_far_away_are_fine(tmp_path):
    # Borders applied down to the last row: empty cells calamine skips.
    def write(wb, ws):
        ws.write_row(0, 0, ["名称", "数量"])
        ws.write_row(1, 0, ["甲", 1])
        ws.write_blank(1_048_575, 16_383, None, wb.add_format({"border": 1}))

    table, rows = read(make_xlsx(tmp_path / "styled.xlsx", write))
    assert rows == [(2, ["甲", "1"])]


def test_xlsx_cells_without_r_attribute(tmp_path, builders):
    # Some generators omit r="A1"; positions then follow calamine's cursor.
    def write(wb, ws):
        ws.write_row(0, 0, ["名称", "数量"])
        ws.write_row(1, 0, ["甲", 1])

    source = make_xlsx(tmp_path / "src.xlsx", write).read_bytes()

    def strip_refs(name, data):
        if name != "xl/worksheets/sheet1.xml":
            return data
        return data.replace(b' r="A1"', b"").replace(b' r="B1"', b"").replace(b' r="A2"', b"").replace(b' r="B2"', b"")

    path = tmp_path / "norefs.xlsx"
    path.write_bytes(builders.rewrite_zip(source, strip_refs))
    assert b' r="A' not in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    table, rows = read(path)
    assert (table.headers, rows) == (["名称", "数量"], [(2, ["甲", "1"])])


def test_xlsx_sparse_cells_would_exhaust_memory(tmp_path):
    # Without the guard calamine aborts the process: 512 GiB for a 5 KB file.
    def write(wb, ws):
        ws.write_string(0, 0, "名称")
        ws.write_string(1_048_575, 16_383, "x")

    assert error_code(make_xlsx(tmp_path / "sparse.xlsx", write)) == "too_many_cells"


def test_xlsx_cursor_cells_far_away(tmp_path):
    # Same attack with the position hidden in calamine's implicit cursor.
    members = minimal_xlsx_members()
    members["xl/worksheets/sheet1.xml"] = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c>'
        b'<c r="XFD1" t="inlineStr"><is><t>b</t></is></c></row>'
        b'<row r="1048576"><c t="inlineStr"><is><t>c</t></is></c></row></sheetData></worksheet>'
    )
    path = tmp_path / "cursor.xlsx"
    write_zip(path, members)
    assert error_code(path) == "too_many_cells"


def test_xlsx_shared_string_count_lie(tmp_path, builders):
    source = make_xlsx(tmp_path / "src.xlsx", lambda wb, ws: ws.write_row(0, 0, ["名称", "数量"])).read_bytes()

    def lie(name, data):
        if name == "xl/sharedStrings.xml":
            return data.replace(b'uniqueCount="2"', b'uniqueCount="4000000000"')
        return data

    path = tmp_path / "sst.xlsx"
    path.write_bytes(builders.rewrite_zip(source, lie))
    assert error_code(path) == "corrupt"


def write_zip(path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def test_zip_bomb_over_uncompressed_cap(tmp_path):
    path = tmp_path / "bomb.xlsx"
    members = minimal_xlsx_members()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            if name != "xl/worksheets/sheet1.xml":
                zf.writestr(name, data)
        with zf.open("xl/worksheets/sheet1.xml", "w") as sheet:
            for _ in range(8):
                sheet.write(b" " * MB)
    started = time.perf_counter()
    assert error_code(path, max_uncompressed_bytes=4 * MB) == "zip_bomb"
    assert time.perf_counter() - started < 1


def test_zip_bomb_by_compression_ratio(tmp_path):
    path = tmp_path / "ratio.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in minimal_xlsx_members().items():
            zf.writestr(name, data)
        with zf.open("xl/media/padding.xml", "w") as member:
            for _ in range(32):
                member.write(b"\0" * MB)
    assert zipfile.ZipFile(path).getinfo("xl/media/padding.xml").compress_size * 200 < 32 * MB
    started = time.perf_counter()
    assert error_code(path) == "zip_bomb"
    assert time.perf_counter() - started < 1


def test_zip_bomb_with_lying_declared_size(tmp_path):
    path = tmp_path / "liar.xlsx"
    members = minimal_xlsx_members()
    members["xl/worksheets/sheet1.xml"] = b" " * (3 * MB)
    write_zip(path, members)
    data = bytearray(path.read_bytes())
    # Patch the central directory entry: claim the member inflates to 100 bytes.
    name = b"xl/worksheets/sheet1.xml"
    at = data.index(b"PK\x01\x02")
    while data[at + 46:at + 46 + len(name)] != name:
        at = data.index(b"PK\x01\x02", at + 4)
    struct.pack_into("<I", data, at + 24, 100)
    path.write_bytes(bytes(data))
    assert zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml").file_size == 100
    assert error_code(path) == "zip_bomb"


def test_zip_with_too_many_members(tmp_path):
    members = minimal_xlsx_members()
    members.update({f"xl/media/p{i}.xml": b"" for i in range(1001)})
    path = tmp_path / "many.xlsx"
    write_zip(path, members, zipfile.ZIP_STORED)
    assert error_code(path) == "zip_bomb"


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(
        b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)
    )
    + b']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
)


def test_xml_bomb_billion_laughs(tmp_path):
    members = minimal_xlsx_members()
    members["xl/worksheets/sheet1.xml"] = BILLION_LAUGHS
    path = tmp_path / "laughs.xlsx"
    write_zip(path, members)
    assert error_code(path) == "xml_entities"


def test_xml_external_entity(tmp_path):
    members = minimal_xlsx_members()
    members["xl/sharedStrings.xml"] = (
        b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        b"<si><t>&xxe;</t></si></sst>"
    )
    path = tmp_path / "xxe.xlsx"
    write_zip(path, members)
    assert error_code(path) == "xml_entities"


def test_xml_doctype_in_utf16_part(tmp_path):
    members = minimal_xlsx_members()
    members["xl/styles.xml"] = '\ufeff<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'.encode(
        "utf-16-le"
    )
    path = tmp_path / "utf16.xlsx"
    write_zip(path, members)
    assert error_code(path) == "xml_entities"


def test_doctype_split_across_chunks_is_found():
    scanner = PartScanner(1000)
    with pytest.raises(ScanError):
        for piece in (b"<?xml version='1.0'?><", b"!DOC", b"TYPE x []><x/>"):
            scanner.feed(piece)
        scanner.close()


def test_encrypted_zip_member(tmp_path):
    path = tmp_path / "enc.xlsx"
    write_zip(path, minimal_xlsx_members())
    data = bytearray(path.read_bytes())
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at >= 0:
            data[at + flag_offset] |= 0x01
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    assert error_code(path) == "corrupt"


def test_truncated_xlsx(tmp_path):
    source = make_xlsx(tmp_path / "whole.xlsx", registry_xlsx).read_bytes()
    path = tmp_path / "half.xlsx"
    path.write_bytes(source[: len(source) // 2])
    assert error_code(path) == "corrupt"


def test_other_zip_formats_are_unsupported(tmp_path):
    docx = tmp_path / "letter.xlsx"
    write_zip(docx, {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    xlsb = tmp_path / "binary.xlsx"
    write_zip(xlsb, {"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\0\1"})
    assert (error_code(docx), error_code(xlsb)) == ("unsupported_format", "unsupported_format")


# --------------------------------------------------------------------- XLS


def test_xls_fixture():
    table, rows = read(FIXTURES / "registry.xls")
    assert (table.source_format, table.encoding, table.row_count) == ("xls", None, 3)
    assert table.headers == ["统一社会信用代码", "企业名称", "所在街道", "员工数", "年产值", "成立日期", "是否规上"]
    assert rows == [
        (2, ["91330282MA2AAAAA1X", "宁波市慈溪市某某电器有限公司", PLACE, "120", "3456.78", "2008-05-12", "true"]),
        (3, ["91330282MA2BBBBB2Y", "慈溪某某模具厂", "宁波市慈溪市坎墩街道", "8", "0.1", "2019-11-30", "false"]),
        (5, ['=HYPERLINK("http://example.com")', "公式样文本", "", "", "", "", ""]),
    ]


def test_xls_small_stream_in_mini_stream(write_file, builders):
    b = builders
    cells = [b.biff_label(0, 0, "名称"), b.biff_label(0, 1, "数量"), b.biff_label(1, 0, PLACE), b.biff_number(1, 1, 42)]
    data = b.build_xls(cells)
    table, rows = read(write_file("mini.xls", data))
    assert (table.headers, rows) == (["名称", "数量"], [(2, [PLACE, "42"])])


def test_xls_far_away_cell(write_file, builders):
    data = builders.build_xls([builders.biff_label(0, 0, "名称"), builders.biff_number(65535, 65535, 1)])
    assert error_code(write_file("far.xls", data)) == "too_many_cells"


def test_xls_lying_dimensions(write_file, builders):
    b = builders
    huge = b.build_xls([b.biff_label(0, 0, "名称")], dimensions=b.biff_dimensions(0, 0xFFFFFFF0, 0, 0xFFFF))
    backwards = b.build_xls([b.biff_label(0, 0, "名称")], dimensions=b.biff_dimensions(5, 1, 0, 1))
    assert error_code(write_file("huge.xls", huge)) == "too_many_cells"
    assert error_code(write_file("backwards.xls", backwards)) == "corrupt"


def test_xls_shared_string_count_lie(write_file, builders):
    sst = builders.biff_record(0x00FC, struct.pack("<ii", 1, 2_000_000_000))
    data = builders.build_xls([builders.biff_label(0, 0, "名称")], globals_extra=[sst])
    assert error_code(write_file("sst.xls", data)) == "corrupt"


def test_xls_password_protected(write_file, builders):
    filepass = builders.biff_record(0x002F, struct.pack("<HHH", 1, 1, 1) + b"\0" * 48)
    path = write_file("rc4.xls", builders.build_xls([builders.biff_label(0, 0, "名称")], globals_extra=[filepass]))
    with pytest.raises(TabularError) as info:
        read_table(path, max_bytes=MB)
    assert info.value.code == "corrupt"
    with translation.override("en"):
        assert "password" in str(info.value)


def test_password_protected_xlsx_in_ole2(write_file, builders):
    streams = {"EncryptionInfo": b"\x04\x00\x04\x00" + b"\0" * 200, "EncryptedPackage": b"\0" * 5000}
    data = builders.build_cfb(streams)
    assert error_code(write_file("locked.xlsx", data)) == "corrupt"


def test_ole2_without_workbook(write_file, builders):
    data = builders.build_cfb({"WordDocument": b"\0" * 5000})
    assert error_code(write_file("letter.xls", data)) == "unsupported_format"


def test_ole2_garbage(write_file):
    data = bytes.fromhex("D0CF11E0A1B11AE1") + random.Random(3).randbytes(3000)
    assert error_code(write_file("junk.xls", data)) == "corrupt"


# ------------------------------------------------------------------ writer


SHEET_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def written_cells(path) -> dict[str, tuple[str, bool, bool]]:
    """Every cell of the first sheet as its XML says: ref -> (inline text, the
    style's quotePrefix, the style's font is bold), read without calamine."""
    with zipfile.ZipFile(path) as zf:
        sheet = ElementTree.fromstring(zf.read("xl/worksheets/sheet1.xml"))
        styles = ElementTree.fromstring(zf.read("xl/styles.xml"))
    fonts = styles.findall("m:fonts/m:font", SHEET_NS)
    xfs = [(xf.get("quotePrefix") == "1", fonts[int(xf.get("fontId"))].find("m:b", SHEET_NS) is not None)
           for xf in styles.findall("m:cellXfs/m:xf", SHEET_NS)]
    cells = {}
    for cell in sheet.iterfind("m:sheetData/m:row/m:c", SHEET_NS):
        text = cell.find("m:is/m:t", SHEET_NS)
        value = (text.text or "") if text is not None else cell.findtext("m:v", namespaces=SHEET_NS)
        cells[cell.get("r")] = (value, *xfs[int(cell.get("s", "0"))])
    return cells


def test_write_xlsx_round_trip(tmp_path):
    path = tmp_path / "export.xlsx"
    hyperlink = '=HYPERLINK("http://evil.example","点我")'
    rows = [
        [hyperlink, "+1", "-1+1", "@SUM(A1)", "\t=x", PLACE],
        [-1, 2.5, 0, True, None, Decimal("1.10")],
        [dt.date(2020, 3, 6), dt.datetime(2020, 3, 6, 8, 30), "-1", "普通文本", "", "http://example.com"],
        ["\r=x", "a=b", " =x", "宁波-慈溪", "", ""],
    ]
    write_xlsx(path, ["名称", "=危险表头", "c", "d", "e", "f"], rows, sheet_name="企业/名录", column_widths={0: 30})
    table, read_rows = read(path)
    # The text comes back as given: no apostrophe is added to it (the reader
    # strips the tab, CR and space, as it does from every cell).
    assert table.headers == ["名称", "=危险表头", "c", "d", "e", "f"]
    assert read_rows == [
        (2, [hyperlink, "+1", "-1+1", "@SUM(A1)", "=x", PLACE]),
        (3, ["-1", "2.5", "0", "true", "", "1.1"]),
        (4, ["2020-03-06", "2020-03-06 08:30:00", "-1", "普通文本", "", "http://example.com"]),
        (5, ["=x", "a=b", "=x", "宁波-慈溪", "", ""]),
    ]
    # Numbers stayed numbers, text stayed text exactly, and nothing became a formula.
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert sheet[1] == [hyperlink, "+1", "-1+1", "@SUM(A1)", "\t=x", PLACE]
    assert sheet[2][:3] == [-1.0, 2.5, 0.0]
    assert sheet[4][:3] == ["\r=x", "a=b", " =x"]
    # Formula-looking text (and only that) has the quote-prefix format; headers stay bold.
    cells = written_cells(path)
    assert {ref: (text, quoted) for ref, (text, quoted, _bold) in cells.items() if ref[1] != "3"} == {
        "A1": ("名称", False), "B1": ("=危险表头", True), "C1": ("c", False), "D1": ("d", False),
        "E1": ("e", False), "F1": ("f", False),
        "A2": (hyperlink, True), "B2": ("+1", True), "C2": ("-1+1", True), "D2": ("@SUM(A1)", True),
        "E2": ("\t=x", True), "F2": (PLACE, False),
        "A4": ("43896", False), "B4": ("43896.35416666666", False), "C4": ("-1", True),
        "D4": ("普通文本", False), "E4": ("", False), "F4": ("http://example.com", False),
        "A5": ("_x000D_=x", True), "B5": ("a=b", False), "C5": (" =x", False), "D5": ("宁波-慈溪", False),
        "E5": ("", False), "F5": ("", False),
    }
    assert [cells[f"{col}1"][2] for col in "ABCDEF"] == [True] * 6
    assert not any(bold for ref, (_text, _quoted, bold) in cells.items() if ref[1] != "1")
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("xl/worksheets/sheet1.xml")
        workbook_xml = zf.read("xl/workbook.xml")
    assert b"<f>" not in xml and b"<hyperlink" not in xml
    assert b'<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' in xml
    assert b'<autoFilter ref="A1:F5"/>' in xml
    assert b'<col min="1" max="1" width="30.7109375" customWidth="1"/>' in xml
    assert 'name="企业_名录"'.encode() in workbook_xml


def test_write_xlsx_title_keeps_its_text_and_gets_the_quote_prefix(tmp_path):
    path = tmp_path / "titled.xlsx"
    write_xlsx(path, ["@名称"], [["-5"]], title="=慈溪市复工企业")
    assert written_cells(path) == {
        "A1": ("=慈溪市复工企业", True, True),
        "A2": ("@名称", True, True),
        "A3": ("-5", True, False),
    }
    write_xlsx(path, ["名称"], [["浒山"]], title="慈溪市复工企业")
    assert written_cells(path) == {
        "A1": ("慈溪市复工企业", False, True),
        "A2": ("名称", False, True),
        "A3": ("浒山", False, False),
    }


def test_write_xlsx_to_file_object_and_aware_datetime(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    buffer = io.BytesIO()
    aware = dt.datetime(2020, 3, 6, 0, 30, tzinfo=dt.timezone.utc)
    write_xlsx(buffer, ["时间"], iter([[aware]]))
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue())).get_sheet_by_index(0)
    assert sheet.to_python() == [["时间"], [dt.datetime(2020, 3, 6, 8, 30)]]


# ------------------------------------------------------------------- errors


def test_error_message_is_lazy_and_interpolated():
    exc = TabularError("too_many_rows", limit=10)
    with translation.override("en"):
        assert str(exc) == "The file has more than 10 data rows."
    assert exc.code == "too_many_rows"
    clone = pickle.loads(pickle.dumps(exc))
    with translation.override("en"):
        assert (clone.code, str(clone)) == ("too_many_rows", "The file has more than 10 data rows.")


def test_unknown_error_code_is_a_bug():
    with pytest.raises(ValueError):
        TabularError("nope")
