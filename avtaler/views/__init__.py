"""The agreement pages: the register and one agreement (register), the forms (skjema)."""
