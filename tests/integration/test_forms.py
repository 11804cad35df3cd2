"""The base form: NFC on every text field, without piling filters onto the shared field classes."""
import unicodedata

from webapp.worklog.forms import EntryForm


def test_creating_forms_does_not_pile_up_filters_on_the_shared_fields(app):
    with app.test_request_context():
        for _ in range(50):
            form = EntryForm(data={"description": unicodedata.normalize("NFD", "  Thẩm định hồ sơ ")})
    assert len(form.description.filters) == 1
    assert "filters" not in EntryForm.description.kwargs
    assert form.description.data == "Thẩm định hồ sơ"
