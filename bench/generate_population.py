#!/usr/bin/env python3
"""Synthetic population and queries for the duplicate-candidate benchmark (issue: 1,000,000 people).

    python3 bench/generate_population.py --count 1000000 --queries 1000 --seed 1 --out bench/out/1m

Python 3 standard library only; deterministic for a seed (the population does not depend on
--queries). Every name is a random combination of common given names and father's/family names
of the caseload in Libya: no row is a real person.

Writes into --out:
  population.csv  id,name_original,name_latin,sex,birth_year,birth_estimated,nationality,family_id
  queries.csv     query_id,name_original,name_latin,sex,birth_year,birth_estimated,nationality,true_id
  query-kinds.csv query_id,kind   (what was varied; for error analysis, not an input to any approach)
  manifest.json   arguments, counts, distributions and SHA-256 of the two CSV files

CSV: UTF-8 without BOM, "\\n" line ends, a header row, RFC 4180 quoting only where needed (no
name contains a comma or a quote, so in practice nothing is quoted). Empty field = unknown /
not recorded: name_original or name_latin (never both), sex ("male"/"female"), birth_year,
family_id (people not registered as part of a family), true_id (a new person). birth_estimated
is 0/1. nationality is ISO 3166-1 alpha-3 or "undetermined" (queries only).

Population: nationality mix after IOM DTM Libya 2018-2019 (Niger, Chad, Egypt, Sudan, Nigeria
first); single adults (mostly men), families (one or two parents with children who carry the
father's names, same family_id) and unaccompanied children, about 9% minors; ages 0-70, mostly
18-35; 60% of birth years estimated (heaped on multiples of 5, as claimed ages are). Naming:
  Arabic (EGY, SDN, most TCD, SYR, MAR): given + father + grandfather (Syria: + family name);
    name_original in Arabic script in ~70% of rows, name_latin in ~80%, at least one of them.
  Niger, northern Nigeria (Hausa/Kanuri): given + father's given name (sometimes grandfather's).
  Eritrea, Ethiopia, Somalia: given + father + grandfather; a few Eritrean rows carry the Ge'ez
    spelling as name_original.
  Southern Nigeria, Ghana, Mali: given + family name shared by the family.
  Bangladesh: (Md) + given + family name.
  Non-Arabic-script nationalities: Latin only in the population.

Queries: ~70% re-registrations of a random population member (true_id = its id): other Latin
spellings, the other script only (a few non-Arab people written in Arabic by a Libyan clerk),
family name first, third name missing, a clerk's typo, birth year +-0..2 when estimated,
nationality "undetermined" or a neighbour's, sex missing. ~30% new people (true_id empty) with
deliberately similar names: same common given name with another father, a brother (other given
name, same father and grandfather), a cousin (same given and father, other grandfather).

The name lexicon (Arabic, Latin and Ge'ez spellings, the regional Latin spellings and the way a
Libyan clerk writes non-Arabic names in Arabic) is copied from bench/matching/make_pairs.py;
Somali, Ethiopian and Syrian family names are added here.
"""
import argparse
import bisect
import csv
import hashlib
import itertools
import json
import os
import random
import sys
import time

# =============================================================================================
# Lexicon: the curated names of bench/matching/make_pairs.py, shared, then extended below.
# =============================================================================================
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "matching"))
from make_pairs import A, entry, latin  # noqa: E402


# =============================================================================================
# Additions: regional spellings, Somali, Ethiopian and Syrian names.
# =============================================================================================
def _regional(key, nat, spellings):
    A[key]["regional"].setdefault(nat, [])
    A[key]["regional"][nat] = A[key]["regional"][nat] + [s for s in spellings if s not in A[key]["regional"][nat]]


for _key, _nat, _sp in [
    ("mohamed", "SOM", ["Mohamed", "Maxamed"]), ("mohamed", "EGY", ["Mohamed"]), ("mohamed", "ETH", ["Mohammed"]),
    ("mahmoud", "SOM", ["Mohamud", "Mahamud"]), ("abdallah", "SOM", ["Abdullahi"]),
    ("abdelkader", "SOM", ["Abdiqadir", "Abdikadir"]), ("abdelkader", "ETH", ["Kedir", "Abdulkadir"]),
    ("abdelaziz", "SOM", ["Abdiaziz", "Abdulaziz"]), ("abdelkarim", "SOM", ["Abdikarim"]),
    ("fatima", "SOM", ["Fadumo", "Faduma"]), ("halima", "SOM", ["Halimo"]), ("hawa", "SOM", ["Hawo"]),
    ("mariam", "SOM", ["Maryan", "Maryam"]), ("aisha", "SOM", ["Asha"]), ("zahra", "SOM", ["Sahra", "Sahro"]),
    ("khadija", "SOM", ["Khadijo", "Khadra"]),
    ("adam", "TCD", ["Adoum", "Adam"]), ("ibrahim", "TCD", ["Brahim"]), ("musa", "TCD", ["Moussa"]),
    ("ismail", "TCD", ["Ismael"]), ("abdallah", "TCD", ["Abdallah"]), ("othman", "TCD", ["Outhman", "Ousmane"]),
    ("othman", "NGA", ["Usman"]), ("omar", "NGA", ["Umar"]), ("yusuf", "NGA", ["Yusuf"]), ("amin", "NGA", ["Aminu"]),
    ("hussein", "ETH", ["Hussen", "Hussein"]),
]:
    _regional(_key, _nat, _sp)

for k, s, v in [
    # Somalia
    ("abdi", "M", ["Abdi", "Abdy"]), ("farah", "M", ["Farah", "Faarah"]), ("warsame", "M", ["Warsame", "Warsama"]),
    ("jama", "M", ["Jama", "Jamaa"]), ("aden", "M", ["Aden", "Adan", "Aadan"]), ("liban", "M", ["Liban", "Libaan"]),
    ("guled", "M", ["Guled", "Guuled"]), ("mahad", "M", ["Mahad", "Mahaad"]), ("abdiweli", "M", ["Abdiweli", "Abdiwali"]),
    ("nur", "M", ["Nur", "Nuur", "Noor"]), ("hirsi", "X", ["Hirsi", "Xirsi"]), ("elmi", "X", ["Elmi", "Cilmi"]),
    ("duale", "X", ["Duale", "Dualeh"]), ("egal", "X", ["Egal", "Igaal"]), ("dirie", "X", ["Dirie", "Diriye"]),
    ("samatar", "X", ["Samatar", "Samater"]), ("gedi", "X", ["Gedi", "Geedi"]),
    ("hodan", "F", ["Hodan", "Hodon"]), ("ifrah", "F", ["Ifrah", "Ifra"]), ("hibo", "F", ["Hibo", "Hibaq"]),
    ("deeqa", "F", ["Deeqa", "Deka"]), ("sagal", "F", ["Sagal", "Sagaal"]), ("nimco", "F", ["Nimco", "Nimo"]),
    ("ayaan", "F", ["Ayaan", "Ayan"]),
    # Ethiopia (Amhara, Oromo, Tigray)
    ("abebe", "M", ["Abebe", "Abebbe"]), ("kebede", "M", ["Kebede", "Kebedde"]), ("getachew", "M", ["Getachew", "Getacho"]),
    ("solomon", "M", ["Solomon", "Selomon"]), ("yonas", "M", ["Yonas", "Jonas"]), ("biniam", "M", ["Biniam", "Biniyam", "Bineyam"]),
    ("henok", "M", ["Henok", "Henock"]), ("tadesse", "M", ["Tadesse", "Tadese"]), ("girma", "M", ["Girma"]),
    ("alemayehu", "M", ["Alemayehu", "Alemayhu"]), ("bekele", "M", ["Bekele", "Bekelle"]), ("ermias", "M", ["Ermias", "Ermiyas"]),
    ("fikru", "M", ["Fikru", "Fikiru"]), ("lemma", "M", ["Lemma", "Lema"]), ("gemechu", "M", ["Gemechu", "Gamachu"]),
    ("tolosa", "M", ["Tolosa", "Tolessa"]), ("chala", "M", ["Chala", "Chaala"]), ("worku", "M", ["Worku", "Werku"]),
    ("desta", "M", ["Desta", "Dessta"]),
    ("tigist", "F", ["Tigist", "Tigest"]), ("meron", "F", ["Meron"]), ("selamawit", "F", ["Selamawit", "Selamawite"]),
    ("hirut", "F", ["Hirut", "Hiruth"]), ("bethlehem", "F", ["Bethlehem", "Betelhem"]), ("mekdes", "F", ["Mekdes", "Mekdis"]),
    ("hana", "F", ["Hana", "Hanna"]), ("marta", "F", ["Marta", "Martha"]), ("rahel", "F", ["Rahel", "Rachel"]),
]:
    if k not in A:
        latin(k, s, v)

