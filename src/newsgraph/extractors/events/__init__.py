"""The CAMEO event coder: who did what to whom, sentence by sentence.

Its parts: ``lexicon`` (the project's action patterns and CAMEO's verb dictionary, as one
index), ``triggers`` (matching a word of the parse against it), ``modality`` (negation,
conditions, plans), ``sources`` (who acts), ``actors`` (actor codes of the words naming a
side), ``violence`` (how acts of force are coded), ``lines`` (line breaks the parser crosses)
and ``coding`` (the stage itself).
"""

from newsgraph.extractors.events.coding import find_events

__all__ = ["find_events"]
