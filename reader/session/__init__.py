"""Speech that follows the reading: the session (planner, engine and sink driven on one
thread), the follower that makes it do what the reading controller answers, the set-up
from the settings, and hands-free queue play for the command line."""