# Syrian family names (with the article written in all the ways clerks write it).
for k, ar, la in [
    ("haddad", ["حداد"], ["Haddad", "Hadad"]), ("darwish", ["درويش"], ["Darwish", "Darwiche", "Darweesh"]),
    ("khatib", ["الخطيب", "خطيب"], ["Al-Khatib", "Alkhatib", "El Khatib", "Khatib"]),
    ("najjar", ["النجار", "نجار"], ["Al-Najjar", "Alnajjar", "Najjar", "El Najjar"]),
    ("halabi", ["الحلبي", "حلبي"], ["Al-Halabi", "Halabi", "Alhalabi"]), ("homsi", ["الحمصي"], ["Al-Homsi", "Homsi", "Alhomsi"]),
    ("shami", ["الشامي"], ["Al-Shami", "Shami", "Alshami", "El Chami"]), ("alali", ["العلي"], ["Al-Ali", "Alali", "El Ali"]),
    ("alahmad", ["الأحمد", "الاحمد"], ["Al-Ahmad", "Alahmad", "Al Ahmad"]), ("alhassan", ["الحسن"], ["Al-Hassan", "Alhasan", "Al Hasan"]),
    ("masri", ["المصري", "مصري"], ["Al-Masri", "Masri", "Almasri", "El Masry"]),
    ("zoubi", ["الزعبي"], ["Al-Zoubi", "Alzoubi", "Zoubi", "Al-Zubi"]), ("hamwi", ["الحموي"], ["Al-Hamwi", "Hamwi", "Alhamawi"]),
    ("kurdi", ["الكردي", "كردي"], ["Al-Kurdi", "Kurdi", "Alkurdi"]), ("sabbagh", ["الصباغ", "صباغ"], ["Sabbagh", "Al-Sabbagh", "Sabag"]),
    ("alabdallah", ["العبدالله", "العبد الله"], ["Al-Abdallah", "Alabdallah", "Al Abdullah"]),
]:
    entry(k, "X", ar, la)

