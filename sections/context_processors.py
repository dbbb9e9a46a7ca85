"""The site header's sections for every reader template (read only when a template shows
them: the desk's pages never ask)."""

from sections.navigation import top_sections


def navigation(request):
    return {"nav_sections": top_sections}
