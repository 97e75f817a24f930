import Foundation
import Testing
@testable import BadilCore

// Name matching for duplicate detection (Sources/BadilCore/Matching): normalisation tables,
// transliteration across scripts, names that must stay apart, the duplicate rules, blocking
// keys, and precision/recall on the labelled set bench/data/name-pairs.csv.

private func latin(_ s: String) -> PersonNameForms { PersonNameForms(original: nil, latin: s) }
private func original(_ s: String) -> PersonNameForms { PersonNameForms(original: s, latin: nil) }

// MARK: - Arabic normalisation

@Suite("Arabic normalisation")
struct ArabicNormalisationTests {
    @Test("One rule per row", arguments: [
        ("hamza above alef", "أحمد", "احمد"),
        ("hamza below alef", "إبراهيم", "ابراهيم"),
        ("madda", "آدم", "ادم"),
        ("wasla", "ٱلله", "الله"),
        ("taa marbuta", "فاطمة", "فاطمه"),
        ("alef maqsura", "موسى", "موسي"),
        ("hamza on waw", "مؤمن", "مومن"),
        ("hamza on yaa", "عائشة", "عايشه"),
        ("standalone hamza removed", "حواء", "حوا"),
        ("tashkeel removed", "مُحَمَّد", "محمد"),
        ("tanwin and sukun removed", "سَعْدٌ", "سعد"),
        ("dagger alef removed", "رحمٰن", "رحمن"),
        ("tatweel removed", "محـــمد", "محمد"),
        ("Persian kaf", "کریم", "كريم"),
        ("Persian yaa", "علی", "علي"),
        ("presentation forms", "ﻣﺤﻤﺪ", "محمد"),
        ("lam-alef ligature", "ﻻمين", "لامين"),
        ("direction marks and spaces", " محمد \u{200F}  عبد\u{200C}الله ", "محمد عبدالله"),
        ("Latin kept", "Ali علي", "Ali علي"),
    ])
    func rule(_ name: String, _ input: String, _ expected: String) {
        #expect(NameNormalizer.arabicNormalized(input) == expected, "\(name)")
    }

    @Test func idempotent() {
        for s in ["أَحْمَد", "عبد الرحمن", "فاطمة الزهراء", "مصطفى"] {
            let once = NameNormalizer.arabicNormalized(s)
            #expect(NameNormalizer.arabicNormalized(once) == once)
        }
    }
}

// MARK: - Latin keys, tokens, particles

@Suite("Latin keys and particles")
struct LatinKeyTests {
    @Test("latinKey", arguments: [
        ("lower case, doubled letters, o = u", "MOHAMMED", "muhamed"),
        ("abd + article + name joined", "Abd el-Rahman", "abdrahman"),
        ("abdul + name joined", "ABDUL RAHMAN", "abdrahman"),
        ("glued abd, assimilated article", "Abderrahmane", "abdrahmane"),
        ("abd + Allah forms", "Abdoulaye", "abdlah"),
        ("Abdullahi", "Abdullahi", "abdlah"),
        ("abu joined", "Abou Bakr", "abubakr"),
        ("diaeresis, ai diphthong", "Aïcha", "aysha"),
        ("cedilla", "Fayçal", "faysal"),
        ("acute accent", "Traoré", "traure"),
        ("apostrophe for ain", "Sa'ad", "sad"),
        ("dot below", "Ḥasan", "hasan"),
        ("Md. = Muhammad", "Md. Rakibul Islam", "muhamad rakibul islam"),
        ("ben dropped", "Mohamed Ben Ali", "muhamed ali"),
        ("ould dropped", "Mohamed Ould Ahmed", "muhamed ahmed"),
        ("attached article", "Elhassan", "hasan"),
        ("ad-Din joined", "Nour Eddine", "nuredine"),
        ("honorific kept as a token", "El-Hadj Oumar", "haj umar"),
        ("ph = f, ou before vowel at start = w", "Oualid Philemon", "walid filemun"),
        ("Arabic script transliterated", "محمد عبد الرحمن", "mhmd abdrhmn"),
        ("Ge'ez transliterated", "ተስፋይ", "tesfay"),
        ("punctuation and digits split", "Ali,Hassan 2", "ali hasan"),
        ("empty", "  -  ", ""),
    ])
    func key(_ name: String, _ input: String, _ expected: String) {
        #expect(NameNormalizer.latinKey(input) == expected, "\(name)")
    }