# More West African names (Niger: Hausa, Zarma, Kanuri; Mali: Bambara; Ghana: Akan with Christian first names;
# southern Nigeria: Edo, Igbo, Yoruba), so that 1,000,000 rows are not a few hundred name pairs.
for k, s, v in [
    ("adamou", "M", ["Adamou", "Adamu"]), ("hama", "M", ["Hama", "Hamma"]), ("oumarou", "M", ["Oumarou", "Umaru"]),
    ("saidou", "M", ["Saidou", "Saïdou", "Saydou"]), ("yacouba", "M", ["Yacouba", "Yakuba", "Yacoubou"]),
    ("nouhou", "M", ["Nouhou", "Nuhu"]), ("mahaman", "M", ["Mahaman", "Mahamane", "Mahamman"]), ("rabiou", "M", ["Rabiou", "Rabiu"]),
    ("habibou", "M", ["Habibou", "Habibu"]), ("chaibou", "M", ["Chaibou", "Chaïbou", "Shaibu"]), ("lawali", "M", ["Lawali", "Lawaly"]),
    ("ousseini", "M", ["Ousseini", "Ousseyni", "Usseini"]), ("salifou", "M", ["Salifou", "Salifu"]), ("sadou", "M", ["Sadou", "Saadou"]),
    ("boureima", "M", ["Boureima", "Bourema"]), ("moumouni", "M", ["Moumouni", "Mumuni"]), ("tahirou", "M", ["Tahirou", "Tahiru"]),
    ("djibo", "M", ["Djibo", "Jibo"]), ("alassane", "M", ["Alassane", "Alhassane"]), ("mounkaila", "M", ["Mounkaila", "Mounkaïla"]),
    ("younoussa", "M", ["Younoussa", "Younousa"]), ("illo", "M", ["Illo", "Ilo"]), ("kader", "M", ["Kader", "Kadri"]),
    ("hamadou", "M", ["Hamadou", "Hamadu"]), ("soumaila", "M", ["Soumaïla", "Soumaila", "Sumaila"]), ("maazou", "M", ["Maazou", "Mazou"]),
    ("elhadji", "M", ["Elhadji", "El Hadji", "Alhaji"]), ("kailou", "M", ["Kaïlou", "Kailou"]),
    ("rabi", "F", ["Rabi", "Rabiatou"]), ("fati", "F", ["Fati", "Fatti"]), ("aichatou", "F", ["Aïchatou", "Aichatou", "Aishatu"]),
    ("mariama", "F", ["Mariama", "Maryama"]), ("zeinabou", "F", ["Zeinabou", "Zenabou"]), ("fatchima", "F", ["Fatchima", "Fatsima"]),
    ("habsatou", "F", ["Habsatou", "Habsatu"]), ("nana", "F", ["Nana"]), ("safiatou", "F", ["Safiatou", "Safiyatu"]),
    ("maimouna", "F", ["Maïmouna", "Maimouna", "Maimuna"]), ("rakiatou", "F", ["Rakiatou", "Rakiya"]), ("hassana", "F", ["Hassana", "Hasana"]),
    # Mali
    ("lassana", "M", ["Lassana", "Lassina"]), ("siaka", "M", ["Siaka", "Siyaka"]), ("cheick", "M", ["Cheick", "Cheikh", "Sheikh"]),
    ("boubou", "M", ["Boubou"]), ("fousseyni", "M", ["Fousseyni", "Fousseny"]), ("alou", "M", ["Alou", "Aliou"]),
    ("bourama", "M", ["Bourama", "Bouréma"]), ("madou", "M", ["Madou"]), ("salif", "M", ["Salif", "Salifou"]),
    ("tiemoko", "M", ["Tiémoko", "Tiemoko"]), ("fanta", "F", ["Fanta"]),
    ("kadidia", "F", ["Kadidia", "Kadidiatou"]), ("rokia", "F", ["Rokia", "Rokiatou"]), ("bintou", "F", ["Bintou", "Bintu"]),
    ("sissoko", "X", ["Sissoko", "Sisoko"]), ("doumbia", "X", ["Doumbia", "Dumbia"]), ("kante", "X", ["Kanté", "Kante"]),
    ("kone", "X", ["Koné", "Kone"]), ("samake", "X", ["Samaké", "Samake"]), ("bagayoko", "X", ["Bagayoko", "Bagayogo"]),
    ("dao", "X", ["Dao"]), ("fofana", "X", ["Fofana"]), ("guindo", "X", ["Guindo"]), ("kouyate", "X", ["Kouyaté", "Kouyate"]),
    ("sacko", "X", ["Sacko", "Sako"]), ("sylla", "X", ["Sylla", "Silla"]), ("tounkara", "X", ["Tounkara", "Tunkara"]),
    ("sangho", "X", ["Sangho", "Sango"]), ("djire", "X", ["Djiré", "Djire"]),
    # Ghana
    ("isaac", "M", ["Isaac", "Isaak"]), ("eric", "M", ["Eric", "Erik"]), ("richard", "M", ["Richard"]), ("prince", "M", ["Prince"]),
    ("michael", "M", ["Michael", "Micheal"]), ("francis", "M", ["Francis"]), ("stephen", "M", ["Stephen", "Steven"]),
    ("ebenezer", "M", ["Ebenezer", "Ebenezar"]), ("bismark", "M", ["Bismark", "Bismarck"]), ("collins", "M", ["Collins", "Colins"]),
    ("evans", "M", ["Evans", "Evance"]), ("patience", "F", ["Patience"]), ("comfort", "F", ["Comfort"]), ("gifty", "F", ["Gifty"]),
    ("acheampong", "X", ["Acheampong", "Achiampong"]), ("adjei", "X", ["Adjei", "Adjey"]), ("antwi", "X", ["Antwi"]),
    ("asamoah", "X", ["Asamoah", "Asamoa"]), ("bonsu", "X", ["Bonsu"]), ("danso", "X", ["Danso"]), ("frimpong", "X", ["Frimpong"]),
    ("gyamfi", "X", ["Gyamfi", "Gyamfie"]), ("kyei", "X", ["Kyei"]), ("oppong", "X", ["Oppong", "Opong"]), ("quaye", "X", ["Quaye"]),
    ("sarpong", "X", ["Sarpong"]), ("tetteh", "X", ["Tetteh", "Teteh"]), ("yeboah", "X", ["Yeboah", "Yeboa"]), ("ansah", "X", ["Ansah"]),
    ("baah", "X", ["Baah"]), ("ampofo", "X", ["Ampofo"]), ("opoku", "X", ["Opoku"]),
    # Southern Nigeria
    ("osas", "M", ["Osas"]), ("eghosa", "M", ["Eghosa", "Egosa"]), ("ehis", "M", ["Ehis"]), ("osaze", "M", ["Osaze"]),
    ("uyi", "M", ["Uyi"]), ("nosa", "M", ["Nosa", "Nossa"]), ("lucky", "M", ["Lucky"]), ("kingsley", "M", ["Kingsley", "Kinsley"]),
    ("stanley", "M", ["Stanley"]), ("david", "M", ["David"]), ("paul", "M", ["Paul"]), ("james", "M", ["James"]),
    ("ikechukwu", "M", ["Ikechukwu", "Ikechuku"]), ("uche", "M", ["Uche"]), ("chidi", "M", ["Chidi"]), ("tunde", "M", ["Tunde"]),
    ("gift", "F", ["Gift"]), ("faith", "F", ["Faith"]), ("loveth", "F", ["Loveth", "Lovet"]), ("osaretin", "F", ["Osaretin"]),
    ("ivie", "F", ["Ivie"]), ("eseosa", "F", ["Eseosa"]), ("omosede", "F", ["Omosede"]), ("success", "F", ["Success"]),
    ("ogbeide", "X", ["Ogbeide"]), ("aigbe", "X", ["Aigbe"]), ("ehigiator", "X", ["Ehigiator"]), ("osazuwa", "X", ["Osazuwa"]),
    ("idahosa", "X", ["Idahosa"]), ("iyamu", "X", ["Iyamu"]), ("aghedo", "X", ["Aghedo"]), ("okoro", "X", ["Okoro"]),
    ("okoye", "X", ["Okoye"]), ("nwankwo", "X", ["Nwankwo"]), ("chukwu", "X", ["Chukwu"]), ("oladipo", "X", ["Oladipo"]),
    ("ibe", "X", ["Ibe"]), ("ezeh", "X", ["Ezeh"]), ("osagiede", "X", ["Osagiede"]), ("ekhator", "X", ["Ekhator"]),
]:
    if k not in A:
        latin(k, s, v)
_regional("abubakar", "NER", ["Boubacar"])
_regional("suleiman", "NER", ["Souley", "Souleymane"])
_regional("abdallah", "NER", ["Abdoulaye"])
_regional("abdelaziz", "NER", ["Abdoul Aziz", "Abdoulaziz"])
_regional("bashir", "NER", ["Bachir"])

ALIAS = {"moussa_": "musa", "aminu_": "amin", "hossain_": "hussein"}


def E(key):
    return A[ALIAS.get(key, key)]


# =============================================================================================
# Who is named what. Pools are ordered from the most to the least common name: weights 1/rank^s.
# =============================================================================================
ARAB_M = ["mohamed", "ahmed", "ali", "ibrahim", "omar", "abdallah", "hassan", "mahmoud", "adam", "yusuf", "musa",
          "othman", "abdelrahman", "hussein", "mustafa", "khaled", "salah", "saleh", "ismail", "idris", "yahya", "issa",
          "abubakar", "suleiman", "abdelkader", "abdelaziz", "abdelkarim", "hamid", "hamza", "haroun", "jibril",
          "khalil", "said", "saad", "tarek", "karim", "jamal", "kamal", "ramadan", "bashir", "noureddine", "amer",
          "ishaq", "salaheddine", "faisal", "mansour", "qasim", "jafar", "hossam", "walid", "mokhtar", "amin", "elamin",
          "ilyas", "zakaria", "daoud", "salim", "salem", "yassin", "nasser", "yasser", "malik", "rashid", "samir", "hani",
          "magdi", "hamdi", "adel", "yaqub", "mahdi", "fadil", "ashraf", "ragab", "shaaban", "hisham", "anwar", "fathi",
          "bilal", "murad", "nabil", "ayoub", "habib", "aziz", "ammar", "hamad"]
ARAB_F = ["fatima", "aisha", "mariam", "khadija", "amina", "zainab", "halima", "hawa", "asma", "sara", "salma", "nour",
          "huda", "iman", "leila", "souad", "ruqayya", "safia", "jamila", "karima", "hajar", "nafissa", "rahma", "zahra",
          "samira", "alia", "fathia", "bushra", "noura", "zeina", "mona"]
ARAB_FAM = ARAB_M + ["sayed", "babiker", "awad", "eltayeb", "elsadig", "tahir", "abakar"]
TCD_M = ["mohamed", "ahmed", "abakar", "adam", "abdallah", "hassan", "ibrahim", "musa", "yusuf", "ali", "omar",
         "mahamat_", "idris", "haroun", "jibril", "othman", "issa", "abdelkarim", "saleh", "yaqub", "ismail", "moussa_",
         "abdelrahman", "mahdi", "khalil", "suleiman", "abubakar", "daoud", "zakaria", "hamid"]
