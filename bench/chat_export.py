"""Write a realistic synthetic WhatsApp export, for the chat benchmarks (``make bench``).

Two partners, Sanne and Mark, write Dutch and English: ordinary logistics mostly, with walls
and doors mixed in (the coach's labels), questions, short withdrawn replies, multi-line
messages, media, edited messages, deleted messages and app notices, in bursts and with
silences of hours and days. Sanne tends to write in bursts and ask; Mark tends to answer later
and shorter: a mild pursue–withdraw dance, so that the analysis has something to find.

Every phrase here is written for nabij; no harm or self-harm is mentioned, so the safety path
of the analysis is not what a benchmark measures.

``write_export(path, messages, layout, seed)`` is used by the parse benchmark and the full
analysis benchmark; keep its signature. ``messages`` is the number of messages a correct
importer keeps (text and media); notices and deleted messages are written on top of it.
"""

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TextIO

from nabij.conversation.messages import ChatFormat

LRM = "\u200e"  # an iPhone export puts this before attachment and notice lines
NNBSP = "\u202f"  # and this narrow no-break space before AM/PM

PARTNERS = ("Sanne", "Mark")
START = datetime(2023, 3, 1, 8, 0, 0)


class ExportLayout(StrEnum):
    """The export layouts the generator writes, each with a made-up example line."""

    ANDROID_NL = "android-nl"  # 31-12-2023 21:05 - Sanne: tekst
    ANDROID_EN = "android-en"  # 12/31/23, 9:05 PM - Sanne: text
    IOS_NL = "ios-nl"  # [31-12-2023 21:05:13] Sanne: tekst
    IOS_EN = "ios-en"  # [12/31/23, 9:05:13 PM] Sanne: text
    TRANSCRIPT = "transcript"  # Sanne: tekst


# A ChatFormat stands for its most common layout in the Netherlands.
_FROM_FORMAT = {
    ChatFormat.WHATSAPP_ANDROID: ExportLayout.ANDROID_NL,
    ChatFormat.WHATSAPP_IOS: ExportLayout.IOS_NL,
    ChatFormat.TRANSCRIPT: ExportLayout.TRANSCRIPT,
}

PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "nl": {
        "logistics": (
            "Neem jij melk mee?",
            "Ik ben om zes uur thuis",
            "Heb je de huur al overgemaakt?",
            "De loodgieter komt donderdag tussen 8 en 12",
            "Wie haalt Noor op van zwemles?",
            "Ok",
            "Prima",
            "Staat in de agenda",
            "Trein heeft vertraging, half uur later",
            "Wat eten we vanavond?",
            "Vergeet de groene bak niet",
            "Top",
            "Ja",
            "Komt goed",
            "Ik zit nog in een overleg",
            "Oma belde, ze komt zondag",
            "Pakketje ligt bij de buren",
        ),
        "wall": (
            "Jij luistert ook nooit naar mij",
            "Altijd moet ik alles alleen regelen",
            "Laat maar, het heeft toch geen zin",
            "Dat is weer typisch jij",
            "Ik heb geen zin om hierover te praten",
            "Doe toch niet zo dramatisch",
            "Het is niet mijn schuld dat het zo loopt",
            "Zoek het zelf maar uit",
            "Jij denkt alleen aan jezelf",
        ),
        "door": (
            "Ik voel me eenzaam als je zo stil bent",
            "Ik heb nodig dat we even samen zitten",
            "Ik snap dat het voor jou ook zwaar is",
            "Dank je dat je vandaag Noor ophaalde",
            "Sorry, dat kwam harder aan dan ik bedoelde",
            "Ik mis je",
            "Fijn dat je het zegt",
            "Zullen we morgen samen ontbijten?",
            "Ik hoor je, en ik wil het begrijpen",
        ),
        "question": (
            "Waarom reageer je niet?",
            "Ben je boos?",
            "Kunnen we vanavond praten?",
            "Hoe was je dag?",
            "Ben je er nog?",
        ),
        "short": ("Later", "Weet ik niet", "Druk", "Hm", "Zien we wel"),
    },
    "en": {
        "logistics": (
            "Can you grab milk?",
            "Home at six",
            "Did you pay the rent yet?",
            "The plumber is coming Thursday between 8 and 12",
            "Who's picking Noor up from swimming?",
            "Ok",
            "Fine",
            "It's in the calendar",
            "Train delayed, half an hour later",
            "What are we eating tonight?",
            "Don't forget the green bin",
            "Great",
            "Yes",
            "Will do",
            "Still in a meeting",
            "Grandma called, she's coming Sunday",
            "Parcel is at the neighbours'",
        ),
        "wall": (
            "You never listen to me",
            "I always have to sort everything out myself",
            "Forget it, there's no point anyway",
            "That's so typical of you",
            "I don't want to talk about this",
            "Stop being so dramatic",
            "It's not my fault things went this way",
            "Figure it out yourself",
            "You only ever think about yourself",
        ),
        "door": (
            "I feel lonely when you go quiet",
            "I need us to sit down together for a bit",
            "I get that this is hard for you too",
            "Thanks for picking Noor up today",
            "Sorry, that came out harsher than I meant",
            "I miss you",
            "Good that you told me",
            "Shall we have breakfast together tomorrow?",
            "I hear you, and I want to understand",
        ),
        "question": (
            "Why aren't you answering?",
            "Are you angry?",
            "Can we talk tonight?",
            "How was your day?",
            "Are you still there?",
        ),
        "short": ("Later", "Don't know", "Busy", "Hm", "We'll see"),
    },
}

