from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogsConfig(AppConfig):
    name = "xarxa.blogs"
    label = "blogs"
    verbose_name = _("Blogs")

    def ready(self):
        from xarxa.content import kinds
        from xarxa.spaces import tools

        kinds.register("post", _("Blog post"), _("Blog posts"), "blogs:detail")
        tools.register("blog", _("Blog"), "blogs:space_list")