ALIAS["mahamat_"] = "mohamed"
SYR_FAM = ["alahmad", "alali", "alhassan", "haddad", "darwish", "khatib", "najjar", "halabi", "homsi", "shami", "masri",
           "zoubi", "hamwi", "kurdi", "sabbagh", "alabdallah"]
NER_M = ["issoufou", "abdou", "moussa_", "ibrahim", "mamane", "hamidou", "abubakar", "amadou", "mahamadou", "seydou",
         "salissou", "idrissa", "othman", "garba", "sani", "illiassou", "suleiman", "yusuf", "haroun", "abdallah",
         "abdelrahman", "adam", "hassan", "daoud", "zakaria", "omar", "adamou", "hama", "oumarou", "saidou", "yacouba",
         "nouhou", "mahaman", "rabiou", "habibou", "chaibou", "lawali", "ousseini", "salifou", "sadou", "boureima",
         "moumouni", "tahirou", "djibo", "alassane", "mounkaila", "younoussa", "illo", "kader", "hamadou", "soumaila",
         "maazou", "elhadji", "kailou", "bashir", "abdelaziz", "ali", "issa"]
NER_F = ["hadiza", "aisha", "mariam", "fatima", "ruqayya", "zalika", "balkissa", "ramatou", "hawa", "zainab", "hassia",
         "safia", "salamatou", "amina", "halima", "rabi", "fati", "aichatou", "mariama", "zeinabou", "fatchima",
         "habsatou", "nana", "safiatou", "maimouna", "rakiatou", "hassana"]
NER_FAM = ["issa", "musa", "amadou", "abdou", "garba", "mamane", "hamani", "abubakar", "seyni", "omar", "idrissa",
           "tanko", "alio", "hassan", "ali", "ibrahim", "adam", "haroun", "issoufou", "mahamadou", "sani", "hamidou",
           "yusuf", "othman", "abdallah", "salissou", "seydou", "adamou", "hama", "oumarou", "saidou", "yacouba",
           "nouhou", "mahaman", "rabiou", "habibou", "chaibou", "lawali", "ousseini", "salifou", "sadou", "boureima",
           "moumouni", "tahirou", "djibo", "alassane", "mounkaila", "younoussa", "illo", "hamadou", "soumaila",
           "maazou", "elhadji", "kailou", "suleiman", "daoud", "zakaria", "illiassou"]
NGA_N_M = ["abubakar", "musa", "ibrahim", "othman", "abdallah", "sani", "bello", "garba", "aminu_", "kabir", "nasser",
           "yaqub", "danjuma", "omar", "aliyu", "suleiman", "yahya", "haroun", "elsadig", "yusuf"]
NGA_N_F = ["aisha", "hawa", "zainab", "hadiza", "fatima", "amina", "halima", "hassia"]
NGA_N_FAM = NGA_N_M + ["lawal", "tanko"]
NGA_S_M = ["godwin", "emmanuel", "samuel", "daniel", "john", "osagie", "sunday", "peter", "joseph", "victor", "friday",
           "osaro", "chukwuemeka", "emeka", "chinedu", "obinna", "ifeanyi", "nnamdi", "kelechi", "babatunde", "adebayo",
           "oluwaseun", "segun", "femi", "osas", "eghosa", "ehis", "osaze", "uyi", "nosa", "lucky", "kingsley", "stanley",
           "david", "paul", "james", "ikechukwu", "uche", "chidi", "tunde", "prince", "michael", "collins"]
NGA_S_F = ["blessing", "joy", "precious", "favour", "mercy", "grace", "esther", "peace", "osarugue", "efe", "chiamaka",
           "ngozi", "adaeze", "funmilayo", "gift", "faith", "loveth", "osaretin", "ivie", "eseosa", "omosede", "success",
           "patience", "comfort"]
NGA_S_FAM = ["igbinedion", "omoregie", "okafor", "okonkwo", "eze", "nwosu", "okeke", "obi", "adeyemi", "adeleke",
             "ogunleye", "balogun", "ojo", "bassey", "akpan", "etim", "ogbonna", "nwachukwu", "uzor", "ogbeide", "aigbe",
             "ehigiator", "osazuwa", "idahosa", "iyamu", "aghedo", "okoro", "okoye", "nwankwo", "chukwu", "oladipo", "ibe",
             "ezeh", "osagiede", "ekhator"]
ERI_M = ["yohannes", "tesfay", "dawit", "mehari", "berhane", "kidane", "tekle", "haile", "mulugeta", "yemane", "goitom",
         "tsegay", "mussie", "amanuel", "medhanie", "filmon"]
ERI_F = ["selam", "senait", "saba", "freweyni", "almaz", "luwam", "winta"]
ERI_FAM = ERI_M + ["gebremedhin", "weldemariam", "habtemariam", "kahsay", "berhe", "hagos", "negash", "zerai",
                   "tewolde", "ghirmay", "asfaha"]
ETH_M = ["abebe", "dawit", "yonas", "biniam", "getachew", "solomon", "henok", "tesfay", "mohamed", "kebede", "tadesse",
         "girma", "alemayehu", "bekele", "ermias", "fikru", "abdi", "lemma", "gemechu", "tolosa", "chala", "ahmed",
         "hussein", "yohannes", "mulugeta", "worku", "desta"]
ETH_F = ["tigist", "meron", "selamawit", "hirut", "bethlehem", "mekdes", "hana", "marta", "rahel", "almaz", "saba",
         "fatima", "aisha"]
ETH_FAM = ETH_M + ["haile", "berhane", "tekle", "kidane"]
SOM_M = ["mohamed", "abdi", "ahmed", "abdelrahman", "abdallah", "hassan", "ali", "omar", "yusuf", "ismail", "hussein",
         "abdelkader", "abdelaziz", "abdelkarim", "ibrahim", "osman_", "farah", "said", "liban", "guled", "mahad",
         "abdiweli", "bashir", "aden", "nur", "jama", "warsame", "mahmoud"]
ALIAS["osman_"] = "othman"
SOM_F = ["fatima", "hodan", "amina", "halima", "khadija", "ifrah", "aisha", "hibo", "deeqa", "mariam", "hawa", "sagal",
         "nimco", "ayaan", "zahra"]
SOM_FAM = SOM_M + ["hirsi", "elmi", "duale", "egal", "dirie", "samatar", "gedi"]
GHA_M = ["kwame", "kofi", "emmanuel", "kwabena", "samuel", "yaw", "isaac", "kojo", "eric", "kwaku", "richard", "kwasi",
         "prince", "daniel", "michael", "john", "francis", "joseph", "stephen", "ebenezer", "bismark", "collins", "evans",
         "ibrahim", "mohamed"]
GHA_F = ["ama", "akua", "abena", "adwoa", "grace", "efua", "afia", "mercy", "patience", "comfort", "gifty", "esther"]
GHA_FAM = GHA_M[:12]  # the middle name: an Akan day name or a Christian name
GHA_SUR = ["mensah", "owusu", "boateng", "asante", "appiah", "osei", "agyeman", "addo", "amoah", "darko", "ofori",
           "acheampong", "adjei", "antwi", "asamoah", "bonsu", "danso", "frimpong", "gyamfi", "kyei", "oppong", "quaye",
           "sarpong", "tetteh", "yeboah", "ansah", "baah", "ampofo", "opoku"]
