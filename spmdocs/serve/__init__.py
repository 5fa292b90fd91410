"""The clerks' web page (``spmdocs serve``): upload data, see every problem, fill the settings, build, download."""