    @Test func tokensMergeParticles() {
        #expect(NameNormalizer.tokens("Mohamed Abd Al Aziz Ben Salem") == ["muhamed", "abdaziz", "salem"])
        #expect(NameNormalizer.tokens("محمد بن عبد العزيز") == ["mhmd", "abdaziz"])
        #expect(NameNormalizer.tokens("Salah al-Din Ahmed") == ["salahdin", "ahmed"])
        #expect(NameNormalizer.tokens("Gebre Medhin") == ["gebre", "medhin"])
    }

    /// Each row: spellings (any script) that must give the same cross-script consonant key.
    @Test("Same consonant key across spellings and scripts", arguments: [
        ["Mohamed", "Mohammed", "Muhammad", "Mouhamed", "Mohamad", "محمد", "مُحَمَّد"],
        ["Abderrahmane", "Abdel Rahman", "Abdul Rahman", "Abdurrahman", "Abdourahmane", "Abd al-Rahman", "Abdelrahman",
         "عبد الرحمن", "عبدالرحمن"],
        ["Abdallah", "Abdullah", "Abdullahi", "Abdoulaye", "Abd Allah", "Abdalla", "عبد الله", "عبدالله"],
        ["Abubakar", "Aboubakar", "Abou Bakr", "Abu Bakr", "Boubacar", "أبو بكر", "ابوبكر"],
        ["Usman", "Ousmane", "Osman"],
        ["Othman", "Uthman", "عثمان"],
        ["Ibrahim", "Brahim", "Ibrahima", "Ebrahim", "إبراهيم", "ابراهيم"],
        ["Yusuf", "Youssef", "Yousif", "Youssouf", "Yousuf", "يوسف"],
        ["Aisha", "Aicha", "Aïcha", "Ayesha", "عائشة", "عايشة"],
        ["Fatima", "Fatma", "Fatouma", "Fatimah", "فاطمة", "فاطمه"],
        ["Khadija", "Khadidja", "Kadidja", "Khadeeja", "خديجة"],
        ["Mariam", "Maryam", "Meriem", "Myriam", "مريم"],
        ["Moussa", "Musa", "Mousa", "موسى", "موسي"],
        ["Issa", "Isa", "Aissa", "Eissa", "عيسى"],
        ["Adam", "Adem", "آدم", "ادم"],
        ["Hamza", "Hamzah", "حمزة", "حمزه"],
        ["Saleh", "Salih", "صالح"],
        ["Hussein", "Hussain", "Hossein", "Houssein", "حسين"],
        ["Mustafa", "Mostafa", "Moustapha", "Mustapha", "مصطفى", "مصطفي"],
        ["Djibril", "Jibril", "Gibril", "جبريل"],
        ["Abdelkader", "Abdulkadir", "Abdelgadir", "Abdelqader", "عبد القادر"],
        ["Noureddine", "Nour Eddine", "Nour al-Din", "Nureddin", "نور الدين", "نورالدين"],
        ["Idris", "Idriss", "Driss", "إدريس"],
        ["Yahya", "Yahia", "Yehia", "يحيى"],
        ["Zainab", "Zeinab", "Zaynab", "زينب"],
        ["Halima", "Halimah", "حليمة"],
        ["Jamal", "Gamal", "Djamel", "جمال"],
        ["Qasim", "Kassim", "Gasim", "Kacem", "قاسم"],
        ["Tesfay", "Tesfaye", "Tesfai", "ተስፋይ"],
        ["Haile", "Hailé", "ሃይለ"],
        ["Yohannes", "Yohanes", "ዮሃንስ"],
        ["Gebremedhin", "Ghebremedhin", "ገብረመድህን"],
        ["Tsegay", "Tsegai", "ጸጋይ"],
    ])
    func sameKey(_ spellings: [String]) {
        let keys = spellings.map(NameNormalizer.consonantKey)
        #expect(Set(keys).count == 1, "\(zip(spellings, keys).map { "\($0)=\($1)" })")
    }
}

// MARK: - Token similarity

