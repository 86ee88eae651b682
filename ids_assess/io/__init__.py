"""Reading and writing: YAML, schemas, questionnaires, answer files, results, atomic output, batches."""
