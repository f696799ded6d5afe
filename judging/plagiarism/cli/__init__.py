"""`flask plagiarism …` commands: check a folder of files, and the organizers' commands on the database."""