MLI_M = ["mamadou", "moussa_", "sekou", "bakary", "drissa", "adama", "modibo", "seydou", "abubakar", "ibrahim", "omar",
         "amadou", "abdallah", "suleiman", "lassana", "siaka", "yacouba", "issa", "mahamadou", "cheick", "boubou",
         "fousseyni", "karim", "alou", "bourama", "daoud", "hamidou", "madou", "salif", "tiemoko"]
MLI_F = ["fatima", "aminata", "kadiatou", "mariam", "awa", "oumou", "djeneba", "assetou", "fanta", "kadidia", "rokia",
         "bintou", "maimouna", "aichatou", "safiatou"]
MLI_FAM = ["traore", "coulibaly", "diarra", "keita", "toure", "cisse", "sangare", "konate", "diallo", "sidibe", "maiga",
           "dembele", "camara", "sissoko", "doumbia", "kante", "kone", "samake", "bagayoko", "dao", "fofana", "guindo",
           "kouyate", "sacko", "sylla", "tounkara", "sangho", "djire"]
BGD_M = ["rakibul", "shafiqul", "aminul", "rafiqul", "saiful", "jahangir", "sohel", "rubel", "kamrul", "nazrul", "masud",
         "shahin", "alamgir", "nasiruddin", "jasimuddin", "kamaluddin"]
BGD_F = ["fatima", "mariam", "amina"]
BGD_FAM = ["islam", "hossain_", "rahman", "miah", "ahmed", "alam", "kabir", "sarkar", "chowdhury"]

# system: how names are built (see build_chain); script: which scripts the population rows use.
# w: share of the population (per cent), after IOM DTM Libya rounds of 2018-2019.
PROFILES = {
    "EGY": dict(nat="EGY", w=15.0, system="patri", m=ARAB_M, f=ARAB_F, fam=ARAB_FAM, script="arabic", n=(2, 3, 4), nw=(15, 75, 10)),
    "SDN": dict(nat="SDN", w=12.0, system="patri", m=ARAB_M, f=ARAB_F, fam=ARAB_FAM, script="arabic", n=(2, 3, 4), nw=(15, 75, 10)),
    "TCD_A": dict(nat="TCD", w=9.75, system="patri", m=TCD_M, f=ARAB_F, fam=TCD_M + ["sayed", "tahir"], script="arabic", n=(2, 3), nw=(25, 75)),
    "TCD_L": dict(nat="TCD", w=5.25, system="patri", m=TCD_M, f=ARAB_F, fam=TCD_M + ["sayed", "tahir"], script="latin", n=(2, 3), nw=(40, 60)),
    "SYR": dict(nat="SYR", w=2.5, system="family", m=ARAB_M, f=ARAB_F, fam=ARAB_M, sur=SYR_FAM, script="arabic", n=(2, 3), nw=(30, 70)),
    "MAR": dict(nat="MAR", w=1.5, system="patri", m=ARAB_M, f=ARAB_F, fam=ARAB_FAM, script="arabic", n=(2, 3), nw=(60, 40)),
    "NER": dict(nat="NER", w=20.0, system="patri", m=NER_M, f=NER_F, fam=NER_FAM, script="latin", n=(2, 3), nw=(60, 40)),
    "NGA_N": dict(nat="NGA", w=3.2, system="patri", m=NGA_N_M, f=NGA_N_F, fam=NGA_N_FAM, script="latin", n=(2, 3), nw=(70, 30)),
    "NGA_S": dict(nat="NGA", w=5.8, system="family", m=NGA_S_M, f=NGA_S_F, fam=NGA_S_M, sur=NGA_S_FAM, script="latin", n=(2, 3), nw=(65, 35)),
    "GHA": dict(nat="GHA", w=4.5, system="family", m=GHA_M, f=GHA_F, fam=GHA_FAM, sur=GHA_SUR, script="latin", n=(2, 3), nw=(60, 40)),
    "MLI": dict(nat="MLI", w=4.0, system="family", m=MLI_M, f=MLI_F, fam=MLI_M, sur=MLI_FAM, script="latin", n=(2, 3), nw=(75, 25)),
    "ERI": dict(nat="ERI", w=3.5, system="patri", m=ERI_M, f=ERI_F, fam=ERI_FAM, script="geez", n=(2, 3), nw=(40, 60)),
    "ETH": dict(nat="ETH", w=2.0, system="patri", m=ETH_M, f=ETH_F, fam=ETH_FAM, script="latin", n=(2, 3), nw=(45, 55)),
    "SOM": dict(nat="SOM", w=2.0, system="patri", m=SOM_M, f=SOM_F, fam=SOM_FAM, script="latin", n=(2, 3), nw=(35, 65)),
    "BGD": dict(nat="BGD", w=3.0, system="bgd", m=BGD_M, f=BGD_F, fam=BGD_M, sur=BGD_FAM, script="latin", n=(2, 3), nw=(50, 50)),
}
NEIGHBOURS = {"EGY": ["SDN", "PSE"], "SDN": ["TCD", "EGY", "SSD"], "TCD": ["SDN", "NER", "CMR"], "NER": ["NGA", "MLI", "TCD"],
              "NGA": ["NER", "GHA", "CMR"], "ERI": ["ETH", "SDN"], "ETH": ["ERI", "SOM", "SDN"], "SOM": ["ETH", "KEN"],
              "GHA": ["NGA", "CIV", "TGO"], "MLI": ["NER", "SEN", "GIN"], "BGD": ["IND", "PAK"], "SYR": ["LBN", "PSE"],
              "MAR": ["DZA", "TUN"]}
CONFUSABLE = [
    ["ahmed", "hamid", "mahmoud", "mohamed", "hamad"], ["salah", "saleh"], ["omar", "amer", "ammar"], ["hassan", "hussein"],
    ["khaled", "khalil"], ["jamal", "kamal"], ["said", "saad"], ["yasser", "nasser"], ["rashid", "rashed"],
    ["salim", "salem", "suleiman"], ["hamdi", "hamid", "hamad"], ["zainab", "zeina"], ["noura", "nour"], ["fatima", "fathia"],
    ["amina", "aminata"], ["karima", "jamila"], ["rakibul", "rafiqul"], ["shafiqul", "saiful"], ["kwabena", "kwame"],
    ["yohannes", "yemane"], ["tesfay", "tsegay"], ["musa", "mustafa"], ["hisham", "hossam"], ["adam", "adel"],
    ["ismail", "ishaq"], ["abdou", "abdallah"], ["issoufou", "yusuf"], ["amadou", "mahamadou"], ["abdi", "abdallah"],
]
CONFUSABLE_OF = {}
for _g in CONFUSABLE:
    for _k in _g:
        CONFUSABLE_OF.setdefault(_k, set()).update(x for x in _g if x != _k)

GENERATOR_VERSION = 1


# =============================================================================================
# Fast weighted choices (the generator must write 1,000,000 rows in well under two minutes).
# =============================================================================================
class Pick:
    """A weighted list: pick(rng) in O(log n) with precomputed cumulative weights."""
    __slots__ = ("items", "cum", "total")

    def __init__(self, items, weights):
        self.items = list(items)
        self.cum = list(itertools.accumulate(weights))
        self.total = self.cum[-1]

    def __call__(self, rng):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


def zipf(pool, s):
    return Pick(pool, [1.0 / (i + 1) ** s for i in range(len(pool))])


