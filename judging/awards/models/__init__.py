"""Award tables: the award list, overrides, placements and log; winner-notification templates and deliveries."""
