"""Featured people of an edition: the people the awarded and shortlisted stories are about, merged when alike."""
