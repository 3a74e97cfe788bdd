from django.urls import path

from xarxa.content.kind_views import item_list, urlpatterns_for
from xarxa.school import views

app_name = "school"

urlpatterns = [
    path("", item_list, {"kind": "course"}, name="index"),
    path("mine/", views.mine, name="mine"),
    # The kind's generic pages (content.kind_views): list, create, page, edit, publish, delete.
    *urlpatterns_for("course", "courses/", "", names=("list", "create", "detail", "edit", "publish", "delete")),
    path("courses/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("courses/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("courses/<int:pk>/enrolments/", views.enrolments, name="enrolments"),
    path("courses/<int:pk>/enrolments/<int:enrolment_pk>/decide/", views.decide, name="decide"),
    path("courses/<int:pk>/enrolments/<int:enrolment_pk>/extra-time/", views.extra_time, name="extra_time"),
    path("courses/<int:pk>/modules/new/", views.add_module, name="add_module"),
    path("modules/<int:module_pk>/lessons/new/", views.lesson_form, name="add_lesson"),
    path("lessons/<int:pk>/", views.lesson, name="lesson"),
    path("lessons/<int:pk>/edit/", views.lesson_form, name="edit_lesson"),
    path("lessons/<int:pk>/done/", views.mark_done, name="mark_done"),
    path("lessons/<int:pk>/file/", views.file, name="lesson_file"),
    path("quizzes/<int:pk>/", views.quiz, name="quiz"),
    path("quizzes/<int:pk>/start/", views.start_attempt, name="start_attempt"),
    path("attempts/<int:pk>/", views.attempt_page, name="attempt"),
    path("cohorts/<slug:slug>/", views.cohort, name="cohort"),
    path("certificates/<str:code>/", views.verify, name="verify"),
    path("certificates/<str:code>/print/", views.printable, name="print"),
    path("certificates/<str:code>/revoke/", views.revoke, name="revoke"),
    path("certificates/<str:code>/share/", views.share, name="share"),
]
