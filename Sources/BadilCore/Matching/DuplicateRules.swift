import Foundation

/// What the duplicate rules know about one registered person.
public struct MatchCandidateInput: Sendable, Equatable {
    public var names: PersonNameForms
    /// "male"/"female" (or "m"/"f", any case; `Sex.rawValue` fits); anything else ("unknown") counts as unknown.
    public var sex: String?
    public var birthYear: Int?
    /// True when the birth year comes from an estimated or claimed age rather than a date of birth.
    public var birthYearEstimated: Bool
    /// ISO 3166-1 alpha-3; anything else ("undetermined", "stateless", XXA, ZZZ) counts as unknown.
    public var nationality: String?

    public init(names: PersonNameForms, sex: String?, birthYear: Int?, birthYearEstimated: Bool, nationality: String?) {
        self.names = names
        self.sex = sex
        self.birthYear = birthYear
        self.birthYearEstimated = birthYearEstimated
        self.nationality = nationality
    }
}

/// A proposed pair: score in 0...1 and the reasons, in display order.
public struct MatchScore: Sendable, Equatable {
    public var score: Double
    public var reasons: [MatchReason]

    public init(score: Double, reasons: [MatchReason]) {
        self.score = score
        self.reasons = reasons
    }

    /// At or above `DuplicateRules.candidateThreshold`: show it as a possible duplicate.
    public var isCandidate: Bool { score >= DuplicateRules.candidateThreshold }
}

/// A registration analysed once, for scoring against many blocked candidates.
public struct PreparedCandidate: Sendable {
    public let input: MatchCandidateInput
    let name: PreparedName
    let sex: UInt8?
    let nationality: String?
}

/// Duplicate detection: who might already be registered under another spelling.
///
/// Score = 0.9 × name similarity (`NameMatcher`) + small adjustments from the other fields:
///
/// | field | rule |
/// |---|---|
/// | sex | both known and different: not a candidate (nil); same: +0.02 |
/// | birth year | tolerance ±2 when either is estimated, ±1 when both come from dates of birth; same year +0.05, within tolerance +0.01, beyond it −0.07 per year, beyond it by more than 3: not a candidate |
/// | nationality | same: +0.03; different: −0.05 (not an exclusion: nationality is often corrected after the first registration) |
///
/// A pair is proposed when the score is at least `candidateThreshold` (0.75): a name similarity
/// of at least 0.83 when nothing else is known, 0.72 when sex, birth year and nationality agree.
public enum DuplicateRules {
    /// Score from which a pair is proposed as a possible duplicate.
    public static let candidateThreshold = 0.75
    /// Share of the name in the score; the other fields add at most 1 − nameWeight (same sex
    /// 0.02, same birth year 0.05, same nationality 0.03), so that agreeing fields still rank a
    /// pair above one with the same name alone.
    public static let nameWeight = 0.9
    /// Below this name similarity `score` returns nil without looking further.
    public static let nameFloor = 0.6

    public static func prepare(_ input: MatchCandidateInput) -> PreparedCandidate {
        prepare(input, name: NameMatcher.prepare(input.names))
    }

    /// The same, with the names already prepared (for example taken from a cache: many people share a name).
    public static func prepare(_ input: MatchCandidateInput, name: PreparedName) -> PreparedCandidate {
        PreparedCandidate(input: input, name: name, sex: sexCode(input.sex), nationality: nationalityCode(input.nationality))
    }

    /// Score of a pair, or nil when they are clearly not the same person.
    public static func score(_ a: MatchCandidateInput, _ b: MatchCandidateInput) -> MatchScore? {
        // Cheap exclusions first.
        if let sa = sexCode(a.sex), let sb = sexCode(b.sex), sa != sb { return nil }
        if let ya = a.birthYear, let yb = b.birthYear, !yearsCompatible(ya, yb, a.birthYearEstimated || b.birthYearEstimated) {
            return nil
        }
        return score(prepare(a), prepare(b))
    }

    /// Score of a prepared registration (the new one, prepared once) against a stored record:
    /// the record is only analysed when sex and birth year leave it a candidate.
    public static func score(_ a: PreparedCandidate, _ b: MatchCandidateInput) -> MatchScore? {
        if let sa = a.sex, let sb = sexCode(b.sex), sa != sb { return nil }
        if let ya = a.input.birthYear, let yb = b.birthYear,
           !yearsCompatible(ya, yb, a.input.birthYearEstimated || b.birthYearEstimated) {
            return nil
        }
        return score(a, prepare(b))
    }

    /// Score of two prepared registrations (see `score(_:_:)`).
    public static func score(_ a: PreparedCandidate, _ b: PreparedCandidate) -> MatchScore? {
        score(a, b, candidatesOnly: false)
    }

