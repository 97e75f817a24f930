#!/usr/bin/env python3
"""Generate Badil's committed reference data (Resources/Reference/*.json).

    python3 scripts/generate_reference.py            # write the files
    python3 scripts/generate_reference.py --check    # exit 1 if a file would change

Python 3 standard library only. Sources:

* countries.json, languages.json: Debian's ``iso-codes`` package, read from the
  machine (``/usr/share/iso-codes/json``) with its gettext catalogues
  (``/usr/share/locale/{fr,ar}/LC_MESSAGES/iso_*.mo``) for French and Arabic.
  ``apt-get install iso-codes`` if they are missing.
* libya-places.json: the tables at the bottom of this file (OCHA COD-AB P-codes
  for Libya, the places named in docs/DOMAIN §1, synthetic demo places), joined
  to ISO 3166-2:LY from the same iso-codes package. Edit the tables here, not
  the JSON, then re-run.

The output is deterministic: sorted keys, one object per line, UTF-8 (no
\\u escapes), trailing newline. Re-running on the same iso-codes version gives
byte-identical files; the iso-codes version used is recorded in README.md.
"""

from __future__ import annotations

import argparse
import gettext
import json
import sys
from pathlib import Path

ISO_JSON = Path("/usr/share/iso-codes/json")
LOCALE_DIR = Path("/usr/share/locale")
ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "Resources" / "Reference"
LANGS = ("fr", "ar")


# --------------------------------------------------------------------------- helpers

def load_iso(name: str) -> list[dict]:
    path = ISO_JSON / f"iso_{name}.json"
    if not path.exists():
        sys.exit(f"{path} not found: install Debian's iso-codes package (apt-get install iso-codes)")
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)[name]


def catalogue(domain: str, lang: str) -> gettext.NullTranslations:
    """The gettext catalogue for domain/lang, or a null one (identity) when absent."""
    try:
        return gettext.translation(domain, localedir=str(LOCALE_DIR), languages=[lang])
    except FileNotFoundError:
        print(f"  note: no {lang} catalogue for {domain}; falling back to English", file=sys.stderr)
        return gettext.NullTranslations()


def translated(cat: gettext.NullTranslations, msgid: str) -> str | None:
    """The translation of msgid, or None when the catalogue has none (or an empty one)."""
    out = cat.gettext(msgid)
    return out if out and out != msgid else None


