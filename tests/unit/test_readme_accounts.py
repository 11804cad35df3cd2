"""The README points new users to real demo accounts: an ordinary staff member, their manager, a head."""
import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _people() -> dict[str, dict]:
    """Every seeded person by username, with the unit folder."""
    people = {}
    for path in (ROOT / "seeds" / "units").glob("*/people.csv"):
        with path.open(encoding="utf-8") as f:
            people.update({row["username"]: {**row, "unit": path.parent.name} for row in csv.DictReader(f)})
    return people


def _named_accounts() -> list[str]:
    """The Hạc Thành usernames the set-up section names, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = text[text.index("## Set-up"):text.index("## Running it for real")]
    return re.findall(r"`(ht\.[a-z]+)`", setup)


def test_the_readme_names_a_staff_member_their_manager_and_the_head_who_exist():
    people, accounts = _people(), {}
    with (ROOT / "seeds" / "demo_accounts.csv").open(encoding="utf-8") as f:
        accounts = {row["username"]: row for row in csv.DictReader(f)}
    staff, manager, head = (people[name] for name in _named_accounts())
    assert all(accounts[p["username"]]["role"] == role for p, role in
               ((staff, "staff"), (manager, "manager"), (head, "head")))
    assert not staff["position_code"].startswith("LD-"), "the example staff member must not be a leader"
    assert staff["division_code"] == manager["division_code"] and staff["unit"] == manager["unit"] == head["unit"]
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert all(f"`{p['username']}` ({p['full_name']}" in readme for p in (staff, manager, head))