# What each partner writes, as weights per kind: Sanne reaches out and asks, Mark answers
# with logistics and short replies more often.
KINDS = ("logistics", "wall", "door", "question", "short")
WEIGHTS = {"Sanne": (50, 13, 15, 15, 7), "Mark": (55, 13, 10, 4, 18)}
MEDIA_SHARE = 0.05
MULTILINE_SHARE = 0.08
EDITED_SHARE = 0.02
BURST_ON = {"Sanne": 0.45, "Mark": 0.2}  # chance that the same partner writes again
DELETED_EVERY = 1_500  # about one deleted message per this many messages
NOTICE_EVERY = 5_000  # about one app notice per this many messages


def _gap(rng: random.Random, sender: str, same: bool) -> timedelta:
    """Return the time before the next message: seconds in a burst, sometimes hours or days."""
    draw = rng.random()
    if draw < 0.02:
        return timedelta(days=rng.uniform(1, 4))
    if draw < 0.10:
        return timedelta(hours=rng.uniform(2, 14))
    if same:
        return timedelta(seconds=rng.uniform(5, 120))
    # Replies: Mark tends to take longer than Sanne.
    mean = 900 if sender == "Mark" else 240
    return timedelta(seconds=min(rng.expovariate(1 / mean), 6 * 3600))


class _Writer:
    """Writes lines in one layout: a header per message, the texts for media and notices."""

    def __init__(self, out: TextIO, layout: ExportLayout) -> None:
        self.out = out
        self.layout = layout
        self.lang = "en" if layout in (ExportLayout.ANDROID_EN, ExportLayout.IOS_EN) else "nl"
        self.ios = layout in (ExportLayout.IOS_NL, ExportLayout.IOS_EN)

    def header(self, time: datetime) -> str:
        layout = self.layout
        if layout is ExportLayout.ANDROID_NL:
            return f"{time:%d-%m-%Y %H:%M} - "
        if layout is ExportLayout.IOS_NL:
            return f"[{time:%d-%m-%Y %H:%M:%S}] "
        hour = time.hour % 12 or 12
        half = "AM" if time.hour < 12 else "PM"
        date = f"{time.month}/{time.day}/{time:%y}"
        if layout is ExportLayout.ANDROID_EN:
            return f"{date}, {hour}:{time:%M}{NNBSP}{half} - "
        return f"[{date}, {hour}:{time:%M:%S}{NNBSP}{half}] "

    def message(self, time: datetime, sender: str, text: str) -> None:
        if self.layout is ExportLayout.TRANSCRIPT:
            self.out.write(f"{sender}: {text}\n")
        else:
            self.out.write(f"{self.header(time)}{sender}: {text}\n")

    def notice(self, time: datetime, sender: str, nl: str, en: str) -> None:
        """Write an app notice: without a sender on Android, marked with LRM on an iPhone."""
        text = nl if self.lang == "nl" else en
        if self.layout is ExportLayout.TRANSCRIPT:
            return
        if self.ios:
            self.out.write(f"{self.header(time)}{sender}: {LRM}{text}\n")
        else:
            self.out.write(f"{self.header(time)}{text}\n")

    def media(self, rng: random.Random, time: datetime) -> str:
        nl = self.lang == "nl"
        if not self.ios:
            if rng.random() < 0.5:
                return "<Media weggelaten>" if nl else "<Media omitted>"
            name = f"IMG-{time:%Y%m%d}-WA{rng.randrange(10_000):04d}.jpg"
            return f"{name} (bestand bijgevoegd)" if nl else f"{name} (file attached)"
        kind = rng.choice(("image", "sticker", "audio", "attached"))
        if kind == "attached":
            name = f"{rng.randrange(10**8):08d}-PHOTO-{time:%Y-%m-%d-%H-%M-%S}.jpg"
            return f"{LRM}<bijgevoegd: {name}>" if nl else f"{LRM}<attached: {name}>"
        words = {"image": "afbeelding", "sticker": "sticker", "audio": "audio"}
        return f"{LRM}{words[kind]} weggelaten" if nl else f"{LRM}{kind} omitted"

    def edited(self, text: str) -> str:
        marker = "<Dit bericht is bewerkt>" if self.lang == "nl" else "<This message was edited>"
        return f"{text} {LRM}{marker}" if self.ios else f"{text} {marker}"

    def deleted(self) -> str:
        if self.lang == "nl":
            return f"{LRM}Dit bericht is verwijderd." if self.ios else "Dit bericht is verwijderd"
        return f"{LRM}This message was deleted." if self.ios else "This message was deleted"


