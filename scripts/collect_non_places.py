"""Write tests/data/non_places.tsv: capitalised words that are not places, in real sentences.

Each entry below is a word (or phrase) written by hand with why it is not a place in the news;
the script finds, in the PolNeAR train articles of ../shared/corpus (file order), the first
sentence where the word stands as written (a whole word, and for people's surnames and first
names not part of a longer capitalised name unless the entry is the full name), and writes the
word, its kind, the reason, the source file and the sentence.  Entries found nowhere are left
out and counted.  The set is read by benchmarks/place_precision.py: none of its words may
become a location.

    .venv/bin/python scripts/collect_non_places.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "polnear" / "train" / "text"
OUT = ROOT / "tests" / "data" / "non_places.tsv"

# kind: words | reason.  Kinds: metonym (a seat or body of government standing for it),
# organisation, person (a name also a gazetteer town or region), demonym (a people or
# nationality word, a party member or faith).
ENTRIES = {
    "metonym": (
        "the White House|the US presidency, not a town named White House",
        "Congress|the US legislature, not Congress, Arizona",
        "the Kremlin|the Russian presidency, a building's name used for it",
        "the Pentagon|the US defence department",
        "Downing Street|the British prime minister's office",
        "Whitehall|the British civil service",
        "the Oval Office|the US presidency",
        "State Department|a US ministry",
        "Justice Department|a US ministry",
        "the Senate|a legislative chamber",
        "Supreme Court|a court",
        "Wall Street|the finance industry",
        "the Beltway|Washington's political class",
        "Treasury|a ministry",
        "Federal Reserve|a central bank",
        "Parliament|a legislature",
        "the West|the Western world as a political bloc, not West, Texas",
        "Foggy Bottom|the US State Department",
        "Obamacare|a law",
        "Brexit|a political process",
        "Election Day|a day",
        "Super Tuesday|a day of primaries",
        "Medicare|a programme",
        "Medicaid|a programme",
        "Social Security|a programme",
    ),
    "organisation": (
        "NATO|an alliance",
        "FBI|a police agency",
        "CIA|an intelligence agency",
        "EPA|an agency",
        "IRS|an agency",
        "Fox News|a broadcaster",
        "CNN|a broadcaster",
        "NBC|a broadcaster",
        "CBS|a broadcaster",
        "MSNBC|a broadcaster",
        "Reuters|a news agency",
        "Associated Press|a news agency",
        "AFP|a news agency",
        "Breitbart|a news site",
        "BuzzFeed|a news site",
        "Politico|a news site",
        "Google|a company",
        "Facebook|a company",
        "Twitter|a company",
        "Apple|a company",
        "Microsoft|a company",
        "Amazon|a company (in its sentence, not the river)",
        "Disney|a company",
        "Goldman Sachs|a bank",
        "Exxon|a company",
        "Boeing|a company",
        "Pfizer|a company",
        "Walmart|a company",
        "Uber|a company",
        "ISIS|an armed group",
        "ISIL|an armed group",
        "Hezbollah|an armed group and party",
        "Hamas|an armed group and party",
        "Taliban|an armed group",
        "Boko Haram|an armed group",
        "Muslim Brotherhood|a movement",
        "NAACP|an association",
        "ACLU|an association",
        "NRA|an association",
        "GOP|a party",
        "DNC|a party committee",
        "RNC|a party committee",
        "Clinton Foundation|a charity",
        "Trump Organization|a company",
        "Planned Parenthood|a charity",
        "Black Lives Matter|a movement",
        "Brookings|a think tank",
        "Heritage Foundation|a think tank",
        "Harvard|a university",
        "Yale|a university",
        "Stanford|a university",
        "Quinnipiac|a university's poll",
        "Monmouth|a university's poll",
        "Gallup|a polling firm",
        "Marist|a college's poll",
        "Rasmussen|a polling firm",
        "Pew|a research centre",
        "Univision|a broadcaster",
        "Telemundo|a broadcaster",
        "WikiLeaks|an organisation",
        "Citizens United|an organisation and a ruling",
        "Tea Party|a movement",
        "Freedom Caucus|a caucus",
        "OPEC|a cartel",
        "IMF|a fund",
        "World Bank|a bank",
        "United Nations|an international body",
        "Red Cross|a charity",
        "Amnesty International|a charity",
        "Human Rights Watch|a charity",
        "Greenpeace|a charity",
        "Interpol|a police body",
        "Gazprom|a company",
        "Samsung|a company",
        "Toyota|a company",
        "Newsweek|a magazine",
        "Democratic Party|a party",
        "Republican Party|a party",
        "Senate Judiciary Committee|a committee",
        "Secret Service|an agency",
        "Homeland Security|a ministry",
    ),
    "person": (
        "Palin|Sarah Palin, not Palin, Guatemala",
        "Ivanka|Ivanka Trump, not a place in Slovakia",
        "Cornel West|a person, not West, Texas",
        "Trump|a person",
        "Clinton|a person, not a Clinton county or town",
        "Sanders|a person",
        "Cruz|a person",
        "Rubio|a person",
        "Kasich|a person",
        "Carson|a person, not Carson City",
        "Christie|a person",
        "Bush|a person",
        "Obama|a person, not Obama, Japan",
        "Pence|a person",
        "Kaine|a person",
        "Huckabee|a person",
        "Romney|a person",
        "McCain|a person",
        "Ryan|a person",
        "Pelosi|a person",
        "Reid|a person",
        "Biden|a person",
        "Warren|a person, not Warren, Michigan",
        "Jackson|a person, not Jackson, Mississippi",
        "Lincoln|a person, not Lincoln, Nebraska",
        "Kennedy|a person",
        "Nixon|a person",
        "Reagan|a person",
        "Carter|a person",
        "Hamilton|a person or a musical",
        "Hillary|a person",
        "Melania|a person",
        "Chelsea|a person, not Chelsea in London",
        "Bernie|a person",
        "Marco|a person",
        "Jeb|a person",
        "Huma|a person",
        "Abedin|a person",
        "Podesta|a person",
        "Comey|a person",
        "Giuliani|a person",
        "Gingrich|a person",
        "Conway|a person, not Conway, Arkansas",
        "Manafort|a person",
        "Bannon|a person",
        "Priebus|a person",
        "Flynn|a person",
        "Sessions|a person",
        "Kushner|a person",
        "Mook|a person",
        "Lewandowski|a person",
        "Stein|a person",
        "Weld|a person",
        "McMullin|a person",
        "Putin|a person",
        "Assad|a person",
        "Erdogan|a person",
        "Netanyahu|a person",
        "Merkel|a person",
        "Farage|a person",
        "Duterte|a person",
        "Castro|a person",
        "Maduro|a person",
        "Trudeau|a person",
        "Lavrov|a person",
        "Kerry|a person, not County Kerry",
        "Holder|a person",
        "Lynch|a person",
        "Cuomo|a person",
        "Limbaugh|a person",
        "Hannity|a person",
        "Megyn Kelly|a person",
        "Ailes|a person",
        "Murdoch|a person",
        "Soros|a person",
        "Koch|a person",
        "Gore|a person",
        "Lewinsky|a person",
        "Khizr Khan|a person",
        "Machado|a person",
        "Pope Francis|a person",
        "Paul Ryan|a person",
        "Ted Cruz|a person",
        "Rand Paul|a person",
        "Jill Stein|a person",
        "Gary Johnson|a person",
    ),
    "demonym": (
        "Russians|a people",
        "Russian|a nationality adjective",
        "Mexican|a nationality adjective",
        "Mexicans|a people",
        "Democrat|a party member",
        "Democrats|party members",
        "Republican|a party member",
        "Republicans|party members",
        "Americans|a people",
        "American|a nationality adjective",
        "Chinese|a nationality adjective",
        "Syrian|a nationality adjective",
        "Syrians|a people",
        "Iranian|a nationality adjective",
        "Israeli|a nationality adjective",
        "Israelis|a people",
        "British|a nationality adjective",
        "French|a nationality adjective",
        "German|a nationality adjective",
        "Germans|a people",
        "Muslims|a faith's people",
        "Muslim|a faith's adjective",
        "Christians|a faith's people",
        "Evangelicals|a faith's people",
        "Latino|an ethnic adjective",
        "Latinos|a people",
        "Hispanic|an ethnic adjective",
        "Hispanics|a people",
        "Cuban|a nationality adjective",
        "Ukrainian|a nationality adjective",
        "Iraqi|a nationality adjective",
        "Afghan|a nationality adjective",
        "European|a continent's adjective",
        "Europeans|a people",
        "Canadian|a nationality adjective",
        "Japanese|a nationality adjective",
        "Korean|a nationality adjective",
        "Turkish|a nationality adjective",
        "Kurdish|an ethnic adjective",
        "Kurds|a people",
        "Palestinian|a nationality adjective",
        "Palestinians|a people",
        "Sunni|a faith's branch",
        "Shiite|a faith's branch",
        "Catholic|a faith's adjective",
        "Catholics|a faith's people",
        "Jewish|a faith's adjective",
        "Jews|a faith's people",
        "Asian|a continent's adjective",
        "African|a continent's adjective",
        "Arab|an ethnic adjective",
        "Arabs|a people",
        "Egyptian|a nationality adjective",
        "Libyan|a nationality adjective",
        "Venezuelan|a nationality adjective",
        "Pakistani|a nationality adjective",
        "Nigerian|a nationality adjective",
        "Australian|a nationality adjective",
        "Italian|a nationality adjective",
        "Spanish|a nationality adjective",
        "Greek|a nationality adjective",
        "Polish|a nationality adjective",
        "Swedish|a nationality adjective",
        "Irish|a nationality adjective",
        "Soviet|a former state's adjective",
        "Libertarian|a party member",
        "Mormon|a faith's adjective",
        "Hindu|a faith's adjective",
        "Saudis|a people",
        "Yemeni|a nationality adjective",
    ),
}
_NAME_WORD = r"[A-Z][\w'’.-]*"


def _found(words: str, kind: str, sentence: str) -> bool:
    """Whether ``words`` stand in ``sentence`` as written (module notes)."""
    for match in re.finditer(rf"(?<![\w'’-]){re.escape(words)}(?![\w'’-])", sentence):
        if re.match(r",? [A-Z][a-z]*\.?,", sentence[match.end() :]):
            continue  # "Stanford, Calif.,": a place named with its state, whatever else it is
        if kind != "person" or " " in words:
            return True
        before = sentence[: match.start()].split(" ")[-2:]
        after = sentence[match.end() :]
        named_before = len(before) == 2 and before[1] == "" and re.fullmatch(_NAME_WORD, before[0])
        if not named_before and not re.match(rf" {_NAME_WORD}", after):
            return True
    return False


def _sentences(text: str) -> list[str]:
    found = []
    for paragraph in text.split("\n"):
        for piece in re.split(r"(?:(?<=[.!?])|(?<=[.!?][\"”’]))\s+(?=[\"“‘A-Z])", paragraph):
            piece = " ".join(piece.split())
            if 40 <= len(piece) <= 400:
                found.append(piece)
    return found


def main() -> int:
    """Write the set; print how many entries were found and which were not."""
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not found")
        return 0
    texts = [(p.name, _sentences(p.read_text(encoding="utf-8"))) for p in sorted(CORPUS.iterdir())]
    rows, missing = [], []
    for kind, entries in ENTRIES.items():
        for entry in entries:
            words, reason = entry.split("|")
            hit = next(
                ((name, s) for name, sents in texts for s in sents if _found(words, kind, s)),
                None,
            )
            if hit is None:
                missing.append(words)
                continue
            target = words[4:] if words.startswith("the ") else words
            rows.append("\t".join((target, kind, reason, hit[0], hit[1])))
    header = (
        "# Capitalised words that are not places, each in a real sentence of the PolNeAR train\n"
        "# articles (github.com/networkdynamics/polnear, CC BY 4.0 annotations over news\n"
        "# articles), written by scripts/collect_non_places.py from its hand-written table.\n"
        "word\tkind\treason\tsource\tsentence\n"
    )
    OUT.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} entries written to {OUT}; not found: {', '.join(missing) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
