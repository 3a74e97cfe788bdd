"""RSS 2.0 feeds of blog posts, built with Django's syndication framework.

Feeds are read by programs that never sign in, so every feed is built for an anonymous reader
through Content.objects.visible_to(AnonymousUser): a post from a private or secret group, a draft
or a hidden post can never be in one. A group's feed exists only while the group is public.
Links are absolute (the framework adds the requesting host).
"""

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from xarxa.accounts.models import User
from xarxa.blogs.models import KIND
from xarxa.content.models import Content
from xarxa.spaces.models import Space

FEED_LENGTH = 30


def public_posts():
    return (Content.objects.visible_to(AnonymousUser()).originals().of_kind(KIND).published()
            .select_related("author__profile", "space", "post").order_by("-published_at", "-pk"))


class BasePostFeed(Feed):
    def items(self, obj=None):
        return self.posts(obj)[:FEED_LENGTH]

    def posts(self, obj):
        return public_posts()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body_html

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author.display_name if item.author else None

    def item_guid(self, item):
        return item.get_absolute_url()

    def item_categories(self, item):
        return []


class AllPostsFeed(BasePostFeed):
    def title(self):
        return _("Blog posts")

    def link(self):
        return reverse("blogs:list")

    def description(self):
        return _("The latest public blog posts of the network.")


class AllPostsAtomFeed(AllPostsFeed):
    feed_type = Atom1Feed
    subtitle = AllPostsFeed.description


class MemberBlogFeed(BasePostFeed):
    def get_object(self, request, username):
        return get_object_or_404(User, username=username, is_active=True)

    def posts(self, user):
        return public_posts().filter(author=user, space__isnull=True)

    def title(self, user):
        return _("%(name)s’s blog") % {"name": user.display_name}

    def link(self, user):
        return reverse("blogs:member_blog", args=[user.username])

    def description(self, user):
        return self.title(user)


class SpaceBlogFeed(BasePostFeed):
    def get_object(self, request, slug):
        # Only a public group has a feed: anything else answers as if it did not exist.
        space = Space.objects.filter(kind=Space.Kind.GROUP, slug=slug, visibility=Space.Visibility.PUBLIC).first()
        if space is None:
            raise Http404(_("No such group."))
        return space

    def posts(self, space):
        return public_posts().filter(space=space)

    def title(self, space):
        return _("Blog of %(group)s") % {"group": space.name}

    def link(self, space):
        return reverse("blogs:space_list", args=[space.slug])

    def description(self, space):
        return self.title(space)
