from django import forms
from django.utils.translation import gettext_lazy as _

from xarxa.accounts.models import LANGUAGE_CHOICES, User
from xarxa.content.models import Content
from xarxa.content.services import MAX_BODY, MAX_TITLE
from xarxa.school.models import KIND, Course, Lesson
from xarxa.spaces.forms import TopicNamesField

MAX_COVER_BYTES = 5 * 1024 * 1024


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE, error_messages={"required": _("Write a title.")})
    summary = forms.CharField(label=_("Summary"), max_length=300, required=False,
                              help_text=_("One or two sentences for the catalogue."))
    body = forms.CharField(label=_("Description"), required=False, max_length=MAX_BODY,
                           widget=forms.Textarea(attrs={"rows": 8}), help_text=_("Markdown is supported."))
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    level = forms.ChoiceField(label=_("Level"), choices=Course.Level.choices)
    expected_hours = forms.IntegerField(label=_("Expected hours"), min_value=1, max_value=1000, initial=1)
    enrolment_mode = forms.ChoiceField(label=_("Enrolment"), choices=Course.Enrolment.choices,
                                       widget=forms.RadioSelect)
    lessons_in_order = forms.BooleanField(label=_("Learners take the required lessons in order"), required=False)
    instructor_names = forms.CharField(
        label=_("Other instructors"), required=False, max_length=600,
        help_text=_("Their usernames, separated by commas. You teach the course too."))
    prerequisites = forms.ModelMultipleChoiceField(
        label=_("Prerequisites"), required=False, queryset=Course.objects.none(),
        widget=forms.CheckboxSelectMultiple, help_text=_("Courses a learner must complete before enrolling."))
    cover = forms.ImageField(label=_("Cover image"), required=False)
    topic_names = TopicNamesField()

    def __init__(self, *args, user=None, course=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        readable = Content.objects.visible_to(user).filter(kind=KIND, status=Content.Status.PUBLISHED) \
            if user is not None else Content.objects.none()
        queryset = Course.objects.filter(content__in=readable).select_related("content").order_by("content__title")
        if course is not None:
            queryset = queryset.exclude(pk=course.pk)
        self.fields["prerequisites"].queryset = queryset
        self.fields["prerequisites"].label_from_instance = lambda c: c.content.title
        if editing:
            del self.fields["language"]

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Write a title."))
        return title

    def clean_cover(self):
        cover = self.cleaned_data.get("cover")
        if cover and cover.size > MAX_COVER_BYTES:
            raise forms.ValidationError(_("The image is too big (at most 5 MB)."))
        return cover

    def clean_instructor_names(self):
        names = [n.strip().lstrip("@") for n in self.cleaned_data["instructor_names"].split(",") if n.strip()]
        found = list(User.objects.filter(username__in=names, is_active=True))
        missing = set(names) - {u.username for u in found}
        if missing:
            raise forms.ValidationError(_("No member has the username %(names)s.")
                                        % {"names": ", ".join(sorted(missing))})
        return found

    def service_arguments(self):
        data = self.cleaned_data
        arguments = {
            "title": data["title"], "body": data["body"], "summary": data["summary"],
            "topics": TopicNamesField.topics(data["topic_names"]), "level": data["level"],
            "expected_hours": data["expected_hours"], "enrolment_mode": data["enrolment_mode"],
            "lessons_in_order": data["lessons_in_order"], "instructors": data["instructor_names"],
            "prerequisites": list(data["prerequisites"]), "cover": data.get("cover"),
        }
        if "language" in data:
            arguments["language"] = data["language"]
        return arguments

    @staticmethod
    def initial_for(course):
        content = course.content
        return {"title": content.title, "body": content.body, "summary": course.summary, "level": course.level,
                "expected_hours": course.expected_hours, "enrolment_mode": course.enrolment_mode,
                "lessons_in_order": course.lessons_in_order,
                "instructor_names": ", ".join(u.username for u in course.instructors.all()
                                              if u.pk != content.author_id),
                "prerequisites": list(course.prerequisites.all()),
                "topic_names": ", ".join(t.name for t in content.topics.all())}


class ModuleForm(forms.Form):
    title = forms.CharField(label=_("Module title"), max_length=MAX_TITLE)


class LessonForm(forms.ModelForm):
    class Meta:
        model = Lesson
        fields = ["title", "body", "video_url", "captions_url", "file", "is_required", "allows_preview"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Why is it revoked?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class ShareForm(forms.Form):
    shows_score = forms.BooleanField(label=_("Show my score on the verification page"), required=False)
    on_profile = forms.BooleanField(label=_("List this certificate on my profile"), required=False)


class ExtraTimeForm(forms.Form):
    minutes = forms.IntegerField(label=_("Extra minutes on timed quizzes"), min_value=0, max_value=600)
