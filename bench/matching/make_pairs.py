#!/usr/bin/env python3
"""Generate bench/data/name-pairs.csv: labelled pairs of registrations for duplicate detection.

Deterministic (seeded). The names are common given names and family names of the caseload
in Libya (Egypt, Sudan, Chad, Niger, Nigeria, Eritrea, Ghana, Mali, Bangladesh, Syria,
Morocco) with the spelling variants clerks really use, in Arabic, Latin and Ge'ez script.
They are combined at random: no entry is a real person's identity.

Positives (same person, ~55%): another registration with other spellings, the other script,
the grandfather's name missing, the family name written first, an estimated age off by up to
two years (a few by three), nationality recorded differently, sex missing, a clerk's typo.

Negatives (~45%): different people with the same common given name; siblings (same father
and grandfather); confusable given names (Ahmed/Hamid/Mahmoud, Salah/Saleh, Omar/Amer, ...);
the same name but an age far apart or the other sex; father and son.

Usage: python3 bench/matching/make_pairs.py [--out bench/data/name-pairs.csv]
Also writes bench/matching/pair-kinds.csv (id, kind) for error analysis.
"""
import argparse
import csv
import os
import random

SEED = 20260529

# ---------------------------------------------------------------------------------------------
# Lexicon. Each entry: key -> (sex, [Arabic spellings], [Latin spellings], {region: [extra Latin]})
# sex: "M", "F" or "X" (used as father/family name only). The first Arabic spelling is standard;
# the others are common variants (without hamza, ه for ة, ي for ى, joined compounds).
# ---------------------------------------------------------------------------------------------
A = {}


def entry(key, sex, arabic, latin, regional=None, geez=None):
    A[key] = dict(key=key, sex=sex, arabic=arabic, latin=latin, regional=regional or {}, geez=geez)


# Arabic-origin male names.
entry("mohamed", "M", ["محمد"], ["Mohamed", "Mohammed", "Muhammad", "Mohamad", "Mohammad", "Muhammed", "Mouhamed"],
      {"TCD": ["Mahamat"], "BGD": ["Md", "Mohammad", "Md."], "SDN": ["Mohamed", "Mohammed"]})
entry("ahmed", "M", ["أحمد", "احمد"], ["Ahmed", "Ahmad", "Ahmmed"], {"TCD": ["Ahmat"]})
entry("mahmoud", "M", ["محمود"], ["Mahmoud", "Mahmud", "Mahmood", "Mahamoud"])
entry("hamid", "M", ["حامد"], ["Hamid", "Hamed", "Haamid"])
entry("hamad", "M", ["حمد"], ["Hamad"])
entry("ali", "M", ["علي", "على"], ["Ali", "Aly"])
entry("omar", "M", ["عمر"], ["Omar", "Umar", "Omer"], {"NER": ["Oumar", "Oumarou"], "TCD": ["Oumar"], "MLI": ["Oumar"]})
entry("amer", "M", ["عامر"], ["Amer", "Aamer", "Ameur"])
entry("ammar", "M", ["عمار"], ["Ammar", "Amar"])
entry("othman", "M", ["عثمان"], ["Othman", "Osman", "Usman", "Ousmane", "Uthman", "Otmane"])
entry("ibrahim", "M", ["إبراهيم", "ابراهيم"], ["Ibrahim", "Ebrahim", "Brahim", "Ibraheem"],
      {"NER": ["Ibrahima", "Ibrahim"], "MLI": ["Ibrahima"]})
entry("yusuf", "M", ["يوسف"], ["Youssef", "Yousef", "Yusuf", "Yousif", "Yusef", "Yousuf"], {"NER": ["Youssouf"], "TCD": ["Youssouf"]})
entry("musa", "M", ["موسى", "موسي"], ["Moussa", "Musa", "Mousa", "Mussa"])
entry("issa", "M", ["عيسى", "عيسي"], ["Issa", "Isa", "Eissa", "Aissa"])
entry("adam", "M", ["آدم", "ادم"], ["Adam", "Adem", "Aadam"], {"NER": ["Adamou"]})
entry("hamza", "M", ["حمزة", "حمزه"], ["Hamza", "Hamzah"])
entry("saleh", "M", ["صالح"], ["Saleh", "Salih", "Saaleh"])
entry("salah", "M", ["صلاح"], ["Salah", "Salaah"])
entry("hassan", "M", ["حسن"], ["Hassan", "Hasan"], {"NER": ["Hassane"], "TCD": ["Hassane"], "DZA": ["Hacen"]})
entry("hussein", "M", ["حسين"], ["Hussein", "Hussain", "Hossein", "Houssein", "Husein", "Hussien"],
      {"BGD": ["Hossain", "Hossen"], "MAR": ["Houcine"]})
entry("abdelrahman", "M", ["عبد الرحمن", "عبدالرحمن", "عبد الرحمان"],
      ["Abderrahmane", "Abdelrahman", "Abdulrahman", "Abdurrahman", "Abdel Rahman", "Abdul Rahman", "Abd al-Rahman",
       "Abdel-Rahman", "Abdelrahmane"], {"NER": ["Abdourahamane", "Abdourahmane"], "SOM": ["Abdirahman"]})
entry("abdallah", "M", ["عبد الله", "عبدالله"], ["Abdallah", "Abdullah", "Abdalla", "Abdellah", "Abd Allah"],
      {"NER": ["Abdoulaye", "Abdoullahi"], "NGA": ["Abdullahi"], "MLI": ["Abdoulaye"]})
entry("abdelkader", "M", ["عبد القادر", "عبدالقادر"],
      ["Abdelkader", "Abdulkadir", "Abdelqader", "Abdul Kadir", "Abdel Kader", "Abdulqadir"], {"SDN": ["Abdelgadir"], "NER": ["Abdoulkader"]})
entry("abdelaziz", "M", ["عبد العزيز", "عبدالعزيز"], ["Abdelaziz", "Abdulaziz", "Abdul Aziz", "Abdel Aziz", "Abdoulaziz"])
entry("abdelkarim", "M", ["عبد الكريم", "عبدالكريم"], ["Abdelkarim", "Abdulkarim", "Abdul Karim", "Abdelkrim"],
      {"TCD": ["Abdelkerim"], "NER": ["Abdoulkarim"]})
entry("abubakar", "M", ["أبو بكر", "ابوبكر", "أبوبكر"], ["Abubakar", "Aboubakar", "Abu Bakr", "Abou Bakr", "Abubakr"],
      {"NER": ["Boubacar", "Aboubacar"], "MLI": ["Boubacar"], "NGA": ["Abubakar"]})
