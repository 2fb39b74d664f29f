"""The pages of meetings and bodies, by feature."""
