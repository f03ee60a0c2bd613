"""The reading controller and what it keeps, with no screen and no voice: the action table,
the cursor and its moves, the open reviews, the modes, the queue and the sleep timer. Every
front end drives it; speech follows its answers (reader.session.follower)."""
