from django.urls import path

from xarxa.privacy import views

app_name = "privacy"
urlpatterns = [
    path("privacy/", views.privacy_policy, name="policy"),
    path("settings/data/", views.my_data, name="my_data"),
    path("settings/data/export/", views.request_export, name="request_export"),
    path("settings/data/download/<str:token>/", views.download_export, name="download_export"),
    path("settings/delete-account/", views.delete_account, name="delete_account"),
]
