"""What blogs add to the pages every kind has (content.kind_views): their rows (with the reader's drafts
in a group), the edit count and cover on the post's page, and their own pages (a member's blog, a
post's history, its cover image)."""

from django.shortcuts import get_object_or_404, render

from xarxa.accounts.models import User
from xarxa.accounts.rules import can_post
from xarxa.blogs.models import KIND, Post
from xarxa.content import kinds
from xarxa.content.kind_views import access_item, content_initial
from xarxa.content.models import Content
from xarxa.content.threads import access_content
from xarxa.core.files import serve_private_image
from xarxa.core.keyset import keyset_page

PER_PAGE = 20


# Lists -------------------------------------------------------------------------------------------

def _posts(user):
    return (Content.objects.visible_to(user).originals().of_kind(KIND).for_lists()
            .select_related("post"))


def _page_of(request, posts):
    rows, next_cursor = keyset_page(posts.published().filter(published_at__isnull=False),
                                    order_field="published_at", cursor=request.GET.get("after"), per_page=PER_PAGE)
    return {"rows": rows, "next_cursor": next_cursor}


def _drafts(user, posts):
    """The reader's own drafts and scheduled posts (only they see them here)."""
    if not user.is_authenticated:
        return []
    return list(posts.filter(author=user, status__in=Content.PRIVATE_STATUSES).order_by("-created_at", "-pk")[:20])


def _render_list(request, template, context):
    if request.htmx and request.GET.get("after"):
        return render(request, "blogs/_rows.html", context)
    return render(request, template, context)


def post_rows(request, space):
    """The kind's list rows (content.kind_views): a group's blog also shows the reader's own drafts."""
    posts = _posts(request.user)
    if space is None:
        return _page_of(request, posts)
    posts = posts.filter(space=space)
    return {**_page_of(request, posts), "drafts": _drafts(request.user, posts),
            "has_feed": space.visibility == space.Visibility.PUBLIC}


def member_blog(request, username):
    author = get_object_or_404(User.objects.select_related("profile"), username=username, is_active=True)
    posts = _posts(request.user).filter(author=author, space__isnull=True)
    context = _page_of(request, posts)
    is_owner = request.user.is_authenticated and request.user.pk == author.pk
    context.update(author=author, is_owner=is_owner, drafts=_drafts(request.user, posts) if is_owner else [],
                   can_start=is_owner and bool(can_post(request.user)))
    return _render_list(request, "blogs/member_blog.html", context)


# The post ----------------------------------------------------------------------------------------

def _access_post(user, pk) -> Post:
    return access_item(user, pk, kinds.get(KIND))


def detail_context(request, post):
    return {"revision_count": post.revisions.count()}


def history(request, pk):
    post = _access_post(request.user, pk)
    revisions = post.revisions.shown_to(request.user, post.content).select_related("edited_by__profile")
    return render(request, "blogs/history.html", {"post": post, "content": post.content, "revisions": revisions})


# Writing -----------------------------------------------------------------------------------------

def edit_form_kwargs(post):
    return {"initial": {**content_initial(post.content), "publish_at": post.publish_at}}


def edit_arguments(form, post):
    arguments = form.service_arguments()
    arguments.pop("language", None)
    return {**arguments, "remove_cover": form.cleaned_data["remove_cover"], "reschedule": not post.content.is_published}


def cover(request, pk):
    """A post's cover, only for those who may read the post."""
    content = access_content(request.user, pk, Content.objects.filter(kind=KIND).select_related("post"))
    return serve_private_image(content.post.cover)
