"""What changed, in plain words (feed), and how a monthly report is named to people."""
