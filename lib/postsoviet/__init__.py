"""Loaders and helpers behind the notebooks that check the claims of one 2022 commentary.

Modules, each small and named for what it does:
`data` (catalog and validated loading), `claims` (registry and verdicts), `rules` (the
explicit rules that turn data into verdicts), `params` (notebook parameter validation),
`countries` (codes and names), `plot` (house chart style), `run` (batch execution) and
`report` (the scorecard of verdicts).
"""