    /// The same when the pair is a candidate (`isCandidate`), nil otherwise: the reasons, which cost more to
    /// work out than the score, are only made for pairs that will be shown.
    public static func candidate(_ a: PreparedCandidate, _ b: PreparedCandidate) -> MatchScore? {
        score(a, b, candidatesOnly: true)
    }

    private static func score(_ a: PreparedCandidate, _ b: PreparedCandidate, candidatesOnly: Bool) -> MatchScore? {
        guard let adjust = fields(a, b, explain: false)?.adjust else { return nil }
        guard let best = NameMatcher.bestMatch(a.name, b.name) else { return nil }
        let nameScore = Double(best.score)
        guard nameScore >= nameFloor else { return nil }
        let total = (min(1, max(0, nameWeight * nameScore + adjust)) * 1000).rounded() / 1000
        if candidatesOnly && total < candidateThreshold { return nil }
        let other = fields(a, b, explain: true)?.reasons ?? []
        return MatchScore(score: total, reasons: NameMatcher.reasons(best, a.name, b.name) + other)
    }

    /// What sex, birth year and nationality add to the name's share of the score, and why; nil when sex or birth
    /// year rule the pair out. The reasons are only listed when `explain`.
    static func fields(_ a: PreparedCandidate, _ b: PreparedCandidate, explain: Bool) -> (adjust: Double, reasons: [MatchReason])? {
        var adjust = 0.0
        var other: [MatchReason] = []
        if let sa = a.sex, let sb = b.sex {
            if sa != sb { return nil }
            adjust += 0.02
            if explain { other.append(.sameSex) }
        }
        if let ya = a.input.birthYear, let yb = b.input.birthYear {
            let estimated = a.input.birthYearEstimated || b.input.birthYearEstimated
            guard yearsCompatible(ya, yb, estimated) else { return nil }
            let d = abs(ya - yb), tol = estimated ? 2 : 1
            if d == 0 {
                adjust += 0.05
                if explain { other.append(.sameBirthYear) }
            } else if d <= tol {
                adjust += 0.01
                if explain { other.append(.birthYearWithin(years: d)) }
            } else {
                adjust -= 0.07 * Double(d - tol)
                if explain { other.append(.birthYearDiffers(years: d)) }
            }
        }
        if let na = a.nationality, let nb = b.nationality {
            if na == nb {
                adjust += 0.03
                if explain { other.append(.sameNationality) }
            } else {
                adjust -= 0.05
                if explain { other.append(.differentNationality) }
            }
        }
        return (adjust, other)
    }

    static func yearsCompatible(_ a: Int, _ b: Int, _ estimated: Bool) -> Bool {
        abs(a - b) <= (estimated ? 2 : 1) + 3
    }

    static func sexCode(_ s: String?) -> UInt8? {
        guard let s, let c = s.trimmingWhitespace().lowercased().utf8.first else { return nil }
        switch c {
        case UInt8(ascii: "m"): return 1
        case UInt8(ascii: "f"): return 2
        default: return nil
        }
    }

    /// An ISO 3166-1 alpha-3 code, upper-cased; anything else ("undetermined", "stateless", XXA,
    /// XXX, ZZZ, empty) is unknown and neither confirms nor contradicts.
    static func nationalityCode(_ s: String?) -> String? {
        guard let s else { return nil }
        let c = s.trimmingWhitespace().uppercased()
        guard c.utf8.count == 3, c.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else { return nil }
        if c.hasPrefix("XX") || c.hasPrefix("ZZ") || c == "UND" || c == "UNK" { return nil }
        return c
    }

    // MARK: Blocking

    /// Most frequent given names in the caseload: their skeletons alone select too many people
    /// to be used as single-token blocking keys (they still appear inside pair keys).
    static let commonSkeletons: Set<String> = {
        let names = [
            "Mohamed", "Ahmed", "Mahmoud", "Ali", "Omar", "Othman", "Osman", "Ibrahim", "Youssef", "Moussa", "Issa", "Adam",
            "Hassan", "Hussein", "Abdallah", "Abderrahmane", "Abubakar", "Idris", "Yahya", "Haroun", "Khalid", "Said",
            "Ismail", "Salah", "Saleh", "Hamid", "Abdelkader", "Mustafa", "Suleiman", "Daoud", "Yacoub", "Fatima",
            "Aisha", "Khadija", "Mariam", "Amina", "Zainab", "Halima", "Hawa", "Musa", "Usman", "Sani", "Bello", "Garba",
        ]
        var s = Set<String>()
        for name in names {
            for t in NameNormalizer.analyze(name) {
                s.insert(NameNormalizer.skeleton(t.forms[0]))
                s.insert(NameNormalizer.skeleton(t.forms[0], sibilantVariant: true))
            }
        }
        return s
    }()

