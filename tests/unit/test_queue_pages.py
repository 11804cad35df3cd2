"""How the approval queue is cut into pages of whole person/day groups."""
from webapp.worklog.approval_queue import split_pages


def test_a_page_takes_whole_groups_until_it_holds_the_page_size():
    assert split_pages([40, 40, 40, 40, 10], size=100) == [range(0, 3), range(3, 5)]


def test_a_group_larger_than_a_page_is_never_cut():
    assert split_pages([250, 5], size=100) == [range(0, 1), range(1, 2)]


def test_an_empty_queue_is_one_empty_page():
    assert split_pages([], size=100) == [range(0, 0)]


def test_a_queue_ending_exactly_on_a_page_has_no_empty_last_page():
    assert split_pages([50, 50], size=100) == [range(0, 2)]