for _p in PROFILES.values():
    _p["pick_m"] = zipf(_p["m"], 0.75)
    _p["pick_f"] = zipf(_p["f"], 0.75)
    _p["pick_fam"] = zipf(_p["fam"], 0.6)
    if "sur" in _p:
        _p["pick_sur"] = zipf(_p["sur"], 0.5)
    _p["pick_n"] = Pick(_p["n"], _p["nw"])
PICK_PROFILE = Pick(list(PROFILES), [p["w"] for p in PROFILES.values()])

_LATIN_CACHE = {}


def latin_pick(key, nat):
    """Latin spellings of a name for a nationality: the first (standard) spelling and the regional ones weigh more."""
    c = _LATIN_CACHE.get((key, nat))
    if c is None:
        e = E(key)
        opts, weights = [], []
        for i, s in enumerate(e["latin"]):
            if s not in opts:
                opts.append(s)
                weights.append(4.0 if i == 0 else 1.0)
        for s in e["regional"].get(nat, []):
            if s in opts:
                weights[opts.index(s)] += 3.0
            else:
                opts.append(s)
                weights.append(3.0)
        c = _LATIN_CACHE[(key, nat)] = Pick(opts, weights)
    return c


def arabic_forms(key):
    return E(key)["arabic"]


# =============================================================================================
# People.
# =============================================================================================
def build_chain(rng, prof, sex, given=None):
    """The full name chain of a new person: [given, second, third] (patronymic systems may have a fourth).

    patri  (Arabic, Hausa/Kanuri, Tigrinya, Somali, Ethiopian): given + father + grandfather (+ great-grandfather)
    family (Syria, southern Nigeria, Ghana, Mali): given + father's name or a middle name + family name
    bgd    (Bangladesh): "Md" (men, often) + given + family name; for women, given + middle + family name
    """
    if given is None:
        given = prof["pick_m"](rng) if sex == "M" else prof["pick_f"](rng)
    system = prof["system"]
    if system == "patri":
        chain = [given]
        while len(chain) < 4:
            f = prof["pick_fam"](rng)
            if f != chain[-1] and E(f)["key"] != E(chain[-1])["key"]:
                chain.append(f)
        return chain
    if system == "family":
        pick_mid = prof["pick_f"] if sex == "F" and prof["nat"] != "SYR" and rng.random() < 0.5 else prof["pick_fam"]
        mid = pick_mid(rng)
        while E(mid)["key"] == E(given)["key"]:
            mid = pick_mid(rng)
        return [given, mid, prof["pick_sur"](rng)]
    # bgd
    if sex == "M":
        return ["mohamed", given, prof["pick_sur"](rng)]
    mid = prof["pick_f"](rng)
    while mid == given:
        mid = prof["pick_f"](rng)
    return [given, mid, prof["pick_sur"](rng)]


def shown_names(prof, chain, n):
    """The names a registration shows, in order, when it has n of them."""
    if prof["system"] == "patri":
        return chain[:n]
    if n >= 3:
        return chain[:3]
    return chain[1:3] if chain[0] == "mohamed" and prof["system"] == "bgd" else [chain[0], chain[2]]


def child_chain(prof, father_chain, given):
    if prof["system"] == "patri":
        return [given] + father_chain[:3]
    if prof["system"] == "family":
        return [given, father_chain[0] if prof["nat"] == "SYR" else father_chain[1], father_chain[2]]
    return ["mohamed", given, father_chain[2]] if given in prof["m"] else [given, father_chain[1], father_chain[2]]


def script_mode(rng, prof):
    """Which scripts a registration carries: 'both', 'arabic' (original only), 'latin', or 'geez' (Ge'ez + Latin)."""
    s = prof["script"]
    if s == "arabic":
        r = rng.random()  # original 70%, Latin 80%, at least one: both 50%, original only 20%, Latin only 30%
        return "both" if r < 0.5 else ("arabic" if r < 0.7 else "latin")
    if s == "geez":
        return "geez" if rng.random() < 0.08 else "latin"
    return "latin"




def render(rng, prof, names, mode, fixed=None, upper=False, family_first=False, typo_at=None, arabic_typo_at=None,
           diacritic=False):
    """(name_original, name_latin, spellings used) for the keys in names."""
    nat = prof["nat"]
    latin_words = None
    chosen = {}
    if mode in ("both", "latin", "geez"):
        latin_words = []
        for i, k in enumerate(names):
            w = fixed.get(k) if fixed else None
            if w is None:
                w = latin_pick(k, nat)(rng)
            chosen[k] = w
            if typo_at == i:
                w = typo(rng, w)
            latin_words.append(w)
        if family_first and len(latin_words) > 1:
            latin_words = [latin_words[-1].upper()] + latin_words[:-1]
    original = None
    if mode in ("both", "arabic"):
        words = []
        for i, k in enumerate(names):
            forms = arabic_forms(k)
            w = forms[0] if (len(forms) == 1 or rng.random() < 0.65) else forms[int(rng.random() * len(forms))]
            if arabic_typo_at == i:
                w = arabic_typo(rng, w)
            words.append(w)
        if diacritic and len(words[0]) > 1:
            words[0] = words[0][0] + ("\u064E" if rng.random() < 0.5 else "\u0640") + words[0][1:]
        original = " ".join(words)
    elif mode == "geez":
        original = " ".join(E(k)["geez"] for k in names)
    latin = " ".join(latin_words) if latin_words is not None else None
    if latin is not None and upper:
        latin = latin.upper()
    return original, latin, chosen


def typo(rng, s):
    """One clerk's slip on a Latin word: drop, double, swap adjacent letters, or change a vowel."""
    letters = list(s)
    idxs = [i for i, c in enumerate(letters) if c.isalpha()]
    if len(idxs) < 4:
        return s
    i = rng.choice(idxs[1:-1])
    op = rng.randrange(4)
    if op == 0:
        del letters[i]
    elif op == 1:
        letters.insert(i, letters[i])
    elif op == 2 and i + 1 < len(letters) and letters[i + 1].isalpha():
        letters[i], letters[i + 1] = letters[i + 1], letters[i]
    elif letters[i].lower() in "aeiou":
        letters[i] = rng.choice([v for v in "aeiou" if v != letters[i].lower()])
    else:
        del letters[i]
    return "".join(letters)


SOUND_ALIKE = {"ه": "ح", "ح": "ه", "س": "ص", "ص": "س", "ت": "ط", "ط": "ت", "د": "ض", "ض": "د", "ذ": "ز", "ز": "ذ",
               "ق": "ك", "ك": "ق", "ث": "س", "ظ": "ض", "أ": "ا", "إ": "ا", "ة": "ه"}


def arabic_typo(rng, s):
    """A clerk's slip in Arabic: a sound-alike letter, or a long vowel left out."""
    letters = list(s)
    idxs = [i for i, c in enumerate(letters) if c in SOUND_ALIKE]
    if idxs and rng.random() < 0.7:
        i = rng.choice(idxs)
        letters[i] = SOUND_ALIKE[letters[i]]
    else:
        vs = [i for i, c in enumerate(letters) if c in "اوي" and 0 < i < len(letters) - 1]
        if vs:
            del letters[rng.choice(vs)]
    return "".join(letters)


def adult_age(rng):
    r = rng.random()
    if r < 0.78:
        return int(rng.triangular(18, 36, 23))
    if r < 0.95:
        return rng.randint(36, 50)
    return rng.randint(51, 70)


