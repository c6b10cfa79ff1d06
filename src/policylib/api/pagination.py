from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """`?page=N` (from 1) and `?page_size=N` (up to 100); the answer says how many in all."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