entry("idris", "M", ["إدريس", "ادريس"], ["Idris", "Idriss", "Edris", "Idrees"], {"MAR": ["Driss"], "TCD": ["Idriss"]})
entry("yahya", "M", ["يحيى", "يحيي"], ["Yahya", "Yahia", "Yehia"], {"NGA": ["Yahaya"], "NER": ["Yahaya"]})
entry("jibril", "M", ["جبريل"], ["Jibril", "Djibril", "Gibril"], {"TCD": ["Djibrine"], "NGA": ["Jibrin"]})
entry("haroun", "M", ["هارون"], ["Haroun", "Harun", "Haroon"], {"NER": ["Harouna"], "NGA": ["Haruna"]})
entry("khalil", "M", ["خليل"], ["Khalil", "Khaleel", "Kalil"])
entry("khaled", "M", ["خالد"], ["Khaled", "Khalid", "Khaalid"])
entry("said", "M", ["سعيد"], ["Said", "Saeed", "Saïd", "Saied"])
entry("saad", "M", ["سعد"], ["Saad", "Saâd", "Sa'ad"])
entry("ismail", "M", ["إسماعيل", "اسماعيل"], ["Ismail", "Ismael", "Ismaïl", "Esmail"], {"MAR": ["Smail"], "NER": ["Ismaila"]})
entry("ishaq", "M", ["إسحاق", "اسحاق"], ["Ishaq", "Ishak", "Is'haq", "Ishaaq"])
entry("tarek", "M", ["طارق"], ["Tarek", "Tariq", "Tarik", "Tareq"])
entry("karim", "M", ["كريم"], ["Karim", "Kareem", "Kerim"])
entry("jamal", "M", ["جمال"], ["Jamal", "Jamel"], {"EGY": ["Gamal"], "DZA": ["Djamel"]})
entry("jamil", "M", ["جميل"], ["Jamil", "Jameel"], {"EGY": ["Gamil"], "DZA": ["Djamil"]})
entry("kamal", "M", ["كمال"], ["Kamal", "Kamel"])
entry("mustafa", "M", ["مصطفى", "مصطفي"], ["Mustafa", "Mostafa", "Moustapha", "Mustapha", "Moustafa"])
entry("ramadan", "M", ["رمضان"], ["Ramadan", "Ramadane", "Ramdane"])
entry("bashir", "M", ["بشير"], ["Bashir", "Bachir", "Beshir", "Basheer"])
entry("noureddine", "M", ["نور الدين", "نورالدين"], ["Noureddine", "Nour Eddine", "Nureddin", "Nour al-Din", "Nuruddin", "Nourredine"])
entry("salaheddine", "M", ["صلاح الدين"], ["Salaheddine", "Salah Eddine", "Salahuddin", "Salah al-Din", "Salahedine"])
entry("faisal", "M", ["فيصل"], ["Faisal", "Faysal", "Fayssal", "Fayçal"])
entry("mansour", "M", ["منصور"], ["Mansour", "Mansur", "Mansoor"])
entry("qasim", "M", ["قاسم"], ["Qasim", "Kassim", "Qassem", "Kassem"], {"SDN": ["Gasim"], "DZA": ["Kacem"]})
entry("jafar", "M", ["جعفر"], ["Jafar", "Jaafar", "Jaffar"], {"EGY": ["Gaafar"], "SDN": ["Gaafar"]})
entry("hossam", "M", ["حسام"], ["Hossam", "Husam", "Houssam", "Hussam"])
entry("walid", "M", ["وليد"], ["Walid", "Waleed", "Oualid"])
entry("mokhtar", "M", ["مختار"], ["Mokhtar", "Mukhtar", "Mouktar"], {"NER": ["Moctar"], "MLI": ["Moctar"]})
entry("amin", "M", ["أمين", "امين"], ["Amin", "Amine", "Ameen"], {"NGA": ["Aminu"]})
entry("elamin", "M", ["الأمين", "الامين"], ["Elamin", "El Amin", "Al-Amin", "Alamin"], {"NER": ["Lamine"], "MLI": ["Lamine"]})
entry("ilyas", "M", ["إلياس", "الياس"], ["Elias", "Ilyas", "Ilias"], {"NGA": ["Iliyasu"]})
entry("zakaria", "M", ["زكريا"], ["Zakaria", "Zakariya", "Zakariyya"], {"NER": ["Zakari"]})
entry("suleiman", "M", ["سليمان"], ["Suleiman", "Sulaiman", "Souleymane", "Sulayman", "Souleiman", "Suleman"],
      {"DZA": ["Slimane"], "NGA": ["Sulaiman"]})
entry("daoud", "M", ["داود", "داوود"], ["Daoud", "Dawud", "Dawood", "Daud"], {"NER": ["Daouda"], "NGA": ["Dauda"]})
entry("salim", "M", ["سليم"], ["Salim", "Selim", "Saleem"])
entry("salem", "M", ["سالم"], ["Salem", "Saalem"])
entry("yassin", "M", ["ياسين"], ["Yassin", "Yacine", "Yasin", "Yassine", "Yaseen"])
entry("nasser", "M", ["ناصر"], ["Nasser", "Nasir", "Naser", "Nacer"], {"NGA": ["Nasiru"]})
entry("yasser", "M", ["ياسر"], ["Yasser", "Yasir", "Yaser"])
entry("malik", "M", ["مالك"], ["Malik", "Malek"], {"SEN": ["Malick"]})
entry("rashid", "M", ["رشيد"], ["Rachid", "Rashid", "Rasheed"])
entry("rashed", "M", ["راشد"], ["Rashed", "Rached", "Raashid"])
entry("samir", "M", ["سمير"], ["Samir", "Sameer"])
entry("amir", "M", ["أمير", "امير"], ["Amir", "Ameer", "Emir"])
entry("hani", "M", ["هاني"], ["Hani", "Hany"])
entry("magdi", "M", ["مجدي"], ["Magdi", "Magdy", "Majdi"])
entry("hamdi", "M", ["حمدي"], ["Hamdi", "Hamdy"])
entry("adel", "M", ["عادل"], ["Adel", "Adil", "Aadel"])
entry("sayed", "X", ["السيد", "سيد"], ["Elsayed", "El Sayed", "Sayed", "Sayyid", "El-Sayed"])
entry("babiker", "X", ["بابكر"], ["Babiker", "Babikir", "Babeker"])
entry("awad", "X", ["عوض"], ["Awad", "Awadh", "Aouad"])
entry("eltayeb", "X", ["الطيب"], ["Eltayeb", "El Tayeb", "Tayeb", "Al-Tayyib", "Altayeb"])
entry("elsadig", "X", ["الصادق"], ["Elsadig", "El Sadig", "Sadiq", "Al-Sadiq", "Elsadiq"], {"MAR": ["Essadek", "Sadek"], "NGA": ["Sadiq"]})
entry("tahir", "X", ["الطاهر", "طاهر"], ["Tahir", "Taher", "Eltahir", "El Taher"], {"MAR": ["Tahar", "Ettaher"]})
entry("yaqub", "M", ["يعقوب"], ["Yacoub", "Yaqub", "Yakoub", "Yaakoub"], {"NGA": ["Yakubu"], "TCD": ["Yacoub"]})
entry("abakar", "M", ["أبكر", "ابكر"], ["Abakar", "Abbakar"])
entry("mahdi", "M", ["مهدي", "المهدي"], ["Mahdi", "Mehdi", "Elmahdi", "El Mahdi"])
entry("fadil", "M", ["فاضل", "الفاضل"], ["Fadil", "Fadel", "Fadhel", "Elfadil"])
entry("ashraf", "M", ["أشرف", "اشرف"], ["Ashraf", "Achraf"])
entry("ragab", "M", ["رجب"], ["Ragab", "Rajab"])
entry("shaaban", "M", ["شعبان"], ["Shaaban", "Chaabane", "Shaban", "Chaaban"])
entry("hisham", "M", ["هشام"], ["Hisham", "Hicham", "Hesham"])
entry("anwar", "M", ["أنور", "انور"], ["Anwar", "Anouar"])
entry("fathi", "M", ["فتحي"], ["Fathi", "Fathy", "Fethi"])
entry("bilal", "M", ["بلال"], ["Bilal", "Bilel", "Belal"])
entry("murad", "M", ["مراد"], ["Mourad", "Murad"])
entry("nabil", "M", ["نبيل"], ["Nabil", "Nabeel"])
entry("ayoub", "M", ["أيوب", "ايوب"], ["Ayoub", "Ayub", "Ayoob"])
entry("habib", "M", ["حبيب"], ["Habib", "Habeeb"])
entry("aziz", "M", ["عزيز"], ["Aziz", "Azeez"])
entry("kabir", "M", ["كبير"], ["Kabir", "Kabeer"], {"NGA": ["Kabiru"]})
entry("lawal", "X", [], ["Lawal", "Lawan"])
entry("siddiq", "M", ["صديق"], ["Siddig", "Siddiq", "Seddik"])