def birth(rng, age, ref_year):
    """(birth_year, estimated): 60% estimated from a claimed age, often a multiple of five."""
    if rng.random() < 0.6:
        if age >= 20 and rng.random() < 0.45:
            age = 5 * int(age / 5 + 0.5)
        return ref_year - age, 1
    return ref_year - age - (1 if rng.random() < 0.5 else 0), 0


class Person:
    __slots__ = ("pid", "prof", "sex", "chain", "n", "year", "est", "mode", "original", "latin", "chosen", "family")

    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)


# =============================================================================================
# Population.
# =============================================================================================
UNIT_SINGLE, UNIT_FAMILY, UNIT_CHILD = 0, 1, 2
PICK_UNIT = Pick([UNIT_SINGLE, UNIT_FAMILY, UNIT_CHILD], [94.4, 3.0, 2.6])
PICK_CHILDREN = Pick([1, 2, 3, 4, 5], [30, 30, 22, 12, 6])


def population(rng, count, ref_year, keep):
    """Yield (row, Person or None) for ids 1..count; Person objects only for ids in keep."""
    pid = 0
    family_id = 0
    rnd = rng.random
    while pid < count:
        unit = PICK_UNIT(rng)
        prof = PROFILES[PICK_PROFILE(rng)]
        members = []  # (sex, chain, age)
        fam = ""
        if unit == UNIT_SINGLE:
            sex = "M" if rnd() < 0.85 else "F"
            members.append((sex, build_chain(rng, prof, sex), adult_age(rng)))
        elif unit == UNIT_CHILD:  # unaccompanied or separated child
            sex = "M" if rnd() < 0.8 else "F"
            members.append((sex, build_chain(rng, prof, sex), int(rng.triangular(8, 18, 17))))
        else:
            family_id += 1
            fam = str(family_id)
            r = rnd()
            with_father, with_mother = (True, True) if r < 0.5 else ((False, True) if r < 0.85 else (True, False))
            mother_age = rng.randint(19, 45)
            father = build_chain(rng, prof, "M")
            if with_father:
                members.append(("M", father, min(70, mother_age + rng.randint(0, 12))))
            if with_mother:
                mother = build_chain(rng, prof, "F")
                if prof["system"] in ("family", "bgd") and prof["nat"] in ("NGA", "GHA", "BGD") and rnd() < 0.6:
                    mother[2] = father[2]  # took the husband's family name
                members.append(("F", mother, mother_age))
            used = set()
            for _ in range(PICK_CHILDREN(rng)):
                csex = "M" if rnd() < 0.5 else "F"
                given = prof["pick_m"](rng) if csex == "M" else prof["pick_f"](rng)
                if given in used or given == father[0]:
                    given = prof["pick_m"](rng) if csex == "M" else prof["pick_f"](rng)
                used.add(given)
                members.append((csex, child_chain(prof, father, given), rng.randint(0, min(17, mother_age - 16))))
        # One clerk registers a family: the same scripts and the same spelling of shared names.
        mode = script_mode(rng, prof)
        fixed = {} if unit == UNIT_FAMILY else None
        upper = rnd() < 0.08
        for sex, chain, age in members:
            if pid >= count:
                break
            pid += 1
            n = prof["pick_n"](rng)
            if age < 18 and n > 3:
                n = 3
            names = shown_names(prof, chain, n)
            original, latin, chosen = render(rng, prof, names, mode, fixed=fixed, upper=upper,
                                             diacritic=rnd() < 0.03)
            if fixed is not None:
                for k, v in chosen.items():
                    fixed.setdefault(k, v)
            year, est = birth(rng, age, ref_year)
            row = (pid, original or "", latin or "", "male" if sex == "M" else "female", year, est, prof["nat"], fam)
            p = None
            if pid in keep:
                p = Person(pid=pid, prof=prof, sex=sex, chain=chain, n=n, year=year, est=est, mode=mode,
                           original=original, latin=latin, chosen=chosen, family=fam)
            yield row, p


# =============================================================================================
# Queries.
# =============================================================================================
def reregistration(rng, p):
    """Another registration of p, with the variation seen between two registrations of one person."""
    prof = p.prof
    kinds = []
    # Scripts.
    mode = p.mode
    if prof["script"] == "arabic":
        if rng.random() < 0.3:
            mode = {"both": rng.choice(["arabic", "latin"]), "arabic": "latin", "latin": "arabic"}[p.mode]
        else:
            mode = script_mode(rng, prof)
    elif prof["script"] == "geez":
        mode = script_mode(rng, prof)
    else:
        mode = "latin"
    # Names shown.
    n = p.n
    r = rng.random()
    if n >= 3 and r < 0.2:
        n -= 1
        kinds.append("missing_name")
    elif n == 2 and r < 0.05:
        n = 3
        kinds.append("extra_name")
    names = shown_names(prof, p.chain, n)
    # A Libyan clerk writes a non-Arab person's name in Arabic only.
    if mode == "latin" and prof["script"] != "arabic" and all(arabic_forms(k) for k in names):
        if rng.random() < (0.10 if prof["nat"] == "TCD" else 0.03):
            mode = "arabic"
            if any(E(k).get("transcribed") for k in names):
                kinds.append("transcribed")
    had = {"both": {"o", "l"}, "arabic": {"o"}, "latin": {"l"}, "geez": {"o", "l"}}
    if not (had[mode] & had[p.mode]) or (mode == "arabic" and p.mode == "geez"):
        kinds.append("cross_script")
    family_first = rng.random() < 0.08 and len(names) > 1 and mode != "arabic"
    if family_first:
        kinds.append("swapped")
    typo_at = rng.randrange(len(names)) if rng.random() < 0.10 and mode != "arabic" else None
    arabic_typo_at = rng.randrange(len(names)) if rng.random() < 0.06 and mode in ("both", "arabic") else None
    upper = rng.random() < 0.08
    original, latin, _ = render(rng, prof, names, mode, upper=upper, family_first=family_first, typo_at=typo_at,
                                arabic_typo_at=arabic_typo_at, diacritic=rng.random() < 0.03)
    if typo_at is not None:
        kinds.append("typo")
    if arabic_typo_at is not None:
        kinds.append("arabic_typo")
    if latin and p.latin and latin.lower() != p.latin.lower() and not family_first and typo_at is None and n == p.n:
        kinds.append("spelling")
    # Birth year.
    est = p.est if rng.random() < 0.8 else 1 - p.est
    if p.est or est:
        delta = Pick([0, 1, 2], [45, 35, 20])(rng) * (1 if rng.random() < 0.5 else -1)
    else:
        delta = 0 if rng.random() < 0.95 else (1 if rng.random() < 0.5 else -1)
    year = "" if rng.random() < 0.02 else p.year + delta
    if delta and year != "":
        kinds.append(f"year_off_{abs(delta)}")
    # Nationality, sex.
    r = rng.random()
    nat = prof["nat"]
    if r < 0.10:
        nat = "undetermined"
        kinds.append("nat_undetermined")
    elif r < 0.14:
        nat = rng.choice(NEIGHBOURS[prof["nat"]])
        kinds.append("nat_other")
    sex = "" if rng.random() < 0.03 else ("male" if p.sex == "M" else "female")
    return (original or "", latin or "", sex, year, est, nat), "dup:" + ("+".join(kinds) or "same")


