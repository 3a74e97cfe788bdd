"""Blog pages: every post the reader may see, a member's blog, a group's blog, the post, its forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xarxa.accounts.models import User
from xarxa.accounts.rules import can_post
from xarxa.blogs import rules as blog_rules
from xarxa.blogs import services
from xarxa.blogs.forms import EditPostForm, PostForm
from xarxa.blogs.models import KIND, Post
from xarxa.content import rules as content_rules
from xarxa.content.context import comments_context
from xarxa.content.forms import AttachmentForm
from xarxa.content.models import Content
from xarxa.content.services import pick_version, reader_language
from xarxa.content.threads import access_content
from xarxa.core.files import serve_private_image
from xarxa.core.keyset import keyset_page
from xarxa.spaces import rules as space_rules
from xarxa.spaces.context import space_context
from xarxa.spaces.services import access_space

PER_PAGE = 20


def _error_text(error):
    return error.messages[0] if isinstance(error, ValidationError) else str(error)


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


def post_list(request):
    context = _page_of(request, _posts(request.user))
    context.update(show_space=True, can_start=bool(can_post(request.user)))
    return _render_list(request, "blogs/list.html", context)


def member_blog(request, username):
    author = get_object_or_404(User.objects.select_related("profile"), username=username, is_active=True)
    posts = _posts(request.user).filter(author=author, space__isnull=True)
    context = _page_of(request, posts)
    is_owner = request.user.is_authenticated and request.user.pk == author.pk
    context.update(author=author, is_owner=is_owner, drafts=_drafts(request.user, posts) if is_owner else [],
                   can_start=is_owner and bool(can_post(request.user)))
    return _render_list(request, "blogs/member_blog.html", context)


def space_blog(request, slug):
    space = access_space(request.user, slug)
    if not space_rules.can_read_space_content(request.user, space):
        raise Http404(_("No such group."))
    posts = _posts(request.user).filter(space=space)
    context = space_context(request, space, "blog")
    context.update(_page_of(request, posts))
    context.update(drafts=_drafts(request.user, posts), has_feed=space.visibility == space.Visibility.PUBLIC)
    return _render_list(request, "blogs/space_blog.html", context)


# The post ----------------------------------------------------------------------------------------

def _access_post(user, pk) -> Post:
    content = access_content(user, pk, Content.objects.filter(kind=KIND, original__isnull=True).select_related(
        "space", "author__profile", "post"))
    return content.post


def detail(request, pk):
    content = access_content(request.user, pk, Content.objects.filter(kind=KIND).select_related(
        "space__organisation", "author__profile__organisation", "post"))
    if content.original_id:
        return redirect(content.get_absolute_url())
    post = content.post
    user = request.user
    versions = [content, *Content.objects.visible_to(user).filter(original=content).order_by("language")]
    shown = pick_version(versions, request.GET.get("lang") or reader_language(request.LANGUAGE_CODE))
    context = comments_context(request, content)
    context.update(
        post=post, shown=shown, other_versions=[v for v in versions if v.pk != shown.pk], space=content.space,
        topics=content.topics.all(), attachments=content.attachments.all(), attachment_form=AttachmentForm(),
        can_edit=bool(blog_rules.can_edit_post(user, post)),
        can_attach=bool(content_rules.can_attach_to_content(user, content)),
        can_translate=bool(content_rules.can_translate_content(user, content)),
        revision_count=post.revisions.count(),
    )
    return render(request, "blogs/detail.html", context)


def history(request, pk):
    post = _access_post(request.user, pk)
    revisions = post.revisions.shown_to(request.user, post.content).select_related("edited_by__profile")
    return render(request, "blogs/history.html", {"post": post, "content": post.content, "revisions": revisions})


# Writing -----------------------------------------------------------------------------------------

@login_required
def create(request, slug=None):
    space = access_space(request.user, slug) if slug else None
    form = PostForm(request.POST or None, request.FILES or None,
                    initial={"language": reader_language(request.LANGUAGE_CODE)})
    allowed = space_rules.can_post_in_space(request.user, space) if space else can_post(request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            post = services.publish_post(request.user, space=space, draft="save_draft" in request.POST,
                                         **form.service_arguments())
        except PermissionDenied as error:
            form.add_error(None, _error_text(error))
            status = 403
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            if post.content.is_published:
                messages.success(request, _("Your post is published."))
            elif post.publish_at:
                messages.success(request, _("Your post is scheduled."))
            else:
                messages.success(request, _("Your draft has been saved. Only you can see it."))
            return redirect(post.content.get_absolute_url())
    if form.errors and status == 200:
        status = 400
    context = space_context(request, space, "blog") if space else {}
    context.update(form=form, allowed=bool(allowed))
    return render(request, "blogs/form.html", context, status=status)


@login_required
def edit(request, pk):
    post = _access_post(request.user, pk)
    content = post.content
    if not blog_rules.can_edit_post(request.user, post):
        raise PermissionDenied(_("Only the author can edit this post."))
    initial = {"title": content.title, "body": content.body, "language": content.language,
               "topic_names": ", ".join(t.name for t in content.topics.all()), "publish_at": post.publish_at}
    form = EditPostForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        arguments.pop("language", None)
        try:
            services.edit_post(request.user, post, remove_cover=form.cleaned_data["remove_cover"],
                               reschedule=not content.is_published, **arguments)
        except (PermissionDenied, ValidationError) as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("The post has been saved."))
            return redirect(content.get_absolute_url())
    return render(request, "blogs/form.html", {"form": form, "allowed": True, "post": post},
                  status=400 if form.errors else 200)


@require_POST
@login_required
def publish(request, pk):
    post = _access_post(request.user, pk)
    try:
        services.publish_draft(request.user, post)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Your post is published."))
    return redirect(post.content.get_absolute_url())


def cover(request, pk):
    """A post's cover, only for those who may read the post."""
    content = access_content(request.user, pk, Content.objects.filter(kind=KIND).select_related("post"))
    return serve_private_image(content.post.cover)