# Arabic-origin female names.
entry("fatima", "F", ["فاطمة", "فاطمه"], ["Fatima", "Fatma", "Fatimah", "Fatuma"], {"NER": ["Fatouma"], "MLI": ["Fatoumata"], "TCD": ["Fatime"]})
entry("aisha", "F", ["عائشة", "عائشه", "عايشة"], ["Aisha", "Aicha", "Aïcha", "Ayesha", "Aysha", "Aishah"], {"NER": ["Aichatou"]})
entry("khadija", "F", ["خديجة", "خديجه"], ["Khadija", "Khadidja", "Kadidja", "Khadeeja", "Kadija"])
entry("mariam", "F", ["مريم"], ["Mariam", "Maryam", "Meriem", "Myriam"], {"NER": ["Mariama"], "MLI": ["Mariam"]})
entry("amina", "F", ["أمينة", "امينة", "امينه"], ["Amina", "Aminah", "Ameena"])
entry("zainab", "F", ["زينب"], ["Zainab", "Zeinab", "Zaynab", "Zenab"], {"NER": ["Zeinabou"]})
entry("halima", "F", ["حليمة", "حليمه"], ["Halima", "Halimah", "Haleema"], {"NER": ["Halimatou"]})
entry("hawa", "F", ["حواء", "حوا"], ["Hawa", "Hawwa"], {"NER": ["Haoua"], "NGA": ["Hauwa"]})
entry("salma", "F", ["سلمى"], ["Salma", "Selma", "Salmah"])
entry("leila", "F", ["ليلى", "ليلي"], ["Leila", "Layla", "Laila", "Leïla"])
entry("nour", "F", ["نور"], ["Nour", "Noor", "Nur"])
entry("souad", "F", ["سعاد"], ["Souad", "Suad", "Soad"])
entry("ruqayya", "F", ["رقية", "رقيه"], ["Ruqayya", "Roukaya", "Rukiya", "Rokia"], {"NER": ["Rakia"]})
entry("safia", "F", ["صفية"], ["Safia", "Safiya", "Saphia"], {"NER": ["Safiatou"]})
entry("jamila", "F", ["جميلة"], ["Jamila", "Jameela"], {"DZA": ["Djamila"], "EGY": ["Gamila"]})
entry("karima", "F", ["كريمة"], ["Karima", "Kareema"])
entry("sara", "F", ["سارة", "ساره"], ["Sara", "Sarah"])
entry("hajar", "F", ["هاجر"], ["Hajar", "Hadjar", "Hajer"], {"EGY": ["Hagar"]})
entry("asma", "F", ["أسماء", "اسماء"], ["Asma", "Asmaa", "Asmae"])
entry("nafissa", "F", ["نفيسة"], ["Nafissa", "Nafisa", "Nefissa"])
entry("rahma", "F", ["رحمة"], ["Rahma", "Rahmah"])
entry("zahra", "F", ["زهرة"], ["Zahra", "Zohra", "Zahara"])
entry("samira", "F", ["سميرة"], ["Samira", "Sameera"])
entry("alia", "F", ["عالية"], ["Alia", "Aliya", "Aaliyah"])
entry("fathia", "F", ["فتحية"], ["Fathia", "Fathiya", "Fethia"])
entry("bushra", "F", ["بشرى"], ["Bushra", "Bouchra", "Boushra"])
entry("noura", "F", ["نورة", "نورا"], ["Noura", "Nora", "Nourah"])
entry("zeina", "F", ["زينة"], ["Zeina", "Zaina", "Zina"])
entry("mona", "F", ["منى"], ["Mona", "Muna", "Mouna"])
entry("huda", "F", ["هدى"], ["Huda", "Hoda", "Houda"])
entry("iman", "F", ["إيمان", "ايمان"], ["Iman", "Imane", "Eman"])

# Latin-only names (with the variants clerks write). Sahel (Niger, Mali), Nigeria, Ghana, Bangladesh.
def latin(key, sex, variants):
    entry(key, sex, [], variants)