@Suite("Token similarity")
struct TokenSimilarityTests {
    /// Arabic script against Latin spellings used in Libya, Niger, Chad, Sudan, Nigeria, Egypt,
    /// Mali, Eritrea (and Ge'ez): the same name.
    @Test("Same name across scripts", arguments: [
        ("محمد", "Mohamed"), ("محمد", "Muhammad"), ("محمد", "Mahamat"), ("محمد", "Mouhamed"), ("أحمد", "Ahmed"),
        ("أحمد", "Ahmat"), ("محمود", "Mahmoud"), ("عبد الرحمن", "Abderrahmane"), ("عبد الرحمن", "Abdourahamane"),
        ("عبد الله", "Abdoulaye"), ("عبد الله", "Abdullahi"), ("أبو بكر", "Aboubakar"), ("أبو بكر", "Boubacar"),
        ("عثمان", "Usman"), ("عثمان", "Ousmane"), ("عثمان", "Othman"), ("إبراهيم", "Ibrahim"), ("إبراهيم", "Brahim"),
        ("إبراهيم", "Ibrahima"), ("يوسف", "Youssef"), ("يوسف", "Yusuf"), ("يوسف", "Yousif"), ("عائشة", "Aisha"),
        ("عائشة", "Aïcha"), ("عائشة", "Ayesha"), ("فاطمة", "Fatima"), ("فاطمة", "Fatouma"), ("فاطمة", "Fatma"),
        ("خديجة", "Khadija"), ("خديجة", "Khadidja"), ("خديجة", "Kadidja"), ("مريم", "Mariam"), ("مريم", "Meriem"),
        ("موسى", "Moussa"), ("موسى", "Musa"), ("عيسى", "Issa"), ("عيسى", "Isa"), ("آدم", "Adam"), ("حمزة", "Hamza"),
        ("صالح", "Saleh"), ("صالح", "Salih"), ("صلاح", "Salah"), ("حسين", "Hussein"), ("حسين", "Houssein"),
        ("جبريل", "Djibril"), ("جبريل", "Gibril"), ("عبد القادر", "Abdelgadir"), ("قاسم", "Gasim"), ("جمال", "Gamal"),
        ("نور الدين", "Noureddine"), ("سليمان", "Souleymane"), ("سليمان", "Slimane"), ("إسماعيل", "Ismail"),
        ("إسماعيل", "Smail"), ("مصطفى", "Moustapha"), ("يحيى", "Yahaya"), ("زكريا", "Zakaria"), ("هارون", "Haroun"),
        ("حواء", "Hawa"), ("حواء", "Haoua"), ("سعاد", "Souad"), ("فتحي", "Fathi"), ("إسحاق", "Ishaq"), ("وليد", "Oualid"),
        ("قاربا", "Garba"), ("تراوري", "Traore"), ("ተስፋይ", "Tesfay"), ("ሃይለ", "Haile"), ("ዮሃንስ", "Yohannes"),
        ("ገብረመድህን", "Gebremedhin"), ("ኣማኑኤል", "Amanuel"),
    ])
    func acrossScripts(_ a: String, _ b: String) {
        let s = NameMatcher.tokenSimilarity(a, b)
        #expect(s >= 0.85, "\(a) ~ \(b): \(s)")
        #expect(abs(s - NameMatcher.tokenSimilarity(b, a)) < 1e-6, "symmetry \(a) \(b)")
    }

    @Test("Same name, Latin spellings", arguments: [
        ("Mohamed", "Muhammad"), ("Mohamed", "Mohammed"), ("Abdelrahman", "Abderrahmane"), ("Abdallah", "Abdoulaye"),
        ("Aboubakar", "Abou Bakr"), ("Youssef", "Yusuf"), ("Ousmane", "Usman"), ("Aicha", "Ayesha"),
        ("Khadidja", "Kadidja"), ("Tesfay", "Tesfai"), ("Tesfaye", "Tesfai"), ("Haile", "Hailé"), ("Yohannes", "Yohanes"),
        ("Gebremedhin", "Ghebremedhin"), ("Hussein", "Houssein"), ("Traoré", "Traore"), ("Coulibaly", "Koulibaly"),
        ("Mensah", "Mensa"), ("Kwasi", "Kwesi"), ("Faysal", "Faysla"), ("Jamal", "Gamal"),
        ("Shafiqul", "Shafikul"), ("Chowdhury", "Choudhury"),
    ])
    func latinVariants(_ a: String, _ b: String) {
        #expect(NameMatcher.tokenSimilarity(a, b) >= 0.85, "\(a) ~ \(b): \(NameMatcher.tokenSimilarity(a, b))")
    }