def _text(rng: random.Random, sender: str, lang: str) -> str:
    """Return one message's text: one phrase, or a few on separate lines."""
    # Mostly the layout's language, sometimes the other one (many couples mix).
    if rng.random() < 0.15:
        lang = "en" if lang == "nl" else "nl"
    pick: Callable[[], str] = lambda: rng.choice(  # noqa: E731
        PHRASES[lang][rng.choices(KINDS, WEIGHTS[sender])[0]]
    )
    if rng.random() < MULTILINE_SHARE:
        return "\n".join(pick() for _ in range(rng.randint(2, 3)))
    return pick()


def write_export(
    path: Path,
    messages: int,
    layout: ExportLayout | ChatFormat | str = ExportLayout.ANDROID_NL,
    seed: int = 0,
) -> None:
    """Write an export of ``messages`` kept messages in ``layout``, the same for the same seed.

    ``layout`` is an ``ExportLayout`` (or its value), or a ``ChatFormat`` for its Dutch layout.
    """
    chosen = _FROM_FORMAT[layout] if isinstance(layout, ChatFormat) else ExportLayout(layout)
    rng = random.Random(seed)
    time = START
    sender = PARTNERS[0]
    with path.open("w", encoding="utf-8", newline="\n") as out:
        writer = _Writer(out, chosen)
        writer.notice(
            time,
            PARTNERS[1],
            "Berichten en oproepen worden end-to-end versleuteld. Niemand buiten deze chat, "
            "zelfs WhatsApp niet, kan ze lezen of beluisteren.",
            "Messages and calls are end-to-end encrypted. No one outside of this chat, not "
            "even WhatsApp, can read or listen to them.",
        )
        for _ in range(messages):
            same = rng.random() < BURST_ON[sender]
            if not same:
                sender = PARTNERS[1] if sender == PARTNERS[0] else PARTNERS[0]
            time += _gap(rng, sender, same)
            if rng.random() < 1 / DELETED_EVERY and chosen is not ExportLayout.TRANSCRIPT:
                writer.message(time, sender, writer.deleted())
            if rng.random() < 1 / NOTICE_EVERY:
                writer.notice(
                    time,
                    sender,
                    f"Je beveiligingscode met {sender} is gewijzigd. Tik voor meer info.",
                    f"Your security code with {sender} changed. Tap to learn more.",
                )
            if rng.random() < MEDIA_SHARE:
                writer.message(time, sender, writer.media(rng, time))
                continue
            text = _text(rng, sender, writer.lang)
            if rng.random() < EDITED_SHARE:
                text = writer.edited(text)
            writer.message(time, sender, text)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--messages", type=int, default=1_000)
    parser.add_argument("--layout", choices=[layout.value for layout in ExportLayout])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    write_export(args.path, args.messages, args.layout or ExportLayout.ANDROID_NL, args.seed)
