"""Subscriptions (email when what a reader follows changes) and periodic review (review-by
dates, the dashboard, reminders to the OPI)."""
