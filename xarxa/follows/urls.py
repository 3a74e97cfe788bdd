from django.urls import re_path

from xarxa.follows import views

app_name = "follows"
urlpatterns = [
    re_path(r"^follow/(?P<kind>member|organisation|topic)/(?P<key>[\w.@+-]+)/$", views.toggle, name="toggle"),
]
