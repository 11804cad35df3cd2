"""`flask performance-refresh --month 2026-11 [--unit CODE]`: refresh the index's summary rows by hand or cron."""
import click
from flask import Blueprint
from sqlmodel import select

from ..db import new_session
from ..models import Unit
from ..months import parse_month
from .refresh import refresh_month

bp = Blueprint("performance_cli", __name__, cli_group=None)


@bp.cli.command("performance-refresh")
@click.option("--month", "month", required=True, help="Tháng (yyyy-mm hoặc mm/yyyy), ví dụ 2026-11.")
@click.option("--unit", "unit_code", default=None, help="Mã cơ quan, đơn vị; mặc định tất cả.")
def performance_refresh_command(month: str, unit_code: str | None) -> None:
    """Cập nhật bộ chỉ số hiệu quả hoạt động của một tháng (một đơn vị hoặc tất cả)."""
    first = parse_month(month)
    with new_session() as session:
        unit_ids = None
        if unit_code:
            unit = session.exec(select(Unit).where(Unit.code == unit_code)).first()
            if unit is None:
                raise click.ClickException(f"Không có cơ quan, đơn vị mã {unit_code}.")
            unit_ids = [unit.id]
        rows = refresh_month(session, first, unit_ids)
    click.echo(f"Đã cập nhật {rows} dòng số liệu tháng {first:%m/%Y}.")
