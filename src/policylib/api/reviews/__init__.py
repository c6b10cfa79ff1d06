"""The drafting and review tools (RevCom) through the API."""
