"""`printed.typed`: the printed form, typed as a person would, reaches the page."""
