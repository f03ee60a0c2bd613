"""The exit statuses every command and front end returns."""

EXIT_OK = 0
EXIT_FAILED = 1  # something the user asked for could not be done; stderr says what
EXIT_USAGE = 2  # the command line itself was wrong; stderr says how, on one line
EXIT_INTERRUPTED = 130  # Ctrl-C, as a shell reports a process ended by SIGINT
