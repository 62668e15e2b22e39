"""Ranking methods: one module per method, each a pure function over numpy arrays.

Batched methods take weights as a (k, n) block and scores as (m, n) or (k, m, n) and return
(k, m) scores, so one call evaluates k weight (or score) samples; a single ranking is k = 1.
Every method module keeps one contract, declared in the module itself (`registry.py`).
"""
