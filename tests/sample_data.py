"""The small, valid data folder of the tests, importable by name.

Not in conftest.py: `pytest` also collects notebooks/conftest.py, and a test module's
`from conftest import ...` would then find that one.
"""

CATALOG = """\
datasets:
  sample:
    path: theme/sample.csv
    title: A sample table
    producer: Test producer
    citation: Test citation
    url_main: https://example.org/
    url_download: null
    date_published: 2024-01-01
    date_accessed: 2026-11-26
    licence: CC BY 4.0
    description_processing: Written by the tests.
    upstream: {{kind: none, reason: written by the tests}}
    sha256: {sha}
    primary_key: [country, as_of]
    fields:
      - {{name: country, type: string, constraints: {{required: true, country: true}}}}
      - {{name: period_start, type: date}}
      - {{name: as_of, type: date, constraints: {{required: true, not_before: period_start}}}}
      - {{name: kind, type: string, constraints: {{enum: [entries, exits]}}}}
      - {{name: value, type: integer, unit: persons, constraints: {{required: true, minimum: 0}}}}
      - {{name: share, type: number, constraints: {{maximum: 1}}}}
"""

GOOD_CSV = """\
country,period_start,as_of,kind,value,share
KAZ,2022-09-21,2022-09-27,entries,98000,0.5
GEO,2022-09-21,2022-09-29,entries,69000,
KAZ,2022-09-21,2022-10-03,exits,147000,0.25
"""