    /// Different names that look alike: they must not count as the same name on their own.
    @Test("Different names stay apart", arguments: [
        ("Ahmed", "Hamid"), ("أحمد", "حامد"), ("Ahmed", "حامد"), ("Hamid", "أحمد"), ("Ahmed", "Mahmoud"),
        ("Mohamed", "Mahmoud"), ("Mohamed", "محمود"), ("Mahmoud", "محمد"), ("صلاح", "صالح"), ("صلاح", "Saleh"),
        ("Omar", "Amer"), ("Omar", "عامر"), ("Amina", "Aminata"), ("Ali", "Aliyu"), ("Ali", "Alia"), ("علي", "Alia"),
        ("Hassan", "Hussein"), ("حسن", "Hussein"), ("Khaled", "Khalil"), ("Jamal", "Kamal"), ("Yasser", "Nasser"),
        ("Said", "Saad"), ("سعيد", "Saad"), ("رشيد", "راشد"), ("كريم", "كريمة"), ("Fatima", "Fadimata"),
        ("Rakibul", "Rafiqul"), ("Yohannes", "Yemane"), ("Issa", "Aisha"), ("Samir", "Amir"),
    ])
    func apart(_ a: String, _ b: String) {
        let s = NameMatcher.tokenSimilarity(a, b)
        #expect(s < 0.85, "\(a) vs \(b): \(s)")
    }

    @Test func identicalIsOne() {
        for n in ["Mohamed", "محمد", "ተስፋይ", "Chukwuemeka"] { #expect(NameMatcher.tokenSimilarity(n, n) == 1) }
    }

    @Test func jaroWinklerKnownValues() {
        func jw(_ a: String, _ b: String) -> Double { NameMatcher.jaroWinkler(Array(a.utf8), Array(b.utf8)) }
        #expect(abs(jw("martha", "marhta") - 0.961) < 0.001)
        #expect(abs(jw("dwayne", "duane") - 0.84) < 0.001)
        #expect(abs(jw("dixon", "dicksonx") - 0.813) < 0.001)
        #expect(jw("", "") == 1 && jw("abc", "") == 0 && jw("abc", "xyz") == 0)
        #expect(NameMatcher.jaroWinkler("Mohammed", "MOHAMED") == 1)  // compared as Latin keys
    }
}

// MARK: - Name similarity

@Suite("Name similarity")
struct NameSimilarityTests {
    @Test func issueExampleMatchesAcrossScripts() {
        let r = NameMatcher.similarity(original("محمد عبد الرحمن"), latin("Mohamed Abderrahmane"))
        #expect(r.score >= 0.99)
        #expect(r.reasons == [.sameNameTransliterated])
    }

    @Test("Pairs of the same person", arguments: [
        ("swapped order", latin("Abderrahmane Mohamed"), latin("MOHAMED Abdel Rahman"), MatchReason.namesSwapped),
        ("grandfather missing", latin("Fatouma Issoufou Garba"), latin("Fatima Issoufou"), .namesMissing(count: 1)),
        ("same Arabic spelling", original("عبد الله موسى"), original("عبدالله موسي"), .sameNameArabicScript),
        ("same Latin key", latin("Aïcha Traoré"), latin("AICHA TRAORE"), .sameNameLatin),
        ("Ge'ez and Latin", original("ተስፋይ ገብረመድህን"), latin("Tesfaye Gebremedhin"), .sameNameTransliterated),
        ("compound split", latin("Yemane Gebre Medhin"), latin("Yemani Gebremedhin"), .similarName(percent: 0)),
        ("honorific ignored", latin("Alhaji Musa Bello"), latin("Moussa Bello"), .similarName(percent: 0)),
    ])
    func samePerson(_ name: String, _ a: PersonNameForms, _ b: PersonNameForms, _ reason: MatchReason) {
        let r = NameMatcher.similarity(a, b)
        #expect(r.score >= 0.85, "\(name): \(r)")
        if case .similarName = reason {
            #expect(r.reasons.contains { $0.code == "similar_name" } || r.reasons.contains(.sameNameLatin), "\(name): \(r)")
        } else {
            #expect(r.reasons.contains(reason), "\(name): \(r.reasons)")
        }
    }

