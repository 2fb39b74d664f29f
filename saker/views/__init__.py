"""The pages of saker, the agenda editor, the referat, vedtak and follow-ups, by feature."""
