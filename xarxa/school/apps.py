from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolConfig(AppConfig):
    name = "xarxa.school"
    label = "school"
    verbose_name = _("School of Government")

    def ready(self):
        from xarxa.content import kinds
        from xarxa.core import sections
        from xarxa.school import rules, services, views  # noqa: F401  (rules: the rule book)
        from xarxa.school.forms import CourseForm

        kinds.register(
            "course", _("Course"), _("Courses"), "school:detail",
            app="school", attribute="course", form=CourseForm, has_drafts=True,
            create=services.create_course, edit=services.edit_course, publish=services.publish_course,
            delete=services.delete_course, edit_rule="school.edit_course",
            list_context=views.course_rows, list_extra=views.list_extra, detail_context=views.detail_context,
            form_kwargs=views.form_kwargs, edit_form_kwargs=views.edit_form_kwargs, translatable=False,
            texts={
                "list_title": _("School of Government"), "new_heading": _("Create a course"),
                "edit_heading": _("Edit the course"), "created": _("The course is published."),
                "drafted": _("Your course is saved as a draft: only you can see it until you publish it."),
                "published": _("The course is published."), "saved": _("The course has been saved."),
                "deleted": _("The course has been deleted."),
                "delete_warning": _("Its learners lose access to its lessons; certificates already issued stay "
                                    "verifiable."),
            },
        )
        sections.register(
            "school", _("School"), "school:index", app_names=["school"], order=40,
            description=_("Courses by public employees for public employees, with certificates anyone can verify."))
