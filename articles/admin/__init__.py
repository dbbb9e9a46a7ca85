"""The articles app's desk (Django's admin), registered here; autodiscover imports this package.

- article.py: the article admin, built from filters.py, inlines.py, forms.py (the change form
  and its version guard), actions.py (bulk workflow actions) and transitions.py (the change
  form's workflow buttons)
- views/: the article desk's own pages, one module each (preview, presence, history, trash)
- related.py: contributors, topics and corrections

sources/admin.py extends the article admin with its sourcing tools (the attributions inline,
suggested attributions) and registers that in its place: the articles desk never imports sources.
"""

from django.contrib import admin
from taggit.models import Tag

from articles.admin.article import ArticleAdmin
from articles.admin.related import ContributorAdmin, CorrectionAdmin, TopicAdmin
from articles.models import Article, Contributor, Correction, Topic

admin.site.register(Article, ArticleAdmin)
admin.site.register(Contributor, ContributorAdmin)
admin.site.register(Topic, TopicAdmin)
admin.site.register(Correction, CorrectionAdmin)

# taggit's own Tag model is unused (topics are our tag model); keep it out of the desk.
admin.site.unregister(Tag)

__all__ = ["ArticleAdmin", "ContributorAdmin", "CorrectionAdmin", "TopicAdmin"]
