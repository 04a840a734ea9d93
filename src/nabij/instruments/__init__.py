"""The questionnaires (intake, daily check-in), their scoring, and the couple record."""
