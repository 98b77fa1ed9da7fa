"""Who may see what (policy), who is looking (identity) and the viewer of the current page run."""
