"""Search across the whole network, in Spanish, Portuguese, Catalan and English.

For engineers adding a content kind (blog posts, wiki pages, events, library resources...):

* Nothing is needed for the basics. Every Content row (each language version) is indexed from the
  base table when saved: title, text, language, topics, space. Hiding, restoring, deleting and a
  space changing visibility are handled without any call (visibility is joined live at query time,
  deletes cascade). Results link to content.get_absolute_url(), i.e. your kinds.register() URL.
* If your one-to-one row holds searchable text (an event's venue, a resource's summary), give a
  builder in your kind's registry entry (search asks the registered kinds; your app never imports search):

      kinds.register("event", ..., search_fields=lambda content: {"body": content.event.venue},
                     search_prefetch=("event",))

  It receives the base Content and returns fields to add ("body" is appended) or replace
  ("title", "country", "date"). `prefetch` names what it reads, so the rebuild loads it per batch.
* When your service changes that kind-specific text, announce it (search subscribes, after commit):

      from xarxa.core.events import announce
      announce("content.changed", content=event.content)

  remove_content(content) takes an item out of search without deleting it (rarely needed).
* Kind labels in results and the kind filter come from content.kinds (your register() call).
* `manage.py rebuild_search_index` rebuilds everything from the live tables (rebuild.py: batched
  plain-value reads, COPY / executemany writes, one transaction).

Engines: PostgreSQL full-text search (migration 0002 creates the unaccent extension, the
xarxa_es / xarxa_pt / xarxa_en / xarxa_simple configurations, generated tsvector columns and GIN
indexes) or SQLite FTS5 (words folded and stemmed in Python by snowballstemmer). See backends.py.
"""
