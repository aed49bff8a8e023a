"""The CAMEO event coder: who did what to whom, sentence by sentence.

Its parts: ``triggers`` (the action lexicon and matching a word against it), ``modality``
(negation, conditions, plans), ``sources`` (who acts), ``actors`` (actor codes of the words
naming a side), ``lines`` (line breaks the parser crosses) and ``coding`` (the stage itself).
"""

from newsgraph.extractors.events.coding import find_events

__all__ = ["find_events"]
