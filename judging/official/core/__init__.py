"""Official documents as plain data and layout (pure: no Flask, no database)."""
