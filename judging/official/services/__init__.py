"""Issuing official documents: render, number, store and log each issued document."""
