from django.contrib import admin

from xarxa.blogs.models import Post


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["__str__", "publish_at"]
    raw_id_fields = ["content"]
    list_select_related = ["content"]
