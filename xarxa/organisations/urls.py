from django.urls import path

from xarxa.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("propose/", views.propose, name="propose"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
]
