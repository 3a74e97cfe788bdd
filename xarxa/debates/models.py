from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xarxa.content.models import Comment, Content

KIND = "debate"


class Debate(models.Model):
    """A question or topic put to a group or to the open network; its replies are the base's comments."""

    content = models.OneToOneField(Content, on_delete=models.CASCADE, primary_key=True, related_name="debate")
    useful_answer = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                      verbose_name=_("most useful answer"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    summary = models.TextField(_("summary"), blank=True)
    summary_html = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("debate")
        verbose_name_plural = _("debates")

    def __str__(self):
        return self.content.title

    def get_absolute_url(self):
        return self.content.get_absolute_url()

    @property
    def is_closed(self):
        return self.closed_at is not None
