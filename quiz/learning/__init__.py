"""Learning that lasts: the lesson in blocks with a check after each, the pre-check, and
the refreshers mailed after a pass. Above taking, whose sheets and answers it reuses; its
questions are never graded into a score, but count as seen, so a graded attempt does not
ask them while their pool has another."""
