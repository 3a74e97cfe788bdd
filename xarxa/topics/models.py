from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class TopicQuerySet(models.QuerySet):
    """Topics are created by whoever first tags something, a secret group included: a topic name can tell
    that a secret group (or an item someone cannot read) exists. So every list, suggestion and filter
    shows a reader only the topics used where they may look."""

    def listed_to(self, user):
        """Topics on a group `user` may know of, on content they may read, or on a profile they may see."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        # The groups', content's and profiles' own visibility rules, asked through the app registry: topics
        # sit below those apps in the layers and import none of them.
        space, content, profile = (apps.get_model("spaces", "Space"), apps.get_model("content", "Content"),
                                   apps.get_model("accounts", "Profile"))
        on_space = space.topics.through.objects.filter(
            topic=OuterRef("pk"), space__in=space.objects.visible_to(user).values("pk"))
        on_content = content.topics.through.objects.filter(
            topic=OuterRef("pk"), content__in=content.objects.listed_to(user).values("pk"))
        on_profile = profile.topics.through.objects.filter(
            topic=OuterRef("pk"), profile__in=profile.objects.visible_to(user).values("pk"))
        return self.filter(Q(Exists(on_space)) | Q(Exists(on_content)) | Q(Exists(on_profile)))

    def visible_to(self, user):
        """Topics whose page `user` may open: those listed to them and those they follow."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        listed = self.listed_to(user)
        if not user.is_authenticated:
            return listed
        followed = apps.get_model("follows", "Follow").objects.filter(follower=user, topic=OuterRef("pk"))
        return self.filter(Q(pk__in=listed.values("pk")) | Q(Exists(followed)))


class Topic(models.Model):
    """A shared tag: what members know about, what groups and content are about."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=90, unique=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:90]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("topics:detail", args=[self.slug])
