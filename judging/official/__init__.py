"""Official documents an organizer signs: plan, rules, award decision and annex, certificates, payment list."""
