"""After Lenin: a branching history game of the Soviet succession struggle, 1922–1929."""

__version__ = "0.1.0"
