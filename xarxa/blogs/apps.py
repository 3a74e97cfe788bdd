from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogsConfig(AppConfig):
    name = "xarxa.blogs"
    label = "blogs"
    verbose_name = _("Blogs")

    def ready(self):
        from xarxa.blogs import rules, services, views  # noqa: F401  (rules: the rule book)
        from xarxa.blogs.forms import EditPostForm, PostForm
        from xarxa.content import kinds
        from xarxa.content.services import delete_item
        from xarxa.spaces import tools

        kinds.register(
            "post", _("Blog post"), _("Blog posts"), "blogs:detail",
            app="blogs", attribute="post", form=PostForm, edit_form=EditPostForm, has_drafts=True,
            create=services.publish_post, edit=services.edit_post, delete=delete_item, publish=services.publish_draft,
            edit_rule="blogs.edit_post", edit_form_kwargs=views.edit_form_kwargs, edit_arguments=views.edit_arguments,
            list_context=views.post_rows, detail_context=views.detail_context,
            space_tab="blog", templates={"space_list": "blogs/space_blog.html"}, htmx_rows_template="blogs/_rows.html",
            texts={
                "list_title": _("Blogs"), "space_list_title": _("Blog"),
                "new_heading": _("Write a post"), "edit_heading": _("Edit the post"),
                "created": _("Your post is published."), "scheduled": _("Your post is scheduled."),
                "published": _("Your post is published."), "saved": _("The post has been saved."),
            },
        )
        tools.register("blog", _("Blog"), "blogs:space_list")