for k, s, v in [
    ("issoufou", "M", ["Issoufou", "Issouf", "Issoufou"]), ("hamidou", "M", ["Hamidou", "Hamidu"]),
    ("mamane", "M", ["Mamane", "Maman"]), ("salissou", "M", ["Salissou", "Salissu"]), ("abdou", "M", ["Abdou", "Abdu"]),
    ("seydou", "M", ["Seydou", "Seidou", "Saidou"]), ("amadou", "M", ["Amadou", "Ahmadou", "Amadu"]),
    ("mahamadou", "M", ["Mahamadou", "Mahamadu"]), ("idrissa", "M", ["Idrissa", "Idrisa"]),
    ("illiassou", "M", ["Illiassou", "Illiasou"]), ("garba", "M", ["Garba"]), ("sani", "M", ["Sani", "Sanni"]),
    ("bello", "M", ["Bello", "Belo"]), ("danjuma", "M", ["Danjuma", "Dan Juma"]), ("tanko", "M", ["Tanko"]),
    ("hadiza", "F", ["Hadiza", "Hadizatou", "Adiza"]), ("zalika", "F", ["Zalika", "Zalikatou"]),
    ("balkissa", "F", ["Balkissa", "Balkisa"]), ("ramatou", "F", ["Ramatou", "Ramatu"]),
    ("salamatou", "F", ["Salamatou", "Salamatu"]), ("hassia", "F", ["Hassia", "Hassiya"]),
    ("aminata", "F", ["Aminata", "Aminatou"]), ("kadiatou", "F", ["Kadiatou", "Kadiatu"]), ("awa", "F", ["Awa", "Awaa"]),
    ("oumou", "F", ["Oumou", "Umu"]), ("djeneba", "F", ["Djeneba", "Djénéba", "Jeneba"]),
    ("assetou", "F", ["Assetou", "Assetu"]), ("mamadou", "M", ["Mamadou", "Mamadu"]), ("sekou", "M", ["Sekou", "Sékou", "Sekuba"]),
    ("bakary", "M", ["Bakary", "Bakari"]), ("modibo", "M", ["Modibo"]), ("drissa", "M", ["Drissa", "Drisa"]),
    ("adama", "M", ["Adama"]), ("aliyu", "M", ["Aliyu", "Aliu"]),
    # Mali family names
    ("traore", "X", ["Traoré", "Traore", "Traoure"]), ("keita", "X", ["Keïta", "Keita"]), ("coulibaly", "X", ["Coulibaly", "Kulibali", "Koulibaly"]),
    ("diarra", "X", ["Diarra", "Diara"]), ("toure", "X", ["Touré", "Toure"]), ("cisse", "X", ["Cissé", "Cisse"]),
    ("sangare", "X", ["Sangaré", "Sangare"]), ("konate", "X", ["Konaté", "Konate"]), ("diallo", "X", ["Diallo", "Dialo"]),
    ("sidibe", "X", ["Sidibé", "Sidibe"]), ("maiga", "X", ["Maïga", "Maiga"]), ("dembele", "X", ["Dembélé", "Dembele"]),
    ("camara", "X", ["Camara", "Kamara"]),
    # Niger family/father names
    ("hamani", "X", ["Hamani"]), ("seyni", "X", ["Seyni", "Seini"]), ("alio", "X", ["Alio", "Aliou"]),
    # Nigeria (south)
    ("chukwuemeka", "M", ["Chukwuemeka", "Chukwu Emeka", "Chukuemeka"]), ("emeka", "M", ["Emeka"]),
    ("chinedu", "M", ["Chinedu", "Chinedum"]), ("obinna", "M", ["Obinna", "Obina"]), ("ifeanyi", "M", ["Ifeanyi", "Ifeanyin"]),
    ("nnamdi", "M", ["Nnamdi", "Namdi"]), ("kelechi", "M", ["Kelechi", "Kelechie"]), ("babatunde", "M", ["Babatunde", "Baba Tunde"]),
    ("adebayo", "M", ["Adebayo", "Adebayor"]), ("oluwaseun", "M", ["Oluwaseun", "Oluwasheun", "Oluseun"]),
    ("segun", "M", ["Segun", "Shegun"]), ("femi", "M", ["Femi", "Phemi"]), ("godwin", "M", ["Godwin", "Godwim"]),
    ("samuel", "M", ["Samuel", "Samwel"]), ("daniel", "M", ["Daniel", "Danial"]), ("emmanuel", "M", ["Emmanuel", "Emanuel", "Immanuel"]),
    ("victor", "M", ["Victor", "Viktor"]), ("john", "M", ["John", "Jhon"]), ("peter", "M", ["Peter", "Piter"]),
    ("joseph", "M", ["Joseph", "Josef"]), ("sunday", "M", ["Sunday", "Sundae"]), ("friday", "M", ["Friday"]),
    ("osagie", "M", ["Osagie", "Osaghie"]), ("osaro", "M", ["Osaro", "Osarho"]),
    ("chiamaka", "F", ["Chiamaka", "Chiamaka"]), ("ngozi", "F", ["Ngozi", "Ngozie"]), ("adaeze", "F", ["Adaeze", "Adaize"]),
    ("blessing", "F", ["Blessing", "Blessin"]), ("precious", "F", ["Precious", "Precios"]), ("peace", "F", ["Peace"]),
    ("joy", "F", ["Joy"]), ("favour", "F", ["Favour", "Favor"]), ("esther", "F", ["Esther", "Ester"]),
    ("grace", "F", ["Grace"]), ("mercy", "F", ["Mercy", "Mercie"]), ("funmilayo", "F", ["Funmilayo", "Funmilayo"]),
    ("osarugue", "F", ["Osarugue", "Osaruwe"]), ("efe", "F", ["Efe"]),
    ("okafor", "X", ["Okafor", "Okaffor"]), ("okonkwo", "X", ["Okonkwo", "Okonkow"]), ("eze", "X", ["Eze"]),
    ("nwosu", "X", ["Nwosu", "Nwossu"]), ("okeke", "X", ["Okeke"]), ("obi", "X", ["Obi"]), ("adeyemi", "X", ["Adeyemi", "Adeyemmi"]),
    ("adeleke", "X", ["Adeleke"]), ("ogunleye", "X", ["Ogunleye", "Ogunlaye"]), ("balogun", "X", ["Balogun"]),
    ("ojo", "X", ["Ojo"]), ("bassey", "X", ["Bassey", "Basey"]), ("akpan", "X", ["Akpan"]), ("etim", "X", ["Etim"]),
    ("igbinedion", "X", ["Igbinedion", "Igbinidion"]), ("omoregie", "X", ["Omoregie", "Omoreghie"]), ("ogbonna", "X", ["Ogbonna", "Ogbona"]),
    ("nwachukwu", "X", ["Nwachukwu", "Nwachukwuh"]), ("uzor", "X", ["Uzor", "Uzoh"]),
    # Ghana (Akan)
    ("kwame", "M", ["Kwame", "Kwamé"]), ("kofi", "M", ["Kofi"]), ("kwabena", "M", ["Kwabena", "Kwabina"]),
    ("yaw", "M", ["Yaw", "Yao"]), ("kojo", "M", ["Kojo", "Kodjo"]), ("kwaku", "M", ["Kwaku", "Kweku"]), ("kwasi", "M", ["Kwasi", "Kwesi"]),
    ("ama", "F", ["Ama", "Amma"]), ("akua", "F", ["Akua", "Akuah"]), ("abena", "F", ["Abena", "Abenah"]),
    ("adwoa", "F", ["Adwoa", "Adjoa"]), ("efua", "F", ["Efua", "Efuah"]), ("afia", "F", ["Afia", "Afua"]),
    ("mensah", "X", ["Mensah", "Mensa"]), ("owusu", "X", ["Owusu"]), ("boateng", "X", ["Boateng", "Boatng"]),
    ("asante", "X", ["Asante", "Asanti"]), ("appiah", "X", ["Appiah", "Apiah"]), ("osei", "X", ["Osei", "Osey"]),
    ("agyeman", "X", ["Agyeman", "Agyemang"]), ("addo", "X", ["Addo", "Ado"]), ("amoah", "X", ["Amoah", "Amoa"]),
    ("darko", "X", ["Darko", "Darkoh"]), ("ofori", "X", ["Ofori", "Offori"]),
    # Bangladesh
    ("rakibul", "M", ["Rakibul", "Rakib"]), ("shafiqul", "M", ["Shafiqul", "Shafikul"]), ("aminul", "M", ["Aminul"]),
    ("rafiqul", "M", ["Rafiqul", "Rafikul"]), ("saiful", "M", ["Saiful", "Shaiful"]), ("jahangir", "M", ["Jahangir", "Jahangeer"]),
    ("sohel", "M", ["Sohel", "Sohail"]), ("rubel", "M", ["Rubel"]), ("kamrul", "M", ["Kamrul", "Kamrul"]),
    ("nazrul", "M", ["Nazrul"]), ("masud", "M", ["Masud", "Masood", "Mashud"]), ("shahin", "M", ["Shahin", "Shaheen"]),
    ("alamgir", "M", ["Alamgir", "Alamgeer"]),
    ("nasiruddin", "M", ["Nasir Uddin", "Nasiruddin", "Nashir Uddin"]), ("jasimuddin", "M", ["Jasim Uddin", "Jashim Uddin", "Jasimuddin"]),
    ("kamaluddin", "M", ["Kamal Uddin", "Kamaluddin", "Kamal Uddeen"]),
    ("islam", "X", ["Islam", "Eslam"]), ("rahman", "X", ["Rahman", "Rahaman"]),
    ("miah", "X", ["Miah", "Mia", "Miya"]), ("alam", "X", ["Alam"]), ("sarkar", "X", ["Sarkar", "Sarker"]),
    ("chowdhury", "X", ["Chowdhury", "Choudhury", "Chowdhuri"]),
]:
    latin(k, s, v)

