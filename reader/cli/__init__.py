"""The command line: one module per command group, each printing plain lines."""
