"""The narrative of the monthly and quarterly reports, worded from plain figures (no app needed)."""
import ast
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from webapp.reports.narrative import Figures, change, narrate, number, percent

BANDS = ("Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ", "Không hoàn thành nhiệm vụ")
NOVEMBER = Figures(units=12, staff=1253, evaluated=1234, average_points=Decimal("84.256"), bands=(120, 900, 200, 14),
                   band_names=BANDS, work_done_percent=Decimal("95.24"), on_time_percent=Decimal("91"),
                   diary_percent=Decimal("88.44"), units_late=2, units_over_cap=1)
OCTOBER = Figures(units=12, staff=1250, evaluated=1202, average_points=Decimal("85.1"), bands=(100, 900, 190, 12),
                  band_names=BANDS, work_done_percent=Decimal("95.24"), on_time_percent=Decimal("92.5"),
                  diary_percent=None)


@pytest.mark.parametrize("value, places, text", [
    (Decimal("1234567"), 0, "1.234.567"), (Decimal("98.45"), 1, "98,5"), (Decimal("0.05"), 1, "0,1"),
    (0, 2, "0,00"), (Decimal("-2.25"), 1, "-2,3"),
])
def test_numbers_have_a_thousands_dot_and_a_decimal_comma(value, places, text):
    assert number(value, places) == text


def test_a_percentage_keeps_one_decimal_and_its_sign():
    assert percent(Decimal("98.4836")) == "98,5%"


@pytest.mark.parametrize("now, before, places, unit, text", [
    (Decimal("98.5"), Decimal("96.2"), 1, "điểm phần trăm", "tăng 2,3 điểm phần trăm so với tháng trước"),
    (Decimal("84.26"), Decimal("85.1"), 2, "điểm", "giảm 0,84 điểm so với tháng trước"),
    (Decimal("90.04"), Decimal("89.96"), 1, "điểm phần trăm", "không thay đổi so với tháng trước"),  # both 90,0 shown
    (Decimal("90.04"), None, 1, "điểm phần trăm", ""), (None, Decimal("1"), 1, "điểm", ""),
])
def test_a_change_is_worded_from_the_figures_as_shown(now, before, places, unit, text):
    assert change(now, before, places, unit, "tháng trước") == text


def test_the_narrative_of_many_units_gives_every_main_figure_and_its_change():
    text = " ".join(narrate("tháng 11/2026", NOVEMBER, OCTOBER, "tháng trước"))
    assert ("Trong tháng 11/2026, 98,5% cán bộ, công chức của 12 cơ quan, đơn vị đã được đánh giá "
            "(1.234/1.253 phiếu), tăng 2,3 điểm phần trăm so với tháng trước.") in text
    assert "Điểm đánh giá bình quân đạt 84,26 điểm, giảm 0,84 điểm so với tháng trước." in text
    assert ("Kết quả xếp loại: Hoàn thành xuất sắc nhiệm vụ 120 người (9,7%); "
            "Hoàn thành tốt nhiệm vụ 900 người (72,9%)") in text
    assert "tỷ lệ hoàn thành xuất sắc nhiệm vụ tăng 1,4 điểm phần trăm so với tháng trước." in text
    assert ("Khối lượng công việc quy đổi hoàn thành đạt 95,2%, không thay đổi so với tháng trước; tỷ lệ công việc "
            "hoàn thành đúng hạn đạt 91,0%, giảm 1,5 điểm phần trăm so với tháng trước; tỷ lệ ngày làm việc có "
            "ghi nhật ký đạt 88,4%.") in text  # no diary figure last month: no change given
    assert ("2 cơ quan, đơn vị chưa hoàn thành đánh giá đúng hạn; 1 cơ quan, đơn vị có số hoàn thành xuất sắc "
            "vượt tỷ lệ cho phép.") in text
    assert "Chưa có số liệu" not in text


def test_a_single_unit_is_named_and_a_missing_previous_period_is_said():
    sole = Figures(units=1, staff=40, evaluated=40, average_points=Decimal("80"), bands=(2, 30, 8, 0),
                   band_names=BANDS, sole_unit="Sở Nội vụ", counted="lượt")
    sentences = narrate("quý 4 năm 2026", sole, None, "quý trước")
    assert sentences[0] == ("Trong quý 4 năm 2026, 100,0% cán bộ, công chức của Sở Nội vụ đã được đánh giá "
                            "(40/40 phiếu).")
    assert "Điểm đánh giá bình quân đạt 80,00 điểm." in sentences
    assert "Cơ quan, đơn vị đã hoàn thành đánh giá đúng hạn; không có cơ quan, đơn vị nào vượt tỷ lệ hoàn thành " \
           "xuất sắc." in sentences
    assert sentences[-1] == "Chưa có số liệu quý trước để so sánh."
    assert "Không hoàn thành nhiệm vụ 0 lượt (0,0%)" in " ".join(sentences)


def test_no_units_and_no_staff_give_one_plain_sentence_and_no_figures():
    assert narrate("tháng 11/2026", Figures(units=0, staff=0, evaluated=0), None, "tháng trước") == [
        "Trong tháng 11/2026, không có cơ quan, đơn vị nào trong phạm vi báo cáo."]
    empty = narrate("tháng 11/2026", Figures(units=3, staff=0, evaluated=0), OCTOBER, "tháng trước")
    assert empty[0] == "Trong tháng 11/2026, 3 cơ quan, đơn vị chưa có cán bộ, công chức thuộc diện đánh giá."
    assert "Điểm" not in " ".join(empty) and "%" not in " ".join(empty)


def test_nobody_scored_yet_leaves_out_points_and_bands():
    waiting = Figures(units=2, staff=10, evaluated=0, band_names=BANDS, bands=(0, 0, 0, 0), units_late=2)
    text = " ".join(narrate("tháng 11/2026", waiting, None, "tháng trước"))
    assert "0,0% cán bộ, công chức của 2 cơ quan, đơn vị" in text and "bình quân" not in text
    assert "Kết quả xếp loại" not in text and "2 cơ quan, đơn vị chưa hoàn thành đánh giá đúng hạn" in text


@pytest.mark.parametrize("late, pending, text", [
    (0, 0, "Tất cả cơ quan, đơn vị đã hoàn thành đánh giá đúng hạn; không có cơ quan, đơn vị nào vượt"),
    (0, 2, "Chưa có cơ quan, đơn vị nào chậm đánh giá; 2 cơ quan, đơn vị đang hoàn thành đánh giá (hạn 10/12/2026);"),
    (1, 2, "1 cơ quan, đơn vị chưa hoàn thành đánh giá đúng hạn; 2 cơ quan, đơn vị đang hoàn thành đánh giá"),
])
def test_late_and_pending_units_are_told_apart_by_the_due_date(late, pending, text):
    f = Figures(units=5, staff=10, evaluated=8, units_late=late, units_pending=pending, due_text="10/12/2026")
    assert text in narrate("tháng 11/2026", f, None, "tháng trước")[-2]


def test_the_narrative_imports_only_the_standard_library():
    path = Path(__file__).resolve().parents[2] / "webapp" / "reports" / "narrative.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert names and all(name in sys.stdlib_module_names for name in names)
