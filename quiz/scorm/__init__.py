"""SCORM 1.2: a quiz as a zip any LMS can host, reporting through the SCORM runtime."""
