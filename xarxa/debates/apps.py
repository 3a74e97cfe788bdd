from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DebatesConfig(AppConfig):
    name = "xarxa.debates"
    label = "debates"
    verbose_name = _("Debates")

    def ready(self):
        from xarxa.content import kinds
        from xarxa.debates.views import comment_actions_context
        from xarxa.spaces import tools

        kinds.register("debate", _("Debate"), _("Debates"), "debates:detail",
                       comment_actions_template="debates/_comment_actions.html",
                       comment_actions_context=comment_actions_context)
        tools.register("debates", _("Debates"), "debates:space_list")
