"""The SVG builders: accessible, escaped, no style attributes, bars and lines where the numbers say."""
import re
from decimal import Decimal as D
from xml.etree import ElementTree

from webapp.charts import Bar, Series, bar_chart, line_chart

NS = "{http://www.w3.org/2000/svg}"


def _parse(markup) -> ElementTree.Element:
    """The chart as XML (it must be well-formed to be inlined)."""
    return ElementTree.fromstring(str(markup))


def test_a_bar_chart_has_a_title_a_description_and_one_bar_per_value():
    svg = _parse(bar_chart("Phân bố xếp loại", "Hoàn thành tốt: 3", [
        Bar("Hoàn thành xuất sắc nhiệm vụ", D(1), "1", "band-0"), Bar("Hoàn thành tốt nhiệm vụ", D(3), "3", "band-1"),
        Bar("Không hoàn thành nhiệm vụ", D(0), "0", "band-3")]))
    assert svg.find(NS + "title").text == "Phân bố xếp loại" and svg.find(NS + "desc").text == "Hoàn thành tốt: 3"
    assert svg.get("role") == "img" and svg.get("aria-labelledby").split() == [
        svg.find(NS + "title").get("id"), svg.find(NS + "desc").get("id")]
    widths = [float(rect.get("width")) for rect in svg.iter(NS + "rect")]
    assert widths[1] > widths[0] > widths[2] == 0 and abs(widths[1] - 3 * widths[0]) < 0.2


def test_user_text_in_a_chart_is_escaped():
    markup = str(bar_chart("<b>", "a & b", [Bar('Đơn vị "X" <script>', D(1), "1")]))
    assert "<script>" not in markup and "&lt;script&gt;" in markup and "<b>" not in markup
    _parse(markup)


def test_no_chart_carries_a_style_attribute():
    bars = bar_chart("t", "d", [Bar("a", D(2), "2")])
    lines = line_chart("t", "d", ["01/26", "02/26"], [Series("s", (D("0.5"), D(1)), ("50 %", "100 %"))], D(1),
                       [(D(0), "0 %"), (D(1), "100 %")])
    assert not re.search(r"\sstyle=", str(bars) + str(lines))


def test_a_line_breaks_where_a_month_has_no_figure():
    svg = _parse(line_chart("Xu hướng", "d", ["1", "2", "3", "4", "5"], [
        Series("Tỷ lệ", (D("0.2"), D("0.4"), None, D("0.6"), D("0.8")), ("20 %", "40 %", "–", "60 %", "80 %"))],
        D(1), [(D(0), "0 %"), (D(1), "100 %")]))
    polylines = [p for p in svg.iter(NS + "polyline")]
    assert len(polylines) == 2 and len(list(svg.iter(NS + "circle"))) == 4


def test_higher_values_are_drawn_higher_and_capped_at_the_axis():
    svg = _parse(line_chart("t", "d", ["a", "b", "c"], [Series("s", (D(0), D("0.5"), D(2)), ("0", "50", "200"))],
                            D(1), [(D(0), "0"), (D(1), "100")]))
    ys = [float(c.get("cy")) for c in svg.iter(NS + "circle")]
    grid = sorted(float(line.get("y1")) for line in svg.iter(NS + "line") if line.get("class") == "grid")
    assert ys[0] > ys[1] > ys[2] and ys[2] == grid[0]  # 200 % drawn at the 100 % line, not above the chart


def test_every_series_has_a_legend_entry_with_its_name():
    svg = _parse(line_chart("t", "d", ["a", "b"], [Series("Một", (D(0), D(1)), ("0", "1"), "series-1"),
                                                   Series("Hai", (D(1), D(0)), ("1", "0"), "series-2")],
                            D(1), [(D(0), "0")]))
    legends = [g for g in svg.iter(NS + "g") if "legend" in (g.get("class") or "")]
    assert [g.find(NS + "text").text for g in legends] == ["Một", "Hai"]
