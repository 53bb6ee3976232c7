"""QgsTask wrappers: long work off the GUI thread with progress and cancel."""
