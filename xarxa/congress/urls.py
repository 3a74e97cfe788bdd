from django.urls import path

from xarxa.congress import views

app_name = "congress"

urlpatterns = [
    path("", views.edition_list, name="list"),
    path("<slug:slug>/", views.edition_home, name="edition"),
]
