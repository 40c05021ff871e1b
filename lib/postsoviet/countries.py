"""The countries and areas the collection talks about, keyed by ISO 3166-1 alpha-3 code.

Codes, not names, travel through data files and parameters: names differ between
sources ("Kyrgyz Republic", "Kyrgyzstan") while codes do not. Two codes are not ISO:
`EUU` is the World Bank's code for the European Union, and `XAB` (from the range ISO
leaves to users) stands for Abkhazia, which Russian border statistics list separately.
Syria and North Korea appear as the only UN members besides Russia that recognised the
Donetsk and Luhansk "people's republics" in 2022.
"""

POST_SOVIET: dict[str, str] = {
    "ARM": "Armenia",
    "AZE": "Azerbaijan",
    "BLR": "Belarus",
    "EST": "Estonia",
    "GEO": "Georgia",
    "KAZ": "Kazakhstan",
    "KGZ": "Kyrgyzstan",
    "LTU": "Lithuania",
    "LVA": "Latvia",
    "MDA": "Moldova",
    "RUS": "Russia",
    "TJK": "Tajikistan",
    "TKM": "Turkmenistan",
    "UKR": "Ukraine",
    "UZB": "Uzbekistan",
}

COMPARATORS: dict[str, str] = {
    "MNG": "Mongolia",
    "POL": "Poland",
    "SRB": "Serbia",
    "FIN": "Finland",
    "TUR": "Turkey",
    "EUU": "European Union",
    "XAB": "Abkhazia",
    "SYR": "Syria",
    "PRK": "North Korea",
}

NAMES: dict[str, str] = POST_SOVIET | COMPARATORS


def name(code: str) -> str:
    """The English short name used in tables and chart labels."""
    return NAMES[code]


def is_known(code: str) -> bool:
    return code in NAMES
