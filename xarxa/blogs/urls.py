from django.urls import path

from xarxa.blogs import feeds, views
from xarxa.content.kind_views import urlpatterns_for

app_name = "blogs"
urlpatterns = [
    *urlpatterns_for("post", "blogs/", "blog/"),
    path("blogs/feed/", feeds.AllPostsFeed(), name="feed"),
    path("blogs/feed/atom/", feeds.AllPostsAtomFeed(), name="atom_feed"),
    path("blogs/<int:pk>/cover/", views.cover, name="cover"),
    path("blogs/<int:pk>/history/", views.history, name="history"),
    path("u/<str:username>/blog/", views.member_blog, name="member_blog"),
    path("u/<str:username>/blog/feed/", feeds.MemberBlogFeed(), name="member_feed"),
    path("groups/<slug:slug>/blog/feed/", feeds.SpaceBlogFeed(), name="space_feed"),
]
