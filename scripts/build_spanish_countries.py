"""Build src/newsgraph/knowledge/data/es/countries.tsv: Spanish names and demonyms of countries.

Run by hand when pycountry is upgraded:

    .venv/bin/python scripts/build_spanish_countries.py

Names: the Spanish translation of the ISO 3166-1 names shipped with pycountry (the iso-codes
project's translations, LGPL-2.1), "Venezuela, República Bolivariana de" turned into its
everyday form "Venezuela" (text before a comma, when that is what newspapers write), plus the
everyday names in ``EVERYDAY`` below, which ISO's formal names miss.  Demonyms: ``DEMONYMS``
below, the masculine singular of the Spanish nationality words (the Real Academia's usage);
feminine and plural forms are derived at load time.  Both lists are this project's.
"""

from __future__ import annotations

import gettext
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src" / "newsgraph" / "knowledge" / "data" / "es" / "countries.tsv"

EVERYDAY = {
    "USA": "EEUU,EE.UU.,EE. UU.,EUA,Norteamérica,Estados Unidos de América",
    "RUS": "Rusia", "KOR": "Corea del Sur", "PRK": "Corea del Norte", "IRN": "Irán",
    "SYR": "Siria", "BOL": "Bolivia", "VEN": "Venezuela", "TZA": "Tanzania",
    "GBR": "Gran Bretaña,Inglaterra",
    "VNM": "Vietnam", "LAO": "Laos", "MDA": "Moldavia", "CZE": "Chequia,República Checa",
    "PSE": "Palestina,Franja de Gaza,Gaza,Cisjordania", "TWN": "Taiwán", "NLD": "Holanda",
    "CIV": "Costa de Marfil", "COD": "República Democrática del Congo,RDC", "VAT": "Vaticano",
    "MEX": "México,Méjico", "DOM": "República Dominicana", "PER": "Perú", "BRA": "Brasil",
    "HTI": "Haití", "PAN": "Panamá", "ESP": "España", "TUR": "Turquía",
}  # fmt: skip
DEMONYMS = {
    "USA": "estadounidense,norteamericano", "MEX": "mexicano", "CUB": "cubano",
    "COL": "colombiano", "VEN": "venezolano", "ARG": "argentino", "CHL": "chileno",
    "PER": "peruano", "ECU": "ecuatoriano", "BOL": "boliviano", "PRY": "paraguayo",
    "URY": "uruguayo", "BRA": "brasileño", "PAN": "panameño", "CRI": "costarricense",
    "NIC": "nicaragüense", "HND": "hondureño", "SLV": "salvadoreño", "GTM": "guatemalteco",
    "BLZ": "beliceño", "DOM": "dominicano", "HTI": "haitiano", "PRI": "puertorriqueño",
    "JAM": "jamaicano", "CAN": "canadiense", "ESP": "español", "PRT": "portugués",
    "FRA": "francés", "DEU": "alemán", "ITA": "italiano", "GBR": "británico,inglés",
    "IRL": "irlandés", "NLD": "holandés,neerlandés", "BEL": "belga", "CHE": "suizo",
    "AUT": "austriaco,austríaco", "POL": "polaco", "RUS": "ruso", "UKR": "ucraniano",
    "GRC": "griego", "TUR": "turco", "SWE": "sueco", "NOR": "noruego", "DNK": "danés",
    "FIN": "finlandés", "CHN": "chino", "JPN": "japonés", "KOR": "surcoreano",
    "PRK": "norcoreano", "PAK": "paquistaní,pakistaní", "AFG": "afgano",
    "IRN": "iraní", "IRQ": "iraquí", "SYR": "sirio", "ISR": "israelí", "PSE": "palestino",
    "LBN": "libanés", "JOR": "jordano", "SAU": "saudí,saudita", "EGY": "egipcio",
    "LBY": "libio", "MAR": "marroquí", "DZA": "argelino", "TUN": "tunecino",
    "NGA": "nigeriano", "ZAF": "sudafricano", "AUS": "australiano", "VNM": "vietnamita",
    "PHL": "filipino", "IDN": "indonesio", "SDN": "sudanés", "ETH": "etíope",
    "KEN": "keniano", "NER": "nigerino", "ARM": "armenio", "AZE": "azerbaiyano",
    "SRB": "serbio", "HRV": "croata", "BIH": "bosnio", "HUN": "húngaro", "ROU": "rumano",
    "CZE": "checo", "QAT": "catarí,qatarí", "YEM": "yemení", "KWT": "kuwaití",
}  # fmt: skip

HEADER = """\
# Spanish names and nationality words of countries, by ISO 3166-1 alpha-3 code, written by
# scripts/build_spanish_countries.py.  Names: pycountry's Spanish translation of the ISO 3166-1
# names (iso-codes project, LGPL-2.1) and the project's list of everyday names; demonyms: the
# project's list (masculine singular; feminine and plural forms are derived when loaded).
# alpha3\tnames (separated by |)\tdemonyms (comma-separated)
"""


def spanish_names() -> dict[str, list[str]]:
    """alpha-3 -> Spanish names, ISO's first, everyday ones after."""
    translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["es"])
    names: dict[str, list[str]] = {}
    for country in pycountry.countries:
        found = []
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                spanish = translation.gettext(value)
                found.append(spanish)
                if "," in spanish:
                    found.append(spanish.split(",")[0].strip())
        found += EVERYDAY.get(country.alpha_3, "").split(",")
        names[country.alpha_3] = list(dict.fromkeys(n for n in found if n))
    return names


def main() -> None:
    names = spanish_names()
    rows = [
        f"{code}\t{'|'.join(found)}\t{DEMONYMS.get(code, '-')}"
        for code, found in sorted(names.items())
    ]
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{OUTPUT.name}: {len(rows)} countries, {len(DEMONYMS)} with demonyms")


if __name__ == "__main__":
    main()
