"""Ranking methods: one module per method, each a pure function over numpy arrays.

Batched methods take weights as a (k, n) block and scores as (m, n) or (k, m, n) and return
(k, m) scores, so one call evaluates k weight (or score) samples; a single ranking is k = 1.
"""
