"""The site's own words: welcome text, section descriptions, quick links, FAQ, feedback."""

from django.conf import settings
from django.db import models


class SiteText(models.Model):
    """The editable text of the site. There is one row; `SiteText.load()` returns it."""

    site_name = models.CharField(max_length=200, default="Resource Library")
    tagline = models.CharField(
        max_length=300,
        default="Official documents are maintained in this library to direct and inform "
        "employees and contractors.",
    )
    welcome = models.TextField(blank=True, help_text="Markdown, shown on the home page.")
    documents_intro = models.TextField(blank=True, help_text="The Documents section, in brief.")
    development_intro = models.TextField(
        blank=True, help_text="The Development Tools section, in brief."
    )
    references_intro = models.TextField(blank=True, help_text="The References section, in brief.")
    help_intro = models.TextField(blank=True, help_text="The Help section, in brief.")
    about = models.TextField(blank=True, help_text="Markdown, the About page.")

    class Meta:
        verbose_name = "site text"
        verbose_name_plural = "site text"

    def __str__(self) -> str:
        return self.site_name

    @classmethod
    def load(cls) -> "SiteText":
        text = cls.objects.order_by("pk").first()
        return text if text is not None else cls()


class QuickLink(models.Model):
    title = models.CharField(max_length=200)
    url = models.CharField(max_length=500, help_text="A full address or a path on this site.")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title


class FrequentQuestion(models.Model):
    question = models.CharField(max_length=300)
    answer = models.TextField(help_text="Markdown.")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "question"]
        verbose_name = "frequently asked question"

    def __str__(self) -> str:
        return self.question


class Feedback(models.Model):
    """A message sent from the Help page; stored first, then emailed to library staff."""

    received_at = models.DateTimeField(auto_now_add=True)
    name = models.CharField(max_length=200)
    email = models.EmailField()
    subject = models.CharField(max_length=200)
    message = models.TextField()
    page = models.CharField(max_length=500, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled = models.BooleanField(default=False)

    class Meta:
        ordering = ["-received_at"]
        verbose_name_plural = "feedback"

    def __str__(self) -> str:
        return f"{self.subject} ({self.name})"
