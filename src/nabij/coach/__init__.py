"""The message coach: walls and doors in a message, a kinder way to say it, and attunement. Pure."""
