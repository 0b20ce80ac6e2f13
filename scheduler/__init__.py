"""When crawls run and who is told (the scheduling daemon, `civcas schedule`): not built yet."""
