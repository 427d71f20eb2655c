"""The county's checklist editor: one row per item, plus empty rows to add one."""
from django import forms
from django.utils.translation import gettext_lazy as _

NEW_ROWS = 2


class ChecklistRowForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=32, required=False)
    text_zh = forms.CharField(label=_("Chinese text"), max_length=100, required=False)
    text_en = forms.CharField(label=_("English text"), max_length=160, required=False)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, initial=0)
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def __init__(self, *args, existing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing = existing
        if existing:
            self.fields["code"].disabled = True   # checks store results by code: it never changes

    def clean(self):
        data = super().clean()
        if not self.existing and not (data.get("code") or data.get("text_zh")):
            return data   # an empty new row: nothing to add
        for name, message in (("code", _("A short code in Latin letters, such as hand_washing.")),
                              ("text_zh", _("The item as the firms read it, in Chinese."))):
            if not data.get(name):
                self.add_error(name, message)
        if not data.get("text_en"):
            data["text_en"] = data.get("text_zh", "")
        return data

    def row(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("code"):
            return None
        return {name: data[name] for name in ("code", "text_zh", "text_en", "order", "active")}


def row_forms(items, data=None) -> list[ChecklistRowForm]:
    forms_ = [ChecklistRowForm(data, prefix=f"item-{i}", existing=True,
                               initial={"code": item.code, "text_zh": item.text_zh, "text_en": item.text_en,
                                        "order": item.order, "active": item.active})
              for i, item in enumerate(items)]
    top = max((item.order for item in items), default=0)
    forms_ += [ChecklistRowForm(data, prefix=f"new-{i}", initial={"order": top + i + 1, "active": True})
               for i in range(NEW_ROWS)]
    return forms_
