from django.contrib import admin

from xarxa.wikis.models import WikiPage


@admin.register(WikiPage)
class WikiPageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "space", "is_protected", "revision_number"]
    raw_id_fields = ["content", "parent", "space"]
    list_select_related = ["content", "space"]
