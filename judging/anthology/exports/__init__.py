"""The anthology's documents: cover, grouping of stories, PDF and EPUB."""