# Eritrea (Tigrinya): Latin variants and the Ge'ez spelling.
for k, s, v, g in [
    ("tesfay", "M", ["Tesfay", "Tesfaye", "Tesfai"], "ተስፋይ"), ("haile", "M", ["Haile", "Hailé", "Hayle"], "ሃይለ"),
    ("yohannes", "M", ["Yohannes", "Yohanes", "Yohannis"], "ዮሃንስ"), ("dawit", "M", ["Dawit", "Dawitt"], "ዳዊት"),
    ("mehari", "M", ["Mehari", "Mehary"], "መሓሪ"), ("berhane", "M", ["Berhane", "Birhane", "Berhan"], "ብርሃነ"),
    ("kidane", "M", ["Kidane", "Kidan"], "ኪዳነ"), ("tekle", "M", ["Tekle", "Teklay", "Tekleh"], "ተኽለ"),
    ("mulugeta", "M", ["Mulugeta", "Mulugheta"], "ሙሉጌታ"), ("yemane", "M", ["Yemane", "Yemani"], "የማነ"),
    ("goitom", "M", ["Goitom", "Goytom"], "ጎይቶም"), ("tsegay", "M", ["Tsegay", "Tsegai", "Tsegaye"], "ጸጋይ"),
    ("mussie", "M", ["Mussie", "Musie"], "ሙሴ"), ("amanuel", "M", ["Amanuel", "Amanual"], "ኣማኑኤል"),
    ("medhanie", "M", ["Medhanie", "Medhane", "Medhani"], "መድሃኔ"), ("filmon", "M", ["Filmon", "Filimon"], "ፊልሞን"),
    ("selam", "F", ["Selam", "Salam"], "ሰላም"), ("senait", "F", ["Senait", "Senayt"], "ሰናይት"), ("saba", "F", ["Saba"], "ሳባ"),
    ("freweyni", "F", ["Freweyni", "Freweini"], "ፍረወይኒ"), ("almaz", "F", ["Almaz", "Almas"], "ኣልማዝ"),
    ("luwam", "F", ["Luwam", "Lwam"], "ሉዋም"), ("winta", "F", ["Winta", "Wintana"], "ዊንታ"),
    ("gebremedhin", "X", ["Gebremedhin", "Ghebremedhin", "Gebre Medhin", "Gebremedin"], "ገብረመድህን"),
    ("weldemariam", "X", ["Weldemariam", "Woldemariam", "Welde Mariam"], "ወልደማርያም"),
    ("habtemariam", "X", ["Habtemariam", "Habte Mariam"], "ሃብተማርያም"), ("kahsay", "X", ["Kahsay", "Kahsai"], "ካሕሳይ"),
    ("berhe", "X", ["Berhe", "Berhey"], "በርሀ"), ("hagos", "X", ["Hagos", "Haggos"], "ሓጎስ"), ("negash", "X", ["Negash", "Negasi"], "ነጋሽ"),
    ("zerai", "X", ["Zerai", "Zeray"], "ዘራይ"), ("tewolde", "X", ["Tewolde", "Tewelde"], "ተወልደ"),
    ("ghirmay", "X", ["Ghirmay", "Girmay", "Ghermay"], "ግርማይ"), ("asfaha", "X", ["Asfaha", "Asfha"], "ኣስፍሃ"),
]:
    entry(k, s, [], v, geez=g)

# How a clerk in Libya writes non-Arabic names in Arabic script (heard, not read): g as ق or غ,
# e and i as ي, o and u as و. Used when a record was registered in Arabic only.
TRANSCRIBED = {
    "issoufou": ["إيسوفو", "اسوفو"], "hamidou": ["حميدو"], "mamane": ["مامان"], "salissou": ["ساليسو"], "abdou": ["عبدو"],
    "seydou": ["سيدو"], "amadou": ["أمادو", "امادو"], "mahamadou": ["محمدو"], "idrissa": ["إدريسا"], "garba": ["قاربا", "غاربا"],
    "sani": ["ساني"], "bello": ["بيلو", "بلو"], "danjuma": ["دانجوما"], "tanko": ["تانكو"], "hadiza": ["هديزة", "حديزة"],
    "zalika": ["زاليكا"], "balkissa": ["بلقيسا"], "ramatou": ["راماتو"], "aminata": ["أميناتا"], "kadiatou": ["كادياتو"],
    "awa": ["آوا"], "mamadou": ["مامادو"], "sekou": ["سيكو"], "bakary": ["باكاري"], "traore": ["تراوري"], "keita": ["كيتا", "كايتا"],
    "coulibaly": ["كوليبالي"], "diarra": ["ديارا"], "toure": ["توري"], "cisse": ["سيسي"], "diallo": ["ديالو"], "maiga": ["مايغا", "مايقا"],
    "camara": ["كامارا"], "hamani": ["هاماني"], "seyni": ["سيني"], "alio": ["عليو"], "aliyu": ["عليو"],
    "kwame": ["كوامي"], "kofi": ["كوفي"], "mensah": ["منساه", "مينسا"], "owusu": ["أووسو"], "boateng": ["بواتينغ"],
    "tesfay": ["تسفاي"], "yohannes": ["يوهانس"], "dawit": ["داويت"], "haile": ["هايلي"], "mehari": ["مهاري"],
    "berhane": ["برهاني"], "kidane": ["كيداني"], "tekle": ["تكلي"], "hagos": ["هاقوس", "حاقوس"], "ghirmay": ["قيرماي", "غيرماي"],
    "okafor": ["أوكافور"], "eze": ["إيزي"], "chinedu": ["تشينيدو"], "blessing": ["بليسينغ"], "samuel": ["صموئيل", "سامويل"],
    "daniel": ["دانيال"], "emmanuel": ["إيمانويل"], "john": ["جون"], "peter": ["بيتر"], "joseph": ["جوزيف"], "esther": ["أستير"],
    "grace": ["غريس", "قريس"], "godwin": ["قودوين", "جودوين"], "sunday": ["صنداي", "سانداي"], "joy": ["جوي"],
    "masud": ["مسعود"], "shahin": ["شاهين"], "islam": ["إسلام"], "alam": ["عالم"], "lawal": ["لاوال"],
}
for _k, _v in TRANSCRIBED.items():
    A[_k]["arabic"] = _v
    A[_k]["transcribed"] = True

# Who is named what, by nationality: (given male, given female, father/family pool, script).
ARAB_M = ["mohamed", "ahmed", "mahmoud", "hamid", "ali", "omar", "amer", "othman", "ibrahim", "yusuf", "musa", "issa", "adam",
          "hamza", "saleh", "salah", "hassan", "hussein", "abdelrahman", "abdallah", "abdelkader", "abdelaziz", "abdelkarim",
          "abubakar", "idris", "yahya", "jibril", "haroun", "khalil", "khaled", "said", "saad", "ismail", "ishaq", "tarek",
          "karim", "jamal", "kamal", "mustafa", "ramadan", "bashir", "noureddine", "salaheddine", "faisal", "mansour", "qasim",
          "jafar", "hossam", "walid", "mokhtar", "amin", "elamin", "ilyas", "zakaria", "suleiman", "daoud", "salim", "salem",
          "yassin", "nasser", "yasser", "malik", "rashid", "samir", "hani", "magdi", "hamdi", "adel", "yaqub", "mahdi", "fadil",
          "ashraf", "ragab", "shaaban", "hisham", "anwar", "fathi", "bilal", "murad", "nabil", "ayoub", "habib", "aziz"]