    static let maxBlockingKeys = 8

    /// Keys for fast candidate retrieval: at most 8 short strings per person such that two
    /// registrations of the same person very probably share at least one (98% of the positive
    /// pairs of bench/data/name-pairs.csv do).
    ///
    /// Three kinds, all made of consonant skeletons (`NameNormalizer.consonantKey`), in this order
    /// of priority when the 8 are filled:
    /// - **pair keys** `"hmt|mhmt"`: the skeletons of two of the first three names, sorted (so
    ///   swapped names give the same key, and a missing third name still leaves a shared pair);
    ///   then the same with the th→s / dh→z reading of ث ذ ظ and with alternate forms (the
    ///   article kept: Lamine / الأمين);
    /// - **single keys** `"btrhmn"` (no `|`): the skeleton of a name that is not among the most
    ///   common given names, longest first, at most two (a one-name registration always gets the
    ///   keys of its one name);
    /// - **coarse pair keys** `"c:mt|srh"`: pair keys with h dropped, sh read as s and each
    ///   skeleton cut to three letters (Amadu / Ahmadou, Saiful / Shaiful, Osaro / Osarho).
    ///
    /// Query strategy (a table `(key, person_id)` indexed on key): fetch the people of all keys,
    /// taking keys from the smallest bucket to the largest and stopping at a few thousand people,
    /// so that a common name cannot crowd out the selective keys; score each one with
    /// `score(_:_:)` (prepare the new registration once) and keep `isCandidate`, best first.
    /// Pair keys stay selective for common names (Mohamed Ahmed); single and coarse keys catch
    /// registrations whose other names disagree.
    public static func blockingKeys(_ names: PersonNameForms) -> Set<String> {
        var ordered: [String] = []
        func add(_ k: String) { if !ordered.contains(k) { ordered.append(k) } }
        var lists: [[NameNormalizer.Token]] = []
        for field in [names.original, names.latin] {
            guard let field, !field.isEmpty else { continue }
            let toks = NameNormalizer.analyze(field)
            let strong = toks.filter { !$0.weak }
            let use = strong.isEmpty ? toks : strong
            if !use.isEmpty { lists.append(use) }
        }
        // Skeleton variants per token: primary, sibilant reading, alternate form.
        func variants(_ t: NameNormalizer.Token) -> [String] {
            var v: [String] = []
            let p = NameNormalizer.skeleton(t.forms[0])
            v.append(p)
            let sib = NameNormalizer.skeleton(t.forms[0], sibilantVariant: true)
            if sib != p { v.append(sib) }
            for alt in t.forms.dropFirst() {
                let s = NameNormalizer.skeleton(alt)
                if !v.contains(s) { v.append(s) }
            }
            return v
        }
        func pair(_ x: String, _ y: String) -> String { x <= y ? x + "|" + y : y + "|" + x }
        let variantLists: [[[String]]] = lists.map { $0.map(variants) }
        // 1. Primary pair keys among the first three names.
        for vl in variantLists {
            let k = min(vl.count, 3)
            for i in 0..<k { for j in (i + 1)..<max(i + 1, k) { add(pair(vl[i][0], vl[j][0])) } }
        }
        // 2. Single keys: one-name registrations, and rare names (longest skeleton first).
        for vl in variantLists where vl.count == 1 { for v in vl[0] { add(v) } }
        var singles: [String] = []
        for vl in variantLists where vl.count > 1 {
            for v in vl.prefix(3) where !commonSkeletons.contains(v[0]) && v[0].count >= 3 && !singles.contains(v[0]) {
                singles.append(v[0])
            }
        }
        singles.sort { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
        for s in singles.prefix(2) { add(s) }
        // 3. Variant pair keys among the first three names.
        for vl in variantLists {
            let k = min(vl.count, 3)
            for i in 0..<k {
                for j in (i + 1)..<max(i + 1, k) {
                    for x in vl[i] { for y in vl[j] where !(x == vl[i][0] && y == vl[j][0]) { add(pair(x, y)) } }
                }
            }
        }
        // 4. Coarse pair keys among the first three names (h dropped, sh = s, 3 letters).
        for vl in variantLists {
            let k = min(vl.count, 3)
            for i in 0..<k {
                for j in (i + 1)..<max(i + 1, k) {
                    add("c:" + pair(NameNormalizer.coarseSkeleton(vl[i][0]), NameNormalizer.coarseSkeleton(vl[j][0])))
                }
            }
        }
        // 5. Pairs with the fourth name.
        for vl in variantLists where vl.count >= 4 {
            for i in 0..<3 { add(pair(vl[i][0], vl[3][0])) }
        }
        return Set(ordered.prefix(maxBlockingKeys))
    }
}
