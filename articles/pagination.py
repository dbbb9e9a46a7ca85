"""Pages for the reader's long lists (home, a topic, a contributor, a source), without a total.

Counting a topic's articles costs time in proportion to how many it has: 60 ms of a 61 ms
page for a topic on half of 100,000 articles, for a "Page 1 of 2,548" nobody reads. These
pages link to newer and older ones instead, as news sites do, and learn whether an older page
exists by asking for one row more than a page holds.
"""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator

# Far past any archive's end; it keeps the OFFSET a page number asks for a sane integer.
MAX_PAGE = 1_000_000


class UncountedPaginator(Paginator):
    uncounted = True

    def validate_number(self, number):
        # Django's checks but the last, which needs the count: page() finds a page past the end
        # empty instead.
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        if number > MAX_PAGE:
            raise EmptyPage(self.error_messages["no_results"])
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and (number > 1 or not self.allow_empty_first_page):
            raise EmptyPage(self.error_messages["no_results"])
        return UncountedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)


class UncountedPage(Page):
    def __init__(self, object_list, number, paginator, *, more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def __repr__(self):
        return f"<Page {self.number}>"

    def has_next(self):
        return self.more

    def next_page_number(self):
        return self.number + 1