    @Test("Names of different people", arguments: [
        ("brothers", latin("Ahmed Ali Hassan"), latin("Mahmoud Ali Hassan")),
        ("brothers, Arabic", original("أحمد علي حسن"), original("حامد علي حسن")),
        ("sister", latin("Amina Yusuf Adam"), latin("Aminata Yusuf Adam")),
        ("same given name only", latin("Mohamed Ali Hassan"), latin("Mohamed Omar Idris")),
        ("father and son", latin("Ali Hassan Omar"), latin("Hassan Omar")),
        ("Salah and Saleh in Arabic", original("صلاح محمد"), original("صالح محمد")),
        ("Rashid and Rashed in Arabic, Latin alike", PersonNameForms(original: "رشيد مالك", latin: "Rashid Malek"),
         PersonNameForms(original: "راشد مالك", latin: "Rashed Malek")),
    ])
    func differentPeople(_ name: String, _ a: PersonNameForms, _ b: PersonNameForms) {
        // The name similarity that alone (other fields unknown) would make a candidate.
        let alone = DuplicateRules.candidateThreshold / DuplicateRules.nameWeight
        let r = NameMatcher.similarity(a, b)
        #expect(r.score < alone, "\(name): \(r)")
    }

    @Test func symmetric() throws {
        let pairs = try NamePairsFile.load()
        try #require(!pairs.isEmpty)
        for p in pairs {
            let ab = NameMatcher.similarity(p.a.names, p.b.names).score
            let ba = NameMatcher.similarity(p.b.names, p.a.names).score
            #expect(abs(ab - ba) < 1e-6, "\(p.id): \(ab) vs \(ba)")
        }
    }

    @Test func degenerateInputs() {
        #expect(NameMatcher.similarity(latin(""), latin("Ali")).score == 0)
        #expect(NameMatcher.similarity(PersonNameForms(original: nil, latin: nil), latin("Ali")).score == 0)
        #expect(NameMatcher.similarity(latin("123 -- ?"), latin("123")).score == 0)
        let long = (1...12).map { _ in "Mohamed" }.joined(separator: " ")
        #expect(NameMatcher.similarity(latin(long), latin(long)).score > 0.9)
        #expect(NameMatcher.similarity(latin("😀 Ali"), latin("Ali")).score > 0.8)
        #expect(NameMatcher.similarity(latin("Alhaji"), latin("Alhaji")).score > 0.8)  // honorific alone counts
        let huge = String(repeating: "abdelrahmane", count: 500)
        #expect(NameMatcher.similarity(latin(huge), original(String(repeating: "محمد", count: 2000))).score < 0.5)
        #expect(DuplicateRules.blockingKeys(latin(huge + " " + huge)).count <= 8)
    }
}

// MARK: - Duplicate rules

@Suite("Duplicate rules")
struct DuplicateRulesTests {
    func person(_ name: String, _ sex: String? = "male", _ year: Int? = 1990, estimated: Bool = true,
                _ nationality: String? = "SDN") -> MatchCandidateInput {
        MatchCandidateInput(names: latin(name), sex: sex, birthYear: year, birthYearEstimated: estimated, nationality: nationality)
    }