def line(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def render_array(rows: list[dict], indent: str = "") -> str:
    if not rows:
        return "[]"
    body = ",\n".join(f"{indent} {line(r)}" for r in rows)
    return f"[\n{body}\n{indent}]"


def render_document(doc: dict) -> str:
    """A top-level object whose arrays hold one object per line; scalars as JSON."""
    parts = []
    for key in sorted(doc):
        value = doc[key]
        rendered = render_array(value, " ") if isinstance(value, list) else json.dumps(value, ensure_ascii=False)
        parts.append(f" {json.dumps(key)}: {rendered}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


# --------------------------------------------------------------------------- countries

def build_countries() -> list[dict]:
    cats = {lang: catalogue("iso_3166-1", lang) for lang in LANGS}
    rows = []
    for c in load_iso("3166-1"):
        en = c.get("common_name") or c["name"]
        row = {"code": c["alpha_3"], "alpha2": c["alpha_2"], "en": en}
        for lang in LANGS:
            # The `name` msgid is the one every catalogue translates; common_name
            # translations are sparse and at least one is wrong (ar: Moldova).
            row[lang] = translated(cats[lang], c["name"]) or en
        rows.append(row)
    return sorted(rows, key=lambda r: r["code"])


# --------------------------------------------------------------------------- languages

# Languages without an ISO 639-1 code that Badil's caseworkers meet among migrants
# in Libya (countries of origin in DOMAIN §1 and the DTM top nationalities), plus
# Libya's own minority languages. Code = ISO 639-3. Each must be a living language
# in iso_639-3.json; the script stops if one is not.
EXTRA_639_3 = {
    # Libya
    "ayl": "Libyan Arabic", "jbn": "Nafusi", "auj": "Awjilah", "gha": "Ghadamès",
    "thv": "Tahaggart Tamahaq", "tuq": "Tedaga",
    # Niger, Mali (Tuareg, Songhay, Zarma, Fulfulde, Kanuri)
    "taq": "Tamasheq", "ttq": "Tawallammat Tamajaq", "thz": "Tayart Tamajeq",
    "dje": "Zarma", "ses": "Koyraboro Senni Songhai", "khq": "Koyra Chiini Songhay",
    "fuh": "Western Niger Fulfulde", "ffm": "Maasina Fulfulde", "kby": "Manga Kanuri",
    # Chad
    "shu": "Chadian Arabic", "dzg": "Dazaga", "kbl": "Kanembu", "sba": "Ngambay", "mde": "Maba (Chad)",
    # Sudan, South Sudan
    "apd": "Sudanese Arabic", "fvr": "Fur", "zag": "Zaghawa", "mls": "Masalit", "bej": "Beja",
    "fia": "Nobiin", "dgl": "Andaandi", "din": "Dinka", "nus": "Nuer",
    # Nigeria
    "knc": "Central Kanuri", "fuv": "Nigerian Fulfulde", "pcm": "Nigerian Pidgin", "bin": "Bini",
    "ish": "Esan", "efi": "Efik", "ibb": "Ibibio", "tiv": "Tiv",
    # Egypt
    "arz": "Egyptian Arabic", "aec": "Saidi Arabic",
    # Eritrea, Ethiopia, Somalia
    "tig": "Tigre", "byn": "Bilin", "ssy": "Saho", "kun": "Kunama", "nrb": "Nara",
    "sid": "Sidamo", "wal": "Wolaytta", "ymm": "Maay",
    # Ghana, Burkina Faso
    "gaa": "Ga", "dag": "Dagbani", "fat": "Fanti", "nzi": "Nzima", "mos": "Mossi",
    # Gambia, Senegal, Guinea, Mali, Côte d'Ivoire, Sierra Leone, Mauritania
    "mnk": "Mandinka", "fuc": "Pulaar", "srr": "Serer", "dyo": "Jola-Fonyi", "snk": "Soninke",
    "sus": "Susu", "fuf": "Pular", "emk": "Eastern Maninkakan", "mlq": "Western Maninkakan",
    "gkp": "Guinea Kpelle", "kss": "Southern Kisi", "dyu": "Dyula", "bci": "Baoulé",
    "kri": "Krio", "men": "Mende (Sierra Leone)", "tem": "Timne", "mey": "Hassaniyya",
    # Bangladesh, Myanmar
    "ctg": "Chittagonian", "syl": "Sylheti", "rhg": "Rohingya",
    # Maghreb and Levant (Arabic varieties, Amazigh)
    "ary": "Moroccan Arabic", "arq": "Algerian Arabic", "aeb": "Tunisian Arabic",
    "apc": "North Levantine Arabic", "ajp": "South Levantine Arabic",
    "zgh": "Standard Moroccan Tamazight", "kab": "Kabyle",
}

# Arabic names curated by the project, for languages that matter to Badil's
# caseworkers and that the Debian ar catalogue lacks (or gets wrong: it has
# "العربية السودان" for apd). These win over the catalogue. They are the usual
# Arabic exonyms (mostly the Arabic Wikipedia article titles), not iso-codes
# data. Every other language the ar catalogue lacks falls back to English.
AR_OVERRIDES = {
    # Arabic varieties and Hassaniya
    "ayl": "العربية الليبية", "arz": "العربية المصرية", "aec": "العربية الصعيدية",
    "apd": "العربية السودانية", "shu": "العربية التشادية", "ary": "العربية المغربية",
    "arq": "العربية الجزائرية", "aeb": "العربية التونسية", "apc": "العربية الشامية الشمالية",
    "ajp": "العربية الشامية الجنوبية", "mey": "الحسانية",
    # Horn of Africa
    "ti": "التغرينية", "tig": "التغرية", "am": "الأمهرية", "om": "الأورومية", "aa": "العفرية",
    # Sahel and West Africa
    "ff": "الفولانية", "kr": "الكانورية", "wo": "الولوفية", "yo": "اليوروبا", "ak": "الأكانية",
    "tw": "التوي", "ee": "الإيوي", "taq": "التماشق", "dje": "الزرمة", "mnk": "الماندينكا",
    # Sudan and Chad
    "fvr": "الفوراوية", "zag": "الزغاوية", "bej": "البجاوية",
    # Libya
    "jbn": "النفوسية",
    # Others met in Libya
    "ps": "البشتو", "ln": "اللينغالا",
}

MACRO_SUFFIXES = (" (macrolanguage)", " (macrolangue)")


def strip_macro(name: str) -> str:
    for suffix in MACRO_SUFFIXES:
        name = name.removesuffix(suffix)
    return name




def build_languages() -> list[dict]:
    iso3 = load_iso("639-3")
    by3 = {x["alpha_3"]: x for x in iso3}
    iso2_by3 = {}
    for x in load_iso("639-2"):
        iso2_by3[x["alpha_3"]] = x
        if "bibliographic" in x:
            iso2_by3[x["bibliographic"]] = x
    cat3 = {lang: catalogue("iso_639-3", lang) for lang in LANGS}
    cat2 = {lang: catalogue("iso_639-2", lang) for lang in LANGS}

    chosen = [x for x in iso3 if "alpha_2" in x and x.get("type") == "L"]
    for code3, expected in sorted(EXTRA_639_3.items()):
        x = by3.get(code3)
        if x is None:
            sys.exit(f"EXTRA_639_3: {code3} ({expected}) is not in iso_639-3.json")
        if x.get("type") != "L" or "alpha_2" in x:
            sys.exit(f"EXTRA_639_3: {code3} is not a living language without a 639-1 code")
        if x["name"] != expected:
            print(f"  note: {code3} is now named {x['name']!r} (expected {expected!r})", file=sys.stderr)
        chosen.append(x)

    rows = []
    for x in chosen:
        code3 = x["alpha_3"]
        code = x.get("alpha_2", code3)
        en = strip_macro(x["name"])
        row = {"code": code, "alpha3": code3, "en": en}
        for lang in LANGS:
            name = AR_OVERRIDES.get(code) if lang == "ar" else None
            if name is None:
                name = translated(cat3[lang], x["name"])
            if name is None and code3 in iso2_by3:
                name = translated(cat2[lang], iso2_by3[code3]["name"])
            row[lang] = strip_macro(name) if name else en
        rows.append(row)
    codes = [r["code"] for r in rows]
    if len(codes) != len(set(codes)):
        sys.exit("duplicate language codes")
    unknown = sorted(set(AR_OVERRIDES) - set(codes))
    if unknown:
        sys.exit(f"AR_OVERRIDES names codes not in the list: {unknown}")
    return sorted(rows, key=lambda r: r["code"])


# --------------------------------------------------------------------------- Libya

LIBYA_SOURCE = (
    "P-codes: OCHA Libya Common Operational Dataset, administrative boundaries (COD-AB, "
    "HDX dataset cod-ab-lby, UNOSAT/LBSC boundaries valid from 2018-05-07). In that dataset "
    "ADM1 is three regions (LY01 East, LY02 West, LY03 South) and ADM2 is the 22 mantikas "
    "(districts, sha'biyat) LY0101-LY0322; English names are COD-AB's own spellings (some "
    "mantikas are named after their capital: Tobruk = Al Butnan, Ejdabia = Al Wahat, "
    "Zwara = An Nuqat al Khams, Ubari = Wadi al Hayat). The codes and names were not read "
    "from the HDX file itself (no network here) but transcribed from public scripts that "
    "load it and check it against the Bureau of Statistics and Census 2020 table and the "
    "US Census Bureau's Libya workbook (NSO_CODE = adm2_pcode); three independent files "
    "agree on all 22 codes. Verify against HDX before production use. Arabic district names "
    "follow the Bureau of Statistics and Census (2006 census) names; ADM1 region names in "
    "French/Arabic are descriptive translations. iso3166_2 joins each mantika to ISO "
    "3166-2:LY (Debian iso-codes). Places: town-level coordinates (approximate, 3 decimals) "
    "for the sites named in public UNHCR/IOM reports; entries with synthetic=true are "
    "demo data: the alternative-accommodation sites are invented, and the IOM office's "
    "position is a placeholder in central Tripoli."
)

# (pcode, en, fr, ar)
ADMIN1 = [
    ("LY01", "East", "Est", "المنطقة الشرقية"),
    ("LY02", "West", "Ouest", "المنطقة الغربية"),
    ("LY03", "South", "Sud", "المنطقة الجنوبية"),
]

# (pcode, COD-AB English name, French, Arabic, ISO 3166-2 code)
ADMIN2 = [
    ("LY0101", "Derna", "Derna", "درنة", "LY-DR"),
    ("LY0102", "Almarj", "Al Marj", "المرج", "LY-MJ"),
    ("LY0103", "Benghazi", "Benghazi", "بنغازي", "LY-BA"),
    ("LY0104", "Tobruk", "Tobrouk", "البطنان", "LY-BU"),
    ("LY0105", "Ejdabia", "Ajdabiya", "الواحات", "LY-WA"),
    ("LY0106", "Al Jabal Al Akhdar", "Djebel Akhdar", "الجبل الأخضر", "LY-JA"),
    ("LY0107", "Alkufra", "Koufra", "الكفرة", "LY-KF"),
    ("LY0208", "Sirt", "Syrte", "سرت", "LY-SR"),
    ("LY0209", "Nalut", "Nalout", "نالوت", "LY-NL"),
    ("LY0210", "Almargeb", "Al Marqab", "المرقب", "LY-MB"),
    ("LY0211", "Tripoli", "Tripoli", "طرابلس", "LY-TB"),
    ("LY0212", "Aljfara", "Jafara", "الجفارة", "LY-JI"),
    ("LY0213", "Azzawya", "Zaouïa", "الزاوية", "LY-ZA"),
    ("LY0214", "Misrata", "Misrata", "مصراتة", "LY-MI"),
    ("LY0215", "Zwara", "Zouara", "النقاط الخمس", "LY-NQ"),
    ("LY0216", "Al Jabal Al Gharbi", "Djebel Gharbi", "الجبل الغربي", "LY-JG"),
    ("LY0317", "Aljufra", "Al Joufrah", "الجفرة", "LY-JU"),
    ("LY0318", "Wadi Ashshati", "Wadi Ash Shati", "وادي الشاطئ", "LY-WS"),
    ("LY0319", "Sebha", "Sebha", "سبها", "LY-SB"),
    ("LY0320", "Ubari", "Oubari", "وادي الحياة", "LY-WD"),
    ("LY0321", "Ghat", "Ghat", "غات", "LY-GT"),
    ("LY0322", "Murzuq", "Mourzouq", "مرزق", "LY-MQ"),
]

# (key, type, en, fr, ar, ADM2 pcode of the district, lat, lon, synthetic)
PLACES = [
    # Disembarkation points (DOMAIN §1)
    ("tripoli-naval-base", "disembarkation_point", "Tripoli naval base", "Base navale de Tripoli",
     "قاعدة طرابلس البحرية", "LY0211", 32.903, 13.208, False),
    ("al-khums-port", "disembarkation_point", "Al Khums port", "Port d'Al Khoms",
     "ميناء الخمس", "LY0210", 32.653, 14.272, False),
    ("zawiya-port", "disembarkation_point", "Zawiya port", "Port de Zaouïa",
     "ميناء الزاوية", "LY0213", 32.779, 12.714, False),
    ("misrata-port", "disembarkation_point", "Misrata port", "Port de Misrata",
     "ميناء مصراتة", "LY0214", 32.368, 15.213, False),
    # DCIM detention centres, Tripoli area (DOMAIN §1)
    ("dc-tariq-al-matar", "detention_centre", "Tariq al-Matar detention centre",
     "Centre de détention de Tariq al-Matar", "مركز احتجاز طريق المطار", "LY0211", 32.810, 13.160, False),
    ("dc-qasr-bin-ghashir", "detention_centre", "Qasr Bin Ghashir detention centre",
     "Centre de détention de Qasr Bin Ghashir", "مركز احتجاز قصر بن غشير", "LY0212", 32.689, 13.177, False),
    ("dc-abu-salim", "detention_centre", "Abu Salim detention centre",
     "Centre de détention d'Abou Salim", "مركز احتجاز أبو سليم", "LY0211", 32.851, 13.183, False),
    ("dc-tajoura", "detention_centre", "Tajoura detention centre",
     "Centre de détention de Tajourah", "مركز احتجاز تاجوراء", "LY0211", 32.882, 13.350, False),
    ("dc-al-sabaa", "detention_centre", "Al Sabaa detention centre",
     "Centre de détention d'Al Sabaa", "مركز احتجاز السبعة", "LY0211", 32.800, 13.230, False),
    ("dc-janzour", "detention_centre", "Janzour detention centre",
     "Centre de détention de Janzour", "مركز احتجاز جنزور", "LY0212", 32.817, 13.010, False),
    ("dc-ain-zara", "detention_centre", "Ain Zara detention centre",
     "Centre de détention d'Aïn Zara", "مركز احتجاز عين زارة", "LY0211", 32.796, 13.246, False),
    # DCIM detention centres elsewhere (DOMAIN §1)
    ("dc-souq-al-khamis", "detention_centre", "Souq al-Khamis detention centre (Al Khums)",
     "Centre de détention de Souq al-Khamis (Al Khoms)", "مركز احتجاز سوق الخميس (الخمس)",
     "LY0210", 32.600, 14.250, False),
    ("dc-zliten", "detention_centre", "Zliten detention centre",
     "Centre de détention de Zliten", "مركز احتجاز زليتن", "LY0214", 32.467, 14.567, False),
    ("dc-misrata", "detention_centre", "Misrata detention centre",
     "Centre de détention de Misrata", "مركز احتجاز مصراتة", "LY0214", 32.375, 15.092, False),
    ("dc-zwara", "detention_centre", "Zwara detention centre",
     "Centre de détention de Zouara", "مركز احتجاز زوارة", "LY0215", 32.931, 12.082, False),
    ("dc-zawiya", "detention_centre", "Zawiya detention centre",
     "Centre de détention de Zaouïa", "مركز احتجاز الزاوية", "LY0213", 32.757, 12.728, False),
    ("dc-zintan", "detention_centre", "Zintan detention centre",
     "Centre de détention de Zintan", "مركز احتجاز الزنتان", "LY0216", 31.931, 12.250, False),
    ("dc-gharyan", "detention_centre", "Gharyan detention centre",
     "Centre de détention de Gharyan", "مركز احتجاز غريان", "LY0216", 32.172, 13.020, False),
    ("dc-kufra", "detention_centre", "Kufra detention centre",
     "Centre de détention de Koufra", "مركز احتجاز الكفرة", "LY0107", 24.182, 23.290, False),
    ("dc-benghazi", "detention_centre", "Benghazi detention centre",
     "Centre de détention de Benghazi", "مركز احتجاز بنغازي", "LY0103", 32.117, 20.067, False),
    ("dc-sebha", "detention_centre", "Sebha detention centre",
     "Centre de détention de Sebha", "مركز احتجاز سبها", "LY0319", 27.038, 14.426, False),
    # Demo data: invented alternative accommodation, and a placeholder IOM office position
    ("tripoli-womens-shelter", "shelter", "Tripoli Women's Shelter",
     "Foyer pour femmes de Tripoli", "مأوى النساء في طرابلس", "LY0211", 32.887, 13.180, True),
    ("janzour-child-friendly-centre", "child_friendly_centre", "Janzour Child-Friendly Centre",
     "Espace adapté aux enfants de Janzour", "مركز جنزور الصديق للطفل", "LY0212", 32.822, 13.018, True),
    ("tripoli-safe-house", "safe_house", "Tripoli Safe House for Children",
     "Maison sûre pour enfants de Tripoli", "البيت الآمن للأطفال في طرابلس", "LY0211", 32.870, 13.200, True),
    ("tripoli-open-centre", "open_centre", "Tripoli Open Reception Centre",
     "Centre d'accueil ouvert de Tripoli", "مركز الاستقبال المفتوح في طرابلس", "LY0211", 32.880, 13.170, True),
    ("misrata-community-placement", "community_placement", "Misrata Community Host Families",
     "Familles d'accueil communautaires de Misrata", "الأسر المضيفة المجتمعية في مصراتة",
     "LY0214", 32.380, 15.100, True),
    ("misrata-family-shelter", "shelter", "Misrata Women and Children Shelter",
     "Foyer pour femmes et enfants de Misrata", "مأوى النساء والأطفال في مصراتة", "LY0214", 32.370, 15.085, True),
    ("zawiya-child-friendly-centre", "child_friendly_centre", "Zawiya Child-Friendly Centre",
     "Espace adapté aux enfants de Zaouïa", "مركز الزاوية الصديق للطفل", "LY0213", 32.760, 12.720, True),
    ("benghazi-safe-house", "safe_house", "Benghazi Safe House",
     "Maison sûre de Benghazi", "البيت الآمن في بنغازي", "LY0103", 32.110, 20.080, True),
    ("iom-tripoli-office", "office", "IOM Tripoli office",
     "Bureau de l'OIM à Tripoli", "مكتب المنظمة الدولية للهجرة في طرابلس", "LY0211", 32.890, 13.190, True),
]

PLACE_TYPES = {"disembarkation_point", "detention_centre", "shelter", "child_friendly_centre",
               "safe_house", "community_placement", "open_centre", "office"}


def has_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def build_libya() -> dict:
    iso_ly = {x["code"]: x["name"] for x in load_iso("3166-2") if x["code"].startswith("LY-")}
    admin1 = [{"pcode": p, "en": en, "fr": fr, "ar": ar} for p, en, fr, ar in ADMIN1]
    parents = {r["pcode"] for r in admin1}
    admin2 = []
    for p, en, fr, ar, iso in ADMIN2:
        if iso not in iso_ly:
            sys.exit(f"{p}: {iso} is not an ISO 3166-2:LY code in iso-codes")
        if p[:4] not in parents:
            sys.exit(f"{p}: no ADM1 parent {p[:4]}")
        admin2.append({"pcode": p, "parent": p[:4], "en": en, "fr": fr, "ar": ar,
                       "iso3166_2": iso, "iso_name": iso_ly[iso]})
    if len(admin2) != 22 or sorted(iso_ly) != sorted(r["iso3166_2"] for r in admin2):
        sys.exit("ADMIN2 must cover the 22 mantikas and every ISO 3166-2:LY code once")
    districts = {r["pcode"] for r in admin2}

    places, keys = [], set()
    for key, kind, en, fr, ar, pcode, lat, lon, synthetic in PLACES:
        if key in keys or kind not in PLACE_TYPES or pcode not in districts or not has_arabic(ar):
            sys.exit(f"bad place row {key}")
        if not (19.0 < lat < 34.0 and 9.0 < lon < 26.0):
            sys.exit(f"{key}: coordinates outside Libya")
        keys.add(key)
        places.append({"key": key, "type": kind, "en": en, "fr": fr, "ar": ar, "pcode": pcode,
                       "adm1_pcode": pcode[:4], "lat": round(lat, 3), "lon": round(lon, 3),
                       "synthetic": synthetic})
    return {"source": LIBYA_SOURCE, "admin1": admin1, "admin2": admin2, "places": places}


# --------------------------------------------------------------------------- main

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if any file would change")
    args = ap.parse_args()

    outputs = {
        "countries.json": render_array(build_countries()) + "\n",
        "languages.json": render_array(build_languages()) + "\n",
        "libya-places.json": render_document(build_libya()),
    }
    changed = []
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, text in outputs.items():
        json.loads(text)  # never write something that does not parse
        path = OUT_DIR / name
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old != text:
            changed.append(name)
            if not args.check:
                path.write_text(text, encoding="utf-8")
        print(f"{'changed' if old != text else 'same   '} {path.relative_to(ROOT)}: "
              f"{len(json.loads(text)) if text.startswith('[') else 'object'}")
    if args.check and changed:
        print(f"out of date: {', '.join(changed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
