from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    """A member follows exactly one of: another member, an organisation, a topic.

    Three nullable columns (instead of a generic relation) keep the feed's joins
    plain and indexable.
    """

    follower = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="followers")
    organisation = models.ForeignKey("organisations.Organisation", null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="followers")
    topic = models.ForeignKey("topics.Topic", null=True, blank=True, on_delete=models.CASCADE,
                              related_name="followers")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(user__isnull=False, organisation__isnull=True, topic__isnull=True)
                    | Q(user__isnull=True, organisation__isnull=False, topic__isnull=True)
                    | Q(user__isnull=True, organisation__isnull=True, topic__isnull=False)
                ),
                name="follow_exactly_one_target",
            ),
            models.CheckConstraint(condition=~Q(user=models.F("follower")), name="follow_not_self"),
            models.UniqueConstraint(fields=["follower", "user"], condition=Q(user__isnull=False),
                                    name="follow_user_once"),
            models.UniqueConstraint(fields=["follower", "organisation"], condition=Q(organisation__isnull=False),
                                    name="follow_organisation_once"),
            models.UniqueConstraint(fields=["follower", "topic"], condition=Q(topic__isnull=False),
                                    name="follow_topic_once"),
        ]
        indexes = [models.Index(fields=["follower", "-created_at"])]

    def __str__(self):
        return f"{self.follower} → {self.target}"

    @property
    def target(self):
        return self.user or self.organisation or self.topic
