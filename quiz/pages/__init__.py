"""The site's pages about itself: the accessibility statement and the privacy page."""
