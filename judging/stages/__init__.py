"""The stages of an edition and of a round: the one table of what each stage allows, its enforcement and its words."""
