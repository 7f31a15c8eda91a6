from django import forms
from django.utils.translation import gettext_lazy as _

from landinghub.templatetags.money import vnd

from .models import PRICE_MAX_VND, PRICE_MIN_VND, Category, RejectionReason

SORT_CHOICES = [
    ("newest", _("Newest")),
    ("popular", _("Most popular")),
    ("best_selling", _("Best selling")),
    ("price_asc", _("Price: low to high")),
    ("price_desc", _("Price: high to low")),
]


class ListingForm(forms.Form):
    page = forms.TypedChoiceField(label=_("Page"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=120)
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), to_field_name="slug"
    )
    price = forms.IntegerField(
        label=_("Price (VND, 0 = free)"), min_value=0, max_value=PRICE_MAX_VND, initial=0
    )
    tags = forms.CharField(label=_("Tags (comma separated)"), max_length=400, required=False)

    def __init__(self, *args, pages=(), editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page"].choices = [(p.pk, p.title) for p in pages]
        if editing:
            del self.fields["page"]

    def clean_price(self) -> int:
        price = self.cleaned_data["price"]
        if 0 < price < PRICE_MIN_VND:
            raise forms.ValidationError(
                _("A paid template costs at least %(min)s (or 0 for free)."),
                params={"min": vnd(PRICE_MIN_VND)},
            )
        return price

    def clean_tags(self) -> list[str]:
        tags = [t.strip().lower() for t in self.cleaned_data["tags"].split(",") if t.strip()]
        if len(tags) > 10:
            raise forms.ValidationError(_("At most 10 tags."))
        if any(len(t) > 40 for t in tags):
            raise forms.ValidationError(_("A tag has at most 40 characters."))
        return tags


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    reason = forms.ChoiceField(choices=[("", "—"), *RejectionReason.choices], required=False)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )
    # The pending revision shown to the reviewer; the decision applies to it or to nothing.
    revision = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("reason"):
            self.add_error("reason", _("Choose a reason when rejecting."))
        return data
