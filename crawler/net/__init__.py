"""What a crawl may request and how a failure reads: the URL policy, the address guard,
mirrors, and error kinds."""
