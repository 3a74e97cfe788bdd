"""Discovery: people you may know, groups for you, trending this week and related content, each with
a few words saying why. No tables of its own: everything is read from follows, memberships, topics and
the activity log, through the same visibility rules as every other page.

Content pages show related items with `{% load discovery_tags %}{% related_content content %}`.
"""