def new_person_like(rng, ref, ref_year):
    """Someone not in the population whose name is deliberately close to ref's."""
    prof = ref.prof
    sex = ref.sex
    r = rng.random()
    chain = list(ref.chain)
    if r < 0.45:
        kind = "same_given"
        other = build_chain(rng, prof, sex, given=chain[0])
        for _ in range(10):
            if E(other[1])["key"] != E(chain[1])["key"]:
                break
            other = build_chain(rng, prof, sex, given=chain[0])
        chain = other
    elif r < 0.70:
        kind = "sibling"
        sex = sex if rng.random() < 0.6 else ("F" if sex == "M" else "M")
        for _ in range(10):
            g = prof["pick_m"](rng) if sex == "M" else prof["pick_f"](rng)
            if E(g)["key"] != E(ref.chain[0])["key"]:
                break
        if prof["system"] == "bgd" and ref.sex == "M":
            chain = (["mohamed", g, chain[2]] if sex == "M" else [g, prof["pick_f"](rng), chain[2]])
        else:
            chain[0] = g
    elif r < 0.90:
        kind = "cousin"  # same given and second name, another third name
        third = build_chain(rng, prof, sex)
        for _ in range(10):
            if E(third[2])["key"] != E(chain[2])["key"] and E(third[2])["key"] != E(chain[1])["key"]:
                break
            third = build_chain(rng, prof, sex)
        chain[2] = third[2]
        if len(chain) > 3:
            chain[3] = third[3]
    else:
        kind = "confusable"
        g0 = chain[0] if prof["system"] != "bgd" or ref.sex != "M" else chain[1]
        alts = sorted(CONFUSABLE_OF.get(E(g0)["key"], ()))
        alts = [a for a in alts if E(a)["sex"] in (sex, "X")]
        if not alts:
            kind = "same_given"
            chain = build_chain(rng, prof, sex, given=chain[0])
        elif prof["system"] == "bgd" and ref.sex == "M":
            chain[1] = rng.choice(alts)
        else:
            chain[0] = rng.choice(alts)
    n = prof["pick_n"](rng)
    names = shown_names(prof, chain, n)
    mode = script_mode(rng, prof)
    original, latin, _ = render(rng, prof, names, mode, upper=rng.random() < 0.08, diacritic=rng.random() < 0.03)
    if kind == "sibling":
        year, est = ref.year + rng.choice([-1, 1]) * rng.randint(1, 12), 1 if rng.random() < 0.6 else 0
    elif rng.random() < 0.5:
        year, est = ref.year + rng.randint(-3, 3), 1
    else:
        year, est = birth(rng, adult_age(rng), ref_year)
    nat = "undetermined" if rng.random() < 0.10 else prof["nat"]
    sex_s = "" if rng.random() < 0.03 else ("male" if sex == "M" else "female")
    return (original or "", latin or "", sex_s, year, est, nat), "new:" + kind


# =============================================================================================
def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=1_000_000, help="people in the population (default 1,000,000)")
    ap.add_argument("--queries", type=int, default=1000, help="queries (default 1000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--out", required=True, help="output directory (created)")
    ap.add_argument("--duplicate-share", type=float, default=0.7, help="share of queries that are re-registrations (0.7)")
    ap.add_argument("--ref-year", type=int, default=2025, help="year ages are counted from (2025; fixed for determinism)")
    args = ap.parse_args(argv)
    if args.count < 1 or args.queries < 0:
        ap.error("--count must be >= 1 and --queries >= 0")
    n_dup = round(args.queries * args.duplicate_share)
    n_new = args.queries - n_dup
    if n_dup + n_new > args.count:
        ap.error("--queries cannot exceed --count")
    os.makedirs(args.out, exist_ok=True)
    t0 = time.perf_counter()

    # The population depends on the seed only; the queries on the seed and their number.
    rng_q = random.Random(args.seed * 1_000_003 + 7)
    picked = rng_q.sample(range(1, args.count + 1), n_dup + n_new)
    dup_ids, ref_ids = picked[:n_dup], picked[n_dup:]
    keep = set(picked)
    kept = {}

    rng = random.Random(args.seed)
    pop_path = os.path.join(args.out, "population.csv")
    stats = dict(minors=0, in_family=0, families=set(), original=0, latin=0, both=0, nationality={}, estimated=0,
                 male=0)
    with open(pop_path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "name_original", "name_latin", "sex", "birth_year", "birth_estimated", "nationality", "family_id"])
        buf = []
        nat_counts = stats["nationality"]
        for row, p in population(rng, args.count, args.ref_year, keep):
            buf.append(row)
            if p is not None:
                kept[p.pid] = p
            if args.ref_year - row[4] < 18:
                stats["minors"] += 1
            if row[7]:
                stats["in_family"] += 1
            if row[1]:
                stats["original"] += 1
                if row[2]:
                    stats["both"] += 1
            if row[2]:
                stats["latin"] += 1
            if row[5]:
                stats["estimated"] += 1
            if row[3] == "male":
                stats["male"] += 1
            nat_counts[row[6]] = nat_counts.get(row[6], 0) + 1
            if len(buf) >= 50_000:
                w.writerows(buf)
                buf.clear()
        w.writerows(buf)
    t_pop = time.perf_counter() - t0

    rows = []
    for pid in dup_ids:
        q, kind = reregistration(rng_q, kept[pid])
        rows.append((q, str(pid), kind))
    for pid in ref_ids:
        q, kind = new_person_like(rng_q, kept[pid], args.ref_year)
        rows.append((q, "", kind))
    rng_q.shuffle(rows)
    q_path = os.path.join(args.out, "queries.csv")
    k_path = os.path.join(args.out, "query-kinds.csv")
    with open(q_path, "w", newline="", encoding="utf-8") as f, open(k_path, "w", newline="", encoding="utf-8") as fk:
        w = csv.writer(f, lineterminator="\n")
        wk = csv.writer(fk, lineterminator="\n")
        w.writerow(["query_id", "name_original", "name_latin", "sex", "birth_year", "birth_estimated", "nationality", "true_id"])
        wk.writerow(["query_id", "kind"])
        for i, (q, true_id, kind) in enumerate(rows, start=1):
            w.writerow([i, *q, true_id])
            wk.writerow([i, kind])
    elapsed = time.perf_counter() - t0

    n = args.count
    manifest = {
        "generator": "bench/generate_population.py", "version": GENERATOR_VERSION,
        "args": {"count": n, "queries": args.queries, "seed": args.seed, "duplicate_share": args.duplicate_share,
                 "ref_year": args.ref_year},
        "files": {"population.csv": sha256_of(pop_path), "queries.csv": sha256_of(q_path)},
        "population": {
            "rows": n, "minors_share": round(stats["minors"] / n, 4), "in_family_share": round(stats["in_family"] / n, 4),
            "male_share": round(stats["male"] / n, 4), "birth_estimated_share": round(stats["estimated"] / n, 4),
            "name_original_share": round(stats["original"] / n, 4), "name_latin_share": round(stats["latin"] / n, 4),
            "both_names_share": round(stats["both"] / n, 4),
            "nationality": {k: round(v / n, 4) for k, v in sorted(stats["nationality"].items(), key=lambda kv: -kv[1])},
        },
        "queries": {"rows": args.queries, "duplicates": n_dup, "new_people": n_new},
        "seconds": {"population": round(t_pop, 2), "total": round(elapsed, 2)},
    }
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(f"{n} people -> {pop_path} ({t_pop:.1f} s); {args.queries} queries ({n_dup} re-registrations, "
          f"{n_new} new people) -> {q_path}; {elapsed:.1f} s in all", file=sys.stderr)


if __name__ == "__main__":
    main()
