"""Reading without a screen or a voice: open reviews, the cursor in them, the actions, the queue."""
