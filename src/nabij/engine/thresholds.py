"""Every number the engine decides with, each with the reason for its value.

Check-in ratings are 0–10 and yes/no answers become shares of check-in days (0–1). A
condition is met at its threshold; the ``*_WIDTH`` values say how far past the threshold a
value must be before the engine is fully sure (see ``conditions.Condition``).
"""

# The window the engine looks at: the last four weeks up to the newest check-in. Patterns are
# about how a couple moves *now*; four weeks hold enough days to see a habit, and are short
# enough that a couple who is recovering sees the change within a month.
WINDOW_DAYS = 28

# A partner needs at least a week's worth of check-ins in the window before the engine says
# anything about patterns: fewer days are too easily one bad or one good week.
MIN_CHECKINS = 7

# A pattern is present when its confidence reaches one half, i.e. when every one of its core
# conditions is at or past its threshold and there is enough data.
PRESENT_CONFIDENCE = 0.5

# How soft a threshold is: a share 0.15 (about one day in seven) or a mean 1.5 points past the
# threshold is "clearly" past it.
SHARE_WIDTH = 0.15
MEAN_WIDTH = 1.5
DAYS_WIDTH = 7.0

# --- pursue–withdraw: one reaches out and wants closeness, the other pulls back and wants space.
# Reaching out on two days in five, and wanting closeness on half the days, is a steady
# pursuit; pulling back and wanting space on two days in five is a steady retreat.
PURSUE_REACH_OUT = 0.4
PURSUE_WANTS_CLOSER = 0.5
WITHDRAW_PULL_BACK = 0.4
WITHDRAW_WANTS_SPACE = 0.4

# --- over-connection: both want closeness, both have little room of their own, and being
# apart is frightening. Own space of 3.5 or less is "little" on a 0–10 scale; pulling back on
# at most a quarter of the days keeps it apart from pursue–withdraw; a fear-when-apart of 6 in
# at least one partner is the fear that makes a couple cling.
CLING_WANTS_CLOSER = 0.5
CLING_OWN_SPACE = 3.5
CLING_PULL_BACK = 0.25
CLING_FEAR_WHEN_APART = 6.0

# --- emotional freeze (acute): stress is high, the team still works, emotional contact is
# rare. Stress of 6 and teamwork of 5 are just past the middle of the scale; a moment of real
# connection on at most a quarter of the days is "rare".
FREEZE_STRESS = 6.0
FREEZE_TEAMWORK = 5.0
FREEZE_CONNECTION = 0.25

# --- parallel lives (settled): low stress, few conflicts, little connection, and nothing
# talked through, over at least three weeks. Stress 4.5 or less is below the middle; conflict on
# at most about one day in seven; talking about what happened on at most about one day in seven.
PARALLEL_STRESS = 4.5
PARALLEL_CONFLICT = 0.15
PARALLEL_CONNECTION = 0.25
PARALLEL_TALKED = 0.15
PARALLEL_SPAN_DAYS = 21.0

# --- help criteria (met or not; no softness: a person is told plainly).
# The same conflict topic in three of the window's four weeks is "the same fight again".
RECURRING_TOPIC_WEEKS = 3
# Pulling back on half the days with a closeness of 3 or less is someone who has closed off.
SHUTDOWN_PULL_BACK = 0.5
SHUTDOWN_CLOSENESS = 3.0
# Three weeks without one moment of connection is "weeks", with at least a check-in every
# other day in that stretch so that a quiet diary is not read as a cold relationship.
NO_CONNECTION_DAYS = 21
NO_CONNECTION_MIN_DENSITY = 0.5
# 7 of 10 is clearly high distrust or fear about the relationship.
HIGH_DISTRUST = 7
HIGH_FEAR_FOR_FUTURE = 7

# --- the next step.
# Conflict on two days in five, a felt safety of 4 or less, or a stress of 7 or more ask for
# the first steps before anything else.
FREQUENT_CONFLICT = 0.4
LOW_FELT_SAFETY = 4.0
HIGH_STRESS = 7.0
# Talking about what happened on at most about one day in seven, once things are calmer, means
# the crisis still waits to be processed.
UNPROCESSED_TALKED = 0.15
