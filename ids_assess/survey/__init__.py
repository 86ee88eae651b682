"""The interactive terminal survey: session and start decisions, questions, screens, messages, the terminal."""
