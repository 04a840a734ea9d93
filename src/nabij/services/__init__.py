"""Use cases that combine the layers below; the web app and the command line both call these."""