ARAB_F = ["fatima", "aisha", "khadija", "mariam", "amina", "zainab", "halima", "hawa", "salma", "leila", "nour", "souad",
          "ruqayya", "safia", "jamila", "karima", "sara", "hajar", "asma", "nafissa", "rahma", "zahra", "samira", "alia",
          "fathia", "bushra", "noura", "zeina", "mona", "huda", "iman"]
ARAB_FAM = ARAB_M + ["sayed", "babiker", "awad", "eltayeb", "elsadig", "tahir", "abakar"]

PROFILES = {
    "EGY": dict(m=ARAB_M, f=ARAB_F, fam=ARAB_FAM, script="arabic", w=14),
    "SDN": dict(m=ARAB_M, f=ARAB_F, fam=ARAB_FAM, script="arabic", w=16),
    "TCD": dict(m=ARAB_M + ["abakar"], f=ARAB_F, fam=ARAB_FAM, script="arabic", w=11),
    "SYR": dict(m=ARAB_M, f=ARAB_F, fam=ARAB_FAM, script="arabic", w=3),
    "MAR": dict(m=ARAB_M, f=ARAB_F, fam=ARAB_FAM, script="arabic", w=3),
    "NER": dict(m=["issoufou", "hamidou", "mamane", "salissou", "abdou", "seydou", "amadou", "mahamadou", "idrissa",
                   "illiassou", "garba", "sani", "moussa_", "abubakar", "ibrahim", "othman", "suleiman", "yusuf", "haroun",
                   "abdallah", "abdelrahman", "adam", "hassan", "daoud", "zakaria", "omar"],
                f=["hadiza", "ruqayya", "zalika", "balkissa", "mariam", "aisha", "ramatou", "hawa", "fatima", "zainab",
                   "hassia", "safia", "salamatou", "amina", "halima"],
                fam=["issa", "musa", "amadou", "abdou", "garba", "mamane", "hamani", "abubakar", "seyni", "omar", "idrissa",
                     "tanko", "alio", "hassan", "ali", "ibrahim", "adam", "haroun"], script="latin_arabic", w=14),
    "NGA": dict(m=["abubakar", "othman", "aminu_", "sani", "bello", "garba", "kabir", "nasser", "yaqub", "danjuma", "elsadig",
                   "abdallah", "musa", "ibrahim", "omar", "aliyu", "suleiman", "yahya", "haroun", "chukwuemeka", "emeka",
                   "chinedu", "obinna", "ifeanyi", "nnamdi", "kelechi", "babatunde", "adebayo", "oluwaseun", "segun", "femi",
                   "godwin", "samuel", "daniel", "emmanuel", "victor", "john", "peter", "joseph", "sunday", "friday", "osagie",
                   "osaro"],
                f=["hawa", "aisha", "zainab", "hadiza", "fatima", "amina", "halima", "chiamaka", "ngozi", "adaeze", "blessing",
                   "precious", "peace", "joy", "favour", "esther", "grace", "mercy", "funmilayo", "osarugue", "efe"],
                fam=["bello", "garba", "sani", "abubakar", "danjuma", "lawal", "yusuf", "musa", "ibrahim", "othman", "okafor",
                     "okonkwo", "eze", "nwosu", "okeke", "obi", "adeyemi", "adeleke", "ogunleye", "balogun", "ojo", "bassey",
                     "akpan", "etim", "igbinedion", "omoregie", "ogbonna", "nwachukwu", "uzor"], script="latin_arabic", w=14),
    "ERI": dict(m=["tesfay", "haile", "yohannes", "dawit", "mehari", "berhane", "kidane", "tekle", "mulugeta", "yemane",
                   "goitom", "tsegay", "mussie", "amanuel", "medhanie", "filmon"],
                f=["selam", "senait", "saba", "freweyni", "almaz", "luwam", "winta"],
                fam=["gebremedhin", "weldemariam", "habtemariam", "kahsay", "berhe", "hagos", "negash", "zerai", "tewolde",
                     "ghirmay", "asfaha", "tesfay", "haile", "yohannes", "tekle", "kidane", "berhane", "mehari", "yemane"],
                script="geez", w=10),
    "GHA": dict(m=["kwame", "kofi", "kwabena", "yaw", "kojo", "kwaku", "kwasi"], f=["ama", "akua", "abena", "adwoa", "efua", "afia"],
                fam=["mensah", "owusu", "boateng", "asante", "appiah", "osei", "agyeman", "addo", "amoah", "darko", "ofori"],
                script="latin", w=5),
    "MLI": dict(m=["musa", "mamadou", "omar", "sekou", "bakary", "drissa", "adama", "modibo", "seydou", "abubakar", "ibrahim"],
                f=["fatima", "aminata", "kadiatou", "assetou", "mariam", "awa", "oumou", "djeneba"],
                fam=["traore", "keita", "coulibaly", "diarra", "toure", "cisse", "sangare", "konate", "diallo", "sidibe",
                     "maiga", "dembele", "camara"], script="latin_arabic", w=7),
    "BGD": dict(m=["rakibul", "shafiqul", "aminul", "rafiqul", "saiful", "jahangir", "sohel", "rubel", "kamrul", "nazrul",
                   "masud", "shahin", "alamgir", "nasiruddin", "jasimuddin", "kamaluddin"], f=["fatima", "mariam", "amina"],
                fam=["islam", "hossain_", "rahman", "miah", "ahmed", "alam", "kabir", "sarkar", "chowdhury"],
                script="bgd", w=5),
}
# Aliases: a key with "_" uses the entry before the "_" (a pool may list a name twice under different weights).
ALIAS = {"moussa_": "musa", "aminu_": "amin", "hossain_": "hussein"}
NEIGHBOURS = {"EGY": ["SDN", "LBY"], "SDN": ["TCD", "EGY", "SSD"], "TCD": ["SDN", "NER", "CMR"], "NER": ["NGA", "MLI", "TCD"],
              "NGA": ["NER", "GHA", "CMR"], "ERI": ["ETH", "SDN"], "GHA": ["NGA", "CIV", "TGO"], "MLI": ["NER", "SEN", "GIN"],
              "BGD": ["IND", "PAK"], "SYR": ["LBN", "PSE"], "MAR": ["DZA", "TUN"]}

CONFUSABLE = [
    ["ahmed", "hamid", "mahmoud", "mohamed", "hamad"], ["salah", "saleh"], ["omar", "amer", "ammar"], ["amin", "amina"],
    ["amina", "aminata"], ["ali", "aliyu", "alia"], ["hassan", "hussein"], ["karim", "karima"], ["khaled", "khalil"],
    ["jamal", "jamil", "kamal"], ["samir", "samira", "amir"], ["said", "saad"], ["yasser", "nasser"], ["fatima", "fathia"],
    ["rashid", "rashed"], ["salim", "salem", "suleiman"], ["hamdi", "hamid", "hamad"], ["zainab", "zeina"], ["noura", "nour"],
    ["jamila", "karima"], ["mona", "amina"], ["rakibul", "rafiqul"], ["shafiqul", "saiful"], ["issa", "aisha"],
    ["kwabena", "kwame"], ["yohannes", "yemane"], ["tesfay", "tsegay"], ["musa", "mustafa"], ["hisham", "hossam"],
    ["bashir", "bushra"], ["adel", "adam"], ["ismail", "ishaq"],
]

