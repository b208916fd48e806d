"""The course CLI: ./course at the repository root runs main.py in this package."""
