from django.urls import path

from xarxa.blogs import feeds, views

app_name = "blogs"
urlpatterns = [
    path("blogs/", views.post_list, name="list"),
    path("blogs/feed/", feeds.AllPostsFeed(), name="feed"),
    path("blogs/feed/atom/", feeds.AllPostsAtomFeed(), name="atom_feed"),
    path("blogs/new/", views.create, name="create"),
    path("blogs/<int:pk>/", views.detail, name="detail"),
    path("blogs/<int:pk>/cover/", views.cover, name="cover"),
    path("blogs/<int:pk>/edit/", views.edit, name="edit"),
    path("blogs/<int:pk>/publish/", views.publish, name="publish"),
    path("blogs/<int:pk>/history/", views.history, name="history"),
    path("u/<str:username>/blog/", views.member_blog, name="member_blog"),
    path("u/<str:username>/blog/feed/", feeds.MemberBlogFeed(), name="member_feed"),
    path("groups/<slug:slug>/blog/", views.space_blog, name="space_list"),
    path("groups/<slug:slug>/blog/new/", views.create, name="space_create"),
    path("groups/<slug:slug>/blog/feed/", feeds.SpaceBlogFeed(), name="space_feed"),
]
