"""Speech: engines, sinks, pace, voice profiles and pronunciation."""