# Famous combinations to avoid (given, father) by key.
AVOID = {("mohamed", "salah"), ("omar", "bashir"), ("idris", "deby"), ("mahamadou", "issoufou"), ("jamal", "abdelnasser"),
         ("yahya", "jammeh"), ("ahmed", "sani"), ("musa", "yaradua")}


def E(key):
    return A[ALIAS.get(key, key)]


class Person:
    def __init__(self, nat, sex, keys, year, estimated):
        self.nat, self.sex, self.keys, self.year, self.estimated = nat, sex, keys, year, estimated

    def copy(self):
        return Person(self.nat, self.sex, list(self.keys), self.year, self.estimated)


def pick_nat(rng):
    nats = list(PROFILES)
    return rng.choices(nats, weights=[PROFILES[n]["w"] for n in nats])[0]


def new_person(rng, nat=None, sex=None, given=None, exclude=()):
    nat = nat or pick_nat(rng)
    p = PROFILES[nat]
    sex = sex or rng.choice("MMMF")  # most people intercepted at sea are men
    pool = p["m"] if sex == "M" else p["f"]
    if given is None:
        given = rng.choice([g for g in pool if g not in exclude] or pool)
    n_names = rng.choices([2, 3], weights=[35, 65])[0]
    fam = []
    while len(fam) < n_names - 1:
        f = rng.choice(p["fam"])
        if f != given and f not in fam and (given, f) not in AVOID and f not in exclude:
            fam.append(f)
    year = rng.randint(1965, 2006) if rng.random() < 0.9 else rng.randint(2007, 2014)
    return Person(nat, sex, [given] + fam, year, rng.random() < 0.6)


def variant(rng, key, nat, different_from=None):
    e = E(key)
    opts = list(e["latin"]) + list(e["regional"].get(nat, [])) * 2
    if different_from is not None and len(set(opts)) > 1 and rng.random() < 0.75:
        opts = [o for o in opts if o != different_from] or opts
    return rng.choice(opts)


def typo(rng, s):
    """One clerk's slip on a Latin word: drop, double, swap adjacent letters, or change a vowel."""
    letters = list(s)
    idxs = [i for i, c in enumerate(letters) if c.isalpha()]
    if len(idxs) < 4:
        return s
    i = rng.choice(idxs[1:-1])
    op = rng.choice(["drop", "double", "swap", "vowel"])
    if op == "drop":
        del letters[i]
    elif op == "double":
        letters.insert(i, letters[i])
    elif op == "swap" and i + 1 < len(letters) and letters[i + 1].isalpha():
        letters[i], letters[i + 1] = letters[i + 1], letters[i]
    else:
        vowels = "aeiou"
        if letters[i].lower() in vowels:
            letters[i] = rng.choice([v for v in vowels if v != letters[i].lower()])
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


def arabic_form(rng, key, diacritics=False):
    e = E(key)
    if not e["arabic"]:
        return None
    s = rng.choice(e["arabic"]) if rng.random() < 0.5 else e["arabic"][0]
    if diacritics:
        # A fatha after the first letter, or a tatweel.
        s = s[0] + ("\u064E" if rng.random() < 0.5 else "\u0640") + s[1:]
    return s


class Render:
    def __init__(self, original, latin):
        self.original, self.latin = original, latin


def render(rng, person, mode=None, latin_choice=None, order=None, drop_last=False, typo_in=None, prev_latin=None,
           arabic_typo_in=None):
    keys = list(person.keys)
    if drop_last and len(keys) == 3:
        keys = keys[:2]
    idx = list(range(len(keys)))
    if order == "family_first":
        idx = [idx[-1]] + idx[:-1]
    prof = PROFILES[person.nat]["script"]
    has_arabic = all(E(k)["arabic"] for k in keys)
    transcribed = any(E(k).get("transcribed") for k in keys)
    has_geez = all(E(k)["geez"] for k in keys)
    if mode is None:
        if prof == "arabic":
            mode = rng.choices(["both", "arabic", "latin"], weights=[45, 25, 30])[0]
        elif prof == "latin_arabic" and has_arabic:
            mode = rng.choices(["both", "arabic", "latin"], weights=[25, 10, 65])[0]
        elif prof == "geez" and has_geez:
            mode = rng.choices(["both", "latin", "arabic"], weights=[30, 55, 15 if has_arabic else 0])[0]
        elif has_arabic and transcribed:
            mode = rng.choices(["both", "arabic", "latin"], weights=[10, 15, 75])[0]
        else:
            mode = "latin"
    if mode == "both" and prof == "geez":
        mode = "both" if has_geez else "latin"
    if mode == "arabic" and not has_arabic:
        mode = "both" if (prof == "geez" and has_geez) else "latin"
    if mode == "both" and prof != "geez" and not has_arabic:
        mode = "latin"
    latin_words = []
    for pos, i in enumerate(idx):
        k = keys[i]
        prev = prev_latin.get(k) if prev_latin else None
        w = variant(rng, k, person.nat, different_from=prev) if latin_choice is None else latin_choice.get(k) or variant(rng, k, person.nat)
        if typo_in == pos:
            w = typo(rng, w)
        latin_words.append(w)
    latin = " ".join(latin_words)
    if order == "family_first":
        latin = latin_words[0].upper() + " " + " ".join(latin_words[1:])
    original = None
    if mode in ("both", "arabic"):
        if prof == "geez" and mode == "both":
            original = " ".join(E(keys[i])["geez"] for i in idx)
        else:
            diac = rng.random() < 0.1
            words = [arabic_form(rng, keys[i], diacritics=diac and pos == 0) for pos, i in enumerate(idx)]
            if arabic_typo_in is not None and arabic_typo_in < len(words):
                words[arabic_typo_in] = arabic_typo(rng, words[arabic_typo_in])
            original = " ".join(words)
    if mode == "arabic":
        latin = None
    chosen = {keys[i]: latin_words[p] for p, i in enumerate(idx)}
    return Render(original, latin), chosen


def sex_str(rng, sex, p_missing):
    return "" if rng.random() < p_missing else {"M": "male", "F": "female"}[sex]


def row(pid, ra, pa, rb, pb, same, rng, a_sex=None, b_sex=None, b_nat=None, b_year=None, b_est=None, miss_b_sex=0.0):
    return dict(
        id=f"{pid:04d}",
        name_a_original=ra.original or "", name_a_latin=ra.latin or "",
        sex_a=a_sex if a_sex is not None else sex_str(rng, pa.sex, 0.03),
        birth_year_a=str(pa.year) if pa.year else "", birth_estimated_a="1" if pa.estimated else "0",
        nationality_a=pa.nat,
        name_b_original=rb.original or "", name_b_latin=rb.latin or "",
        sex_b=b_sex if b_sex is not None else sex_str(rng, pb.sex, miss_b_sex),
        birth_year_b=str(b_year if b_year is not None else pb.year) if (b_year is not None or pb.year) else "",
        birth_estimated_b="1" if (b_est if b_est is not None else pb.estimated) else "0",
        nationality_b=b_nat if b_nat is not None else pb.nat,
        same_person="1" if same else "0",
    )


