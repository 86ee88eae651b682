"""The core: the model, vocabulary, scoring, aggregation, the action plan and comparison. Pure: it imports
nothing of ours outside ``core`` and no third-party package."""
