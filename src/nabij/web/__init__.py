"""The web app: server-rendered pages for each partner and the couple."""