def positive(rng, pid):
    pa = new_person(rng)
    ra, chosen = render(rng, pa)
    kinds = []
    # Second registration.
    drop = len(pa.keys) == 3 and rng.random() < 0.22
    order = "family_first" if rng.random() < 0.12 else None
    typo_pos = rng.randrange(len(pa.keys) - (1 if drop else 0)) if rng.random() < 0.15 else None
    arabic_typo_pos = rng.randrange(len(pa.keys) - (1 if drop else 0)) if rng.random() < 0.08 else None
    # Script: often the other one.
    mode_b = None
    if ra.latin is None:
        mode_b = "latin"
    elif ra.original is not None and rng.random() < 0.4:
        mode_b = "arabic" if PROFILES[pa.nat]["script"] in ("arabic", "latin_arabic") else None
    rb, _ = render(rng, pa, mode=mode_b, order=order, drop_last=drop, typo_in=typo_pos, prev_latin=chosen,
                   arabic_typo_in=arabic_typo_pos)
    if rb.original is None and rb.latin is None:
        rb.latin = ra.latin
    if drop: kinds.append("missing_name")
    if order: kinds.append("swapped")
    if typo_pos is not None and rb.latin: kinds.append("typo")
    if arabic_typo_pos is not None and rb.original and PROFILES[pa.nat]["script"] != "geez": kinds.append("arabic_typo")
    if any(E(k).get("transcribed") for k in pa.keys) and (ra.original or rb.original) and PROFILES[pa.nat]["script"] != "geez":
        kinds.append("transcribed")
    if (ra.original and not ra.latin and rb.latin and not rb.original) or (rb.original and not rb.latin and ra.latin and not ra.original):
        kinds.append("cross_script")
    # Birth year.
    est_b = rng.random() < 0.7
    if pa.estimated or est_b:
        delta = rng.choices([0, 1, 2, 3], weights=[40, 35, 20, 5])[0] * rng.choice([-1, 1])
    else:
        delta = 0 if rng.random() < 0.9 else rng.choice([-1, 1])
    if abs(delta) >= 2: kinds.append(f"age_{abs(delta)}")
    year_b = pa.year + delta
    if rng.random() < 0.05:
        year_b = None
    # Nationality.
    r = rng.random()
    nat_b = pa.nat
    if r < 0.12:
        nat_b = rng.choice(NEIGHBOURS[pa.nat]); kinds.append("nationality_differs")
    elif r < 0.2:
        nat_b = ""
    d = row(pid, ra, pa, rb, pa, True, rng, b_nat=nat_b, b_est=est_b, miss_b_sex=0.08)
    d["birth_year_b"] = "" if year_b is None else str(year_b)
    return d, "pos:" + ("+".join(kinds) or "spelling")


def negative(rng, pid):
    kind = rng.choices(["same_given", "siblings", "confusable", "same_name_age", "same_name_sex", "father_son"],
                       weights=[22, 25, 25, 13, 5, 10])[0]
    if kind == "same_given":
        pa = new_person(rng)
        pb = new_person(rng, nat=pa.nat, sex=pa.sex, given=pa.keys[0], exclude=pa.keys[1:])
        if rng.random() < 0.5:
            pb.year = pa.year + rng.randint(-3, 3); pb.estimated = True
    elif kind == "siblings":
        pa = new_person(rng)
        while len(pa.keys) < 3:
            pa = new_person(rng, nat=pa.nat)
        sex_b = pa.sex if rng.random() < 0.6 else ("F" if pa.sex == "M" else "M")
        pool = PROFILES[pa.nat]["m" if sex_b == "M" else "f"]
        given_b = rng.choice([g for g in pool if g != pa.keys[0] and g not in pa.keys])
        pb = Person(pa.nat, sex_b, [given_b] + pa.keys[1:], pa.year + rng.choice([-1, 1]) * rng.randint(1, 10), rng.random() < 0.6)
        if rng.random() < 0.3:
            pb.keys = pb.keys[:2]
    elif kind == "confusable":
        group = rng.choice(CONFUSABLE)
        ga, gb = rng.sample(group, 2)
        nat = rng.choice([n for n in PROFILES if ga in [ALIAS.get(x, x) for x in PROFILES[n]["m"] + PROFILES[n]["f"]]] or ["SDN"])
        sa = E(ga)["sex"] if E(ga)["sex"] != "X" else "M"
        sb = E(gb)["sex"] if E(gb)["sex"] != "X" else "M"
        pa = new_person(rng, nat=nat, sex=sa, given=ga)
        pb = new_person(rng, nat=nat, sex=sb, given=gb)
        # Often the same father's name, sometimes the same grandfather's too.
        if rng.random() < 0.6 and len(pb.keys) >= 2:
            pb.keys[1] = pa.keys[1]
        if rng.random() < 0.25 and len(pa.keys) == 3 and len(pb.keys) == 3:
            pb.keys[2] = pa.keys[2]
        if pb.keys[1:] == pa.keys[1:] and rng.random() < 0.7:
            pb.year = pa.year + rng.choice([-1, 1]) * rng.randint(3, 12)
    elif kind == "same_name_age":
        pa = new_person(rng)
        pb = pa.copy()
        pb.year = pa.year + rng.choice([-1, 1]) * rng.randint(8, 30)
        pb.estimated = rng.random() < 0.5
        if rng.random() < 0.3:
            pb.keys = pb.keys[:2]
    elif kind == "same_name_sex":
        # A name given to girls and boys (Nour, Iman): the same full name, the other sex.
        pa = new_person(rng, nat=rng.choice(["EGY", "SDN", "TCD", "SYR"]), sex="F", given=rng.choice(["nour", "iman"]))
        pb = pa.copy()
        pb.sex = "M"
        pb.year = pa.year + rng.randint(-6, 6)
        pb.estimated = True
    else:  # father_son
        son = new_person(rng)
        while len(son.keys) < 3:
            son = new_person(rng, nat=son.nat, sex=son.sex)
        p = PROFILES[son.nat]
        extra = rng.choice([f for f in p["fam"] if f not in son.keys])
        pa = son
        pb = Person(son.nat, "M", son.keys[1:] + [extra], son.year - rng.randint(18, 40), rng.random() < 0.7)
        if rng.random() < 0.4:
            pb.keys = pb.keys[:2]
    ra, _ = render(rng, pa)
    rb, _ = render(rng, pb)
    if kind == "same_name_sex":
        # The other sex is what tells them apart: both records have it.
        return row(pid, ra, pa, rb, pb, False, rng, a_sex="female", b_sex="male"), "neg:" + kind
    return row(pid, ra, pa, rb, pb, False, rng, miss_b_sex=0.08), "neg:" + kind


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "..", "data", "name-pairs.csv"))
    ap.add_argument("--kinds", default=os.path.join(here, "pair-kinds.csv"))
    ap.add_argument("--positives", type=int, default=200)
    ap.add_argument("--negatives", type=int, default=165)
    args = ap.parse_args()
    rng = random.Random(SEED)
    rows, kinds = [], []
    plan = ["p"] * args.positives + ["n"] * args.negatives
    rng.shuffle(plan)
    for i, what in enumerate(plan, start=1):
        d, k = positive(rng, i) if what == "p" else negative(rng, i)
        rows.append(d)
        kinds.append((d["id"], k))
    cols = ["id", "name_a_original", "name_a_latin", "sex_a", "birth_year_a", "birth_estimated_a", "nationality_a",
            "name_b_original", "name_b_latin", "sex_b", "birth_year_b", "birth_estimated_b", "nationality_b", "same_person"]
    with open(args.out, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with open(args.kinds, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "kind"])
        w.writerows(kinds)
    pos = sum(r["same_person"] == "1" for r in rows)
    print(f"{len(rows)} pairs, {pos} same person, {len(rows) - pos} different -> {os.path.normpath(args.out)}")


if __name__ == "__main__":
    main()
