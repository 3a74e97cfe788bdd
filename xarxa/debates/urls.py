from django.urls import path

from xarxa.content.kind_views import urlpatterns_for
from xarxa.debates import views

app_name = "debates"
urlpatterns = [
    path("debates/drafts/", views.drafts, name="drafts"),
    *urlpatterns_for("debate", "debates/", "debates/"),
    path("debates/<int:pk>/close/", views.close, name="close"),
    path("debates/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("debates/<int:pk>/useful/<int:comment_pk>/", views.mark_useful, name="mark_useful"),
]