    @Test("Other fields", arguments: [
        ("same everything", "male", 1990, true, "SDN", true, ["same_sex", "same_birth_year", "same_nationality"]),
        ("estimated, two years", "male", 1992, true, "SDN", true, ["birth_year_within"]),
        ("estimated, three years: penalty", "male", 1993, true, "SDN", true, ["birth_year_differs"]),
        ("estimated, six years: excluded", "male", 1996, true, "SDN", false, []),
        ("exact dates, two years: penalty", "male", 1992, false, "SDN", true, ["birth_year_differs"]),
        ("other sex: excluded", "female", 1990, true, "SDN", false, []),
        ("sex unknown", "unknown", 1990, true, "SDN", true, ["same_birth_year"]),
        ("nationality differs", "male", 1990, true, "TCD", true, ["different_nationality"]),
        ("nationality undetermined", "male", 1990, true, "undetermined", true, ["same_birth_year"]),
    ] as [(String, String, Int, Bool, String, Bool, [String])])
    func fields(_ name: String, _ sex: String, _ year: Int, _ estimated: Bool, _ nationality: String, _ scored: Bool,
                _ codes: [String]) {
        let a = person("Mohamed Abderrahmane Ali", "male", 1990, estimated: estimated, "SDN")
        let b = MatchCandidateInput(names: original("محمد عبد الرحمن علي"), sex: sex, birthYear: year, birthYearEstimated: estimated,
                                    nationality: nationality)
        let s = DuplicateRules.score(a, b)
        #expect((s != nil) == scored, "\(name): \(String(describing: s))")
        if let s {
            for c in codes { #expect(s.reasons.map(\.code).contains(c), "\(name): \(s.reasons.map(\.code))") }
            #expect(s.reasons.first?.code == "same_name_transliterated", "\(name)")
        }
    }

    @Test func bonusesAndPenaltiesOrderScores() throws {
        let a = person("Moussa Ibrahim Garba")
        let same = try #require(DuplicateRules.score(a, person("Musa Ibrahim Garba")))
        let older = try #require(DuplicateRules.score(a, person("Musa Ibrahim Garba", "male", 1993)))
        let otherCountry = try #require(DuplicateRules.score(a, person("Musa Ibrahim Garba", "male", 1990, "NER")))
        let unknown = try #require(DuplicateRules.score(a, person("Musa Ibrahim Garba", nil, nil, nil)))
        #expect(same.score > otherCountry.score && same.score > older.score && same.score > unknown.score)
        #expect(same.isCandidate && otherCountry.isCandidate && unknown.isCandidate)
        #expect(older.reasons.contains(.birthYearDiffers(years: 3)))
    }

    @Test func clearlyDifferentNamesGiveNil() {
        #expect(DuplicateRules.score(person("Chukwuemeka Okafor"), person("Tesfay Gebremedhin")) == nil)
    }

    @Test func preparedAndPlainAgree() throws {
        let pairs = try NamePairsFile.load()
        for p in pairs.prefix(80) {
            let plain = DuplicateRules.score(p.a, p.b)
            let prepared = DuplicateRules.score(DuplicateRules.prepare(p.a), DuplicateRules.prepare(p.b))
            let mixed = DuplicateRules.score(DuplicateRules.prepare(p.a), p.b)
            #expect(plain == mixed, "\(p.id)")
            if let prepared { #expect(plain == prepared, "\(p.id)") }
        }
    }

    @Test func reasonCodesAreStableAndListed() {
        let all: [MatchReason] = [.sameNameArabicScript, .sameNameLatin, .sameNameTransliterated, .similarName(percent: 87),
                                  .namesSwapped, .namesMissing(count: 1), .sameBirthYear, .birthYearWithin(years: 2),
                                  .birthYearDiffers(years: 4), .sameSex, .sameNationality, .differentNationality]
        #expect(all.map(\.code) == MatchReason.allCodes)
        #expect(Set(MatchReason.allCodes).count == MatchReason.allCodes.count)
        #expect(MatchReason.similarName(percent: 87).params == ["percent": "87"])
        #expect(MatchReason.birthYearWithin(years: 2).params == ["years": "2"])
        #expect(MatchReason.namesMissing(count: 1).params == ["count": "1"])
    }
}

// MARK: - Blocking keys

@Suite("Blocking keys")
struct BlockingKeyTests {
    @Test("Registrations of one person share a key", arguments: [
        (original("محمد عبد الرحمن"), latin("Mohamed Abderrahmane")),
        (latin("Abderrahmane Mohamed"), latin("MOHAMED Abdel Rahman")),
        (latin("Ousmane Ibrahim Garba"), original("عثمان إبراهيم قاربا")),
        (latin("Fatouma Issoufou Garba"), latin("Fatima Issoufou")),
        (latin("Lamine Diallo"), original("الأمين ديالو")),
        (latin("Yaw Agyeman"), latin("Yao Agyemang")),
        (latin("Amadu Garba"), latin("Ahmadou Garba")),
        (original("ተስፋይ ገብረመድህን"), latin("Tesfai Gebremedhin")),
        (latin("Salah Mohamed"), original("صلاح محمد")),
        (latin("Aïcha Traoré"), latin("Aicha Traore")),
    ])
    func shared(_ a: PersonNameForms, _ b: PersonNameForms) {
        let ka = DuplicateRules.blockingKeys(a), kb = DuplicateRules.blockingKeys(b)
        #expect(!ka.isDisjoint(with: kb), "\(ka.sorted()) / \(kb.sorted())")
    }

    @Test func atMostEightAndPairKeysSelective() {
        let k = DuplicateRules.blockingKeys(PersonNameForms(original: "محمد أحمد علي حسن موسى", latin: "Mohamed Ahmed Ali Hassan Moussa"))
        #expect(k.count <= 8)
        #expect(k.contains("hmt|mhmt"))
        // Common given names alone are no single key; a rare one is.
        #expect(!k.contains("mhmt"))
        #expect(DuplicateRules.blockingKeys(latin("Mohamed Chukwuemeka")).contains("xkmk"))
        // A one-name registration gets its single key even when common.
        #expect(DuplicateRules.blockingKeys(latin("Mohamed")) == ["mhmt"])
        #expect(DuplicateRules.blockingKeys(latin("")).isEmpty)
    }
}

// MARK: - Labelled evaluation set (bench/data/name-pairs.csv)

struct LabelledPair {
    var id: String
    var a: MatchCandidateInput
    var b: MatchCandidateInput
    var same: Bool
}

enum NamePairsFile {
    static func locate() -> URL? {
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment["BADIL_NAME_PAIRS"] { candidates.append(URL(fileURLWithPath: env)) }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("bench/data/name-pairs.csv"))
        let here = URL(fileURLWithPath: #filePath)
        candidates.append(here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("bench/data/name-pairs.csv"))
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// Minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF.
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        let chars = Array(text.unicodeScalars)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" { field.unicodeScalars.append("\""); i += 1 } else { quoted = false }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else {
                switch c {
                case "\"": quoted = true
                case ",": row.append(field); field = ""
                case "\n": row.append(field); field = ""; rows.append(row); row = []
                case "\r": break
                default: field.unicodeScalars.append(c)
                }
            }
            i += 1
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    static func load() throws -> [LabelledPair] {
        guard let url = locate() else { return [] }
        let rows = parse(try String(contentsOf: url, encoding: .utf8))
        guard let header = rows.first else { return [] }
        let col = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
        return rows.dropFirst().filter { $0.count == header.count }.map { r in
            func cell(_ name: String) -> String? { let s = r[col[name]!]; return s.isEmpty ? nil : s }
            func side(_ s: String) -> MatchCandidateInput {
                MatchCandidateInput(
                    names: PersonNameForms(original: cell("name_\(s)_original"), latin: cell("name_\(s)_latin")),
                    sex: cell("sex_\(s)"), birthYear: cell("birth_year_\(s)").flatMap { Int($0) },
                    birthYearEstimated: cell("birth_estimated_\(s)") == "1", nationality: cell("nationality_\(s)"))
            }
            return LabelledPair(id: r[col["id"]!], a: side("a"), b: side("b"), same: r[col["same_person"]!] == "1")
        }
    }
}

@Suite("Duplicate detection on the labelled set")
struct NamePairsEvaluation {
    @Test func precisionAndRecall() throws {
        let pairs = try NamePairsFile.load()
        try #require(pairs.count >= 300, "bench/data/name-pairs.csv not found or too small (set BADIL_NAME_PAIRS)")
        var tp = 0, fp = 0, fn = 0, tn = 0, blockedPositives = 0
        let verbose = ProcessInfo.processInfo.environment["BADIL_MATCH_VERBOSE"] != nil
        for p in pairs {
            let s = DuplicateRules.score(p.a, p.b)
            let proposed = (s?.score ?? 0) >= DuplicateRules.candidateThreshold
            switch (p.same, proposed) {
            case (true, true): tp += 1
            case (false, true): fp += 1
            case (true, false): fn += 1
            case (false, false): tn += 1
            }
            if p.same && !DuplicateRules.blockingKeys(p.a.names).isDisjoint(with: DuplicateRules.blockingKeys(p.b.names)) {
                blockedPositives += 1
            }
            if verbose && p.same != proposed {
                print("\(p.same ? "MISSED" : "FALSE ") \(p.id) score=\(s.map { String($0.score) } ?? "nil") "
                      + "[\(p.a.names.original ?? "")|\(p.a.names.latin ?? "")] vs [\(p.b.names.original ?? "")|\(p.b.names.latin ?? "")] "
                      + "\(s?.reasons.map(\.code) ?? [])")
            }
        }
        let precision = Double(tp) / Double(max(1, tp + fp))
        let recall = Double(tp) / Double(max(1, tp + fn))
        let blocking = Double(blockedPositives) / Double(max(1, tp + fn))
        print("name-pairs: \(pairs.count) pairs, tp=\(tp) fp=\(fp) fn=\(fn) tn=\(tn); "
              + "precision=\(String(format: "%.3f", precision)) recall=\(String(format: "%.3f", recall)); "
              + "positives sharing a blocking key=\(String(format: "%.3f", blocking))")
        #expect(precision >= 0.95)
        #expect(recall >= 0.90)
    }
}
