"""Hand-built chats for the analysis tests: Sanne and Mark (the test world's couple) write.

A ``Script`` is written the way a chat happens: who says what, and how long after the message
before. Tests state a habit ("Mark answers three hours later, in two words") and check what
the analysis makes of it.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from nabij.conversation.messages import Chat, ChatFormat, Message

SANNE = "Sanne"
MARK = "Mark"
START = datetime(2026, 9, 7, 9, 0)  # a Monday


class Script:
    """A chat being written, message by message."""

    def __init__(self, start: datetime = START) -> None:
        self.time = start
        self.messages: list[Message] = []

    def say(
        self,
        sender: str,
        text: str = "ok",
        *,
        after: timedelta = timedelta(minutes=1),
        media: bool = False,
    ) -> "Script":
        """Add a message ``after`` the previous one (the first one at the start)."""
        if self.messages:
            self.time += after
        line = len(self.messages) + 1
        self.messages.append(Message(line, self.time, sender, "" if media else text, media))
        return self

    def wait(self, delta: timedelta) -> "Script":
        """Let time pass before the next message (on top of its own ``after``)."""
        self.time += delta
        return self

    def chat(self, layout: ChatFormat = ChatFormat.WHATSAPP_ANDROID) -> Chat:
        """Return the chat as an importer would."""
        return Chat(layout, True, tuple(self.messages))


def pursuit_day(script: Script, pursuer: str, withdrawer: str) -> None:
    """Write one day of a pursue–withdraw dance: bursts of asking, late, short answers."""
    for _ in range(3):
        script.say(pursuer, "Waarom reageer je niet?", after=timedelta(hours=1))
        script.say(pursuer, "Ben je er?")
        script.say(pursuer, "Kunnen we vanavond praten?")
        script.say(pursuer, "Ik mis je")
        script.say(withdrawer, "laat maar", after=timedelta(hours=3))


def warm_day(script: Script) -> None:
    """Write one day of a balanced, warm exchange: both ask, both answer soon, both open doors."""
    lines = [
        (SANNE, "Hoe was je dag?"),
        (MARK, "Goed! En die van jou?"),
        (SANNE, "Fijn, ik mis je wel"),
        (MARK, "Ik mis jou ook. Zullen we vanavond samen koken?"),
        (SANNE, "Ja leuk, dank je wel voor het vragen"),
        (MARK, "Fijn dat je er bent"),
    ]
    for index, (sender, text) in enumerate(lines):
        script.say(sender, text, after=timedelta(hours=2) if index == 0 else timedelta(minutes=4))


def days(script: Script, count: int, day: Callable[[Script], None]) -> Script:
    """Write ``count`` days with ``day``; each day's first message comes after eight o'clock."""
    for _ in range(count):
        if script.messages:
            tomorrow = (script.time + timedelta(days=1)).replace(hour=8, minute=0)
            script.time = max(script.time, tomorrow)
        day(script)
    return script
