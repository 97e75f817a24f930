import Foundation

/// A person's name as registered: as spoken and written in the original script, and in Latin
/// script. Either may be nil; a record without both is not compared.
public struct PersonNameForms: Sendable, Equatable, Hashable, Codable {
    public var original: String?
    public var latin: String?

    public init(original: String?, latin: String?) {
        self.original = original
        self.latin = latin
    }
}

/// Why two records were proposed as the same person. `code` is a stable translation key suffix
/// (e.g. `match.reason.<code>`), `params` fill its placeholders.
public enum MatchReason: Sendable, Equatable, Hashable {
    /// Both records have the name in Arabic script and it is the same after normalisation.
    case sameNameArabicScript
    /// Same Latin spelling after folding (case, accents, particles, doubled letters).
    case sameNameLatin
    /// The Arabic-script name of one record is a transliteration of the Latin name of the other.
    case sameNameTransliterated
    /// Names similar but not equal; `percent` is the name similarity.
    case similarName(percent: Int)
    /// The same names in a different order (given and family name swapped).
    case namesSwapped
    /// One record has `count` more names (e.g. the grandfather's name is missing in the other).
    case namesMissing(count: Int)
    case sameBirthYear
    /// Birth years differ by `years`, within the tolerance (estimated ages: ±2).
    case birthYearWithin(years: Int)
    /// Birth years differ by `years`, beyond the tolerance (lowers the score).
    case birthYearDiffers(years: Int)
    case sameSex
    case sameNationality
    /// Nationalities recorded differently (lowers the score; often corrected after registration).
    case differentNationality

    public var code: String {
        switch self {
        case .sameNameArabicScript: return "same_name_arabic_script"
        case .sameNameLatin: return "same_name_latin"
        case .sameNameTransliterated: return "same_name_transliterated"
        case .similarName: return "similar_name"
        case .namesSwapped: return "names_swapped"
        case .namesMissing: return "names_missing"
        case .sameBirthYear: return "same_birth_year"
        case .birthYearWithin: return "birth_year_within"
        case .birthYearDiffers: return "birth_year_differs"
        case .sameSex: return "same_sex"
        case .sameNationality: return "same_nationality"
        case .differentNationality: return "different_nationality"
        }
    }

    public var params: [String: String] {
        switch self {
        case .similarName(let p): return ["percent": String(p)]
        case .namesMissing(let c): return ["count": String(c)]
        case .birthYearWithin(let y), .birthYearDiffers(let y): return ["years": String(y)]
        default: return [:]
        }
    }

    /// Every code, for translation completeness checks.
    public static let allCodes: [String] = [
        "same_name_arabic_script", "same_name_latin", "same_name_transliterated", "similar_name", "names_swapped",
        "names_missing", "same_birth_year", "birth_year_within", "birth_year_differs", "same_sex", "same_nationality",
        "different_nationality",
    ]
}

/// A name analysed once (tokens, phonetic forms, deletion costs), to compare with many others.
public struct PreparedName: Sendable {
    struct Form: Sendable {
        let sym: [UInt8]
        /// Deletion cost of each symbol, per mode (latin, cross, arabic), flattened.
        let del: [Float]
        /// Sum of the deletion costs per mode: the normaliser of a distance.
        let weight: (Float, Float, Float)
    }

    struct Token: Sendable {
        let script: NMScript
        let forms: [Form]
        let weak: Bool
        let arabicKey: String
        let key: [UInt8]
    }

    /// Token lists: from the original-script name and from the Latin name (one if they agree).
    let lists: [[Token]]
    /// Which list came from which field: true for the Latin field.
    let listIsLatinField: [Bool]

    public let forms: PersonNameForms

    public var isEmpty: Bool { lists.isEmpty }
}

/// Name similarity across scripts, orders and spelling habits.
///
/// Token by token, two phonetic forms are aligned with a weighted edit distance (see
/// `NamePhonetics.swift`); the similarity of two tokens is 1 − distance / weight of the longer.
/// Two names are compared as token sets (order-insensitive, so swapped given/family names
/// match), with the best one-to-one assignment; a name missing in one record costs a little,
/// a name that disagrees costs a lot (siblings share father's and grandfather's names):
///
///     score = ½·mean(token similarities) + ½·min(token similarities) − 0.04 per missing name
///
/// where a token of the shorter name left without a partner counts as similarity 0. Every
/// combination of the two records' forms (original × Latin) is tried and the best is kept.
public enum NameMatcher {

    /// Analyses a name once; use with `similarity(_:_:)` on prepared names in loops.
    public static func prepare(_ forms: PersonNameForms) -> PreparedName {
        var lists: [[PreparedName.Token]] = []
        var isLatin: [Bool] = []
        var seenKeys: [[[UInt8]]] = []
        for (field, isLatinField) in [(forms.original, false), (forms.latin, true)] {
            guard let field, !field.isEmpty else { continue }
            let tokens = NameNormalizer.analyze(field, arabicKeys: true).map(prepareToken)
            guard !tokens.isEmpty else { continue }
            let keys = tokens.map(\.key)
            if seenKeys.contains(keys) { continue }
            seenKeys.append(keys)
            lists.append(tokens)
            isLatin.append(isLatinField)
        }
        return PreparedName(lists: lists, listIsLatinField: isLatin, forms: forms)
    }

    static func prepareToken(_ t: NameNormalizer.Token) -> PreparedName.Token {
        let forms = t.forms.map { sym -> PreparedName.Form in
            let l = NMCost.deletionCosts(sym, mode: .latin)
            let c = NMCost.deletionCosts(sym, mode: .cross)
            let a = NMCost.deletionCosts(sym, mode: .arabic)
            return PreparedName.Form(sym: sym, del: l + c + a, weight: (l.reduce(0, +), c.reduce(0, +), a.reduce(0, +)))
        }
        return PreparedName.Token(script: t.script, forms: forms, weak: t.weak, arabicKey: t.arabicKey, key: t.forms[0])
    }

    /// Similarity of two names in 0...1 with the reasons that explain it.
    public static func similarity(_ a: PersonNameForms, _ b: PersonNameForms) -> (score: Double, reasons: [MatchReason]) {
        let r = similarity(prepare(a), prepare(b))
        return (r.score, r.reasons)
    }

    /// Similarity of two prepared names in 0...1 with the reasons that explain it.
    public static func similarity(_ a: PreparedName, _ b: PreparedName) -> (score: Double, reasons: [MatchReason]) {
        guard let best = bestMatch(a, b) else { return (0, []) }
        return (Double(best.score), reasons(best, a, b))
    }

    // MARK: Token similarity

    /// Similarity of two single name tokens (any scripts) in 0...1.
    public static func tokenSimilarity(_ a: String, _ b: String) -> Double {
        let ta = NameNormalizer.analyze(a).map(prepareToken)
        let tb = NameNormalizer.analyze(b).map(prepareToken)
        guard let x = ta.first, let y = tb.first else { return 0 }
        if ta.count == 1 && tb.count == 1 { return Double(tokenSim(x, y)) }
        // Several tokens: compare the joined forms.
        return Double(tokenSim(joined(ta), joined(tb)))
    }

    static func joined(_ ts: [PreparedName.Token]) -> PreparedName.Token {
        let sym = ts.flatMap { $0.forms[0].sym }
        let script: NMScript = ts.contains { $0.script == .arabic } ? .arabic : ts[0].script
        return prepareToken(NameNormalizer.Token(script: script, forms: [sym], weak: false, arabicKey: ""))
    }

    @inline(__always)
    static func mode(_ a: NMScript, _ b: NMScript) -> NMMode {
        let aa = a == .arabic, bb = b == .arabic
        if aa && bb { return .arabic }
        if aa || bb { return .cross }
        return .latin
    }

    static func tokenSim(_ a: PreparedName.Token, _ b: PreparedName.Token) -> Float {
        let m = mode(a.script, b.script)
        var best: Float = 0
        for fa in a.forms {
            for fb in b.forms {
                if fa.sym == fb.sym { return 1 }
                let d = align(fa, fb, m)
                let wa: Float, wb: Float
                switch m {
                case .latin: wa = fa.weight.0; wb = fb.weight.0
                case .cross: wa = fa.weight.1; wb = fb.weight.1
                case .arabic: wa = fa.weight.2; wb = fb.weight.2
                }
                let s = 1 - d / max(wa, wb, 1)
                if s > best { best = s }
            }
        }
        return max(0, best)
    }

    /// Weighted edit distance of two phonetic forms, with the digraph rule (th ↔ t+h ...).
    static func align(_ a: PreparedName.Form, _ b: PreparedName.Form, _ mode: NMMode) -> Float {
        let n = a.sym.count, m = b.sym.count
        let off = mode.rawValue
        let cols = m + 1
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: (n + 1) * cols) { dp -> Float in
            a.sym.withUnsafeBufferPointer { sa in
                b.sym.withUnsafeBufferPointer { sb in
                    a.del.withUnsafeBufferPointer { daAll in
                        b.del.withUnsafeBufferPointer { dbAll in
                            let da = daAll.baseAddress! + off * n
                            let db = dbAll.baseAddress! + off * m
                            return NMCost.sub.withUnsafeBufferPointer { sub in
                                let N = NMSym.count
                                dp[0] = 0
                                if m > 0 { for j in 1...m { dp[j] = dp[j - 1] + db[j - 1] } }
                                if n > 0 {
                                    for i in 1...n {
                                        let row = i * cols, prev = (i - 1) * cols
                                        dp[row] = dp[prev] + da[i - 1]
                                        let x = sa[i - 1]
                                        let xBase = NMCost.digraphBase(x)
                                        if m > 0 {
                                            for j in 1...m {
                                                let y = sb[j - 1]
                                                var best = dp[prev + j - 1] + sub[Int(x) * N + Int(y)]
                                                let del = dp[prev + j] + da[i - 1]
                                                if del < best { best = del }
                                                let ins = dp[row + j - 1] + db[j - 1]
                                                if ins < best { best = ins }
                                                // Digraph on a against two letters of b.
                                                if let xb = xBase, j >= 2, sb[j - 2] == xb, sb[j - 1] == NMSym.h {
                                                    let c = dp[prev + j - 2] + 0.1
                                                    if c < best { best = c }
                                                }
                                                // Digraph on b against two letters of a.
                                                if i >= 2, let yb = NMCost.digraphBase(y), sa[i - 2] == yb, x == NMSym.h {
                                                    let c = dp[(i - 2) * cols + j - 1] + 0.1
                                                    if c < best { best = c }
                                                }
                                                // Two adjacent letters swapped (a clerk's slip in Latin: Faysla).
                                                if mode == .latin, i >= 2, j >= 2, x == sb[j - 2], sa[i - 2] == y, x != y {
                                                    let c = dp[(i - 2) * cols + j - 2] + 0.4
                                                    if c < best { best = c }
                                                }
                                                dp[row + j] = best
                                            }
                                        }
                                    }
                                }
                                return dp[n * cols + m]
                            }
                        }
                    }
                }
            }
        }
    }

    // MARK: Jaro-Winkler

    /// Jaro-Winkler similarity of two strings (compared as folded Latin keys), 0...1. Offered for
    /// fuzzy search boxes; the duplicate rules use the phonetic alignment instead, which knows
    /// that Arabic script omits short vowels.
    public static func jaroWinkler(_ a: String, _ b: String) -> Double {
        jaroWinkler(Array(NameNormalizer.latinKey(a).utf8), Array(NameNormalizer.latinKey(b).utf8))
    }

    /// Jaro-Winkler on raw bytes (prefix scale 0.1, prefix up to 4).
    public static func jaroWinkler(_ s1: [UInt8], _ s2: [UInt8]) -> Double {
        if s1.isEmpty && s2.isEmpty { return 1 }
        if s1.isEmpty || s2.isEmpty { return 0 }
        if s1 == s2 { return 1 }
        let range = max(0, max(s1.count, s2.count) / 2 - 1)
        var m1 = [Bool](repeating: false, count: s1.count)
        var m2 = [Bool](repeating: false, count: s2.count)
        var matches = 0
        for i in 0..<s1.count {
            let lo = max(0, i - range), hi = min(s2.count - 1, i + range)
            if lo > hi { continue }
            for j in lo...hi where !m2[j] && s1[i] == s2[j] {
                m1[i] = true; m2[j] = true; matches += 1
                break
            }
        }
        if matches == 0 { return 0 }
        var t = 0, k = 0
        for i in 0..<s1.count where m1[i] {
            while !m2[k] { k += 1 }
            if s1[i] != s2[k] { t += 1 }
            k += 1
        }
        let md = Double(matches)
        let jaro = (md / Double(s1.count) + md / Double(s2.count) + (md - Double(t) / 2) / md) / 3
        var prefix = 0
        while prefix < min(4, s1.count, s2.count) && s1[prefix] == s2[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }

    // MARK: Name-level matching

    struct Pair {
        var a: [Int]
        var b: [Int]
        var sim: Float
    }

    struct ListMatch {
        var score: Float
        var pairs: [Pair]
        var missing: Int
        var misses: Int
        var swapped: Bool
        var mode: NMMode
        var listA: Int
        var listB: Int
    }

    static let maxTokens = 6
    /// Below this a token pair is not a match at all.
    static let pairFloor: Float = 0.5

    /// How far other combinations may lift the score above the comparison of two names written
    /// in the same non-Latin script (راشد vs رشيد is not rescued by Rashed ≈ Rashid).
    static let originalScriptLead: Float = 0.05

    static func bestMatch(_ a: PreparedName, _ b: PreparedName) -> ListMatch? {
        var best: ListMatch?
        var sameScriptOriginal: Float?
        for (ia, la) in a.lists.enumerated() {
            for (ib, lb) in b.lists.enumerated() {
                guard var r = matchLists(la, lb) else { continue }
                r.listA = ia; r.listB = ib
                if !a.listIsLatinField[ia] && !b.listIsLatinField[ib], let sa = la.first?.script, sa != .latin,
                   sa == lb.first?.script {
                    sameScriptOriginal = max(sameScriptOriginal ?? 0, r.score)
                }
                if best == nil || r.score > best!.score { best = r }
            }
        }
        if var b = best, let cap = sameScriptOriginal, b.score > cap + originalScriptLead {
            b.score = cap + originalScriptLead
            best = b
        }
        return best
    }

    static func significant(_ list: [PreparedName.Token]) -> [PreparedName.Token] {
        let strong = list.filter { !$0.weak }
        return Array((strong.isEmpty ? list : strong).prefix(maxTokens))
    }

    static func matchLists(_ listA: [PreparedName.Token], _ listB: [PreparedName.Token]) -> ListMatch? {
        let A = significant(listA), B = significant(listB)
        let n = A.count, m = B.count
        guard n > 0 && m > 0 else { return nil }
        var sims = [Float](repeating: 0, count: n * m)
        var anyArabic = false, allArabic = true
        for i in 0..<n {
            for j in 0..<m {
                sims[i * m + j] = tokenSim(A[i], B[j])
            }
            if A[i].script == .arabic { anyArabic = true } else { allArabic = false }
        }
        for t in B { if t.script == .arabic { anyArabic = true } else { allArabic = false } }
        let md: NMMode = allArabic ? .arabic : (anyArabic ? .cross : .latin)

        var pairs = assign(sims, n, m, usedA: 0, usedB: 0)
        var result = evaluate(pairs, n, m, md)
        // Compound written as two words on one side and one on the other (Gebre Medhin /
        // Gebremedhin, Haile Mariam): try joining two adjacent unmatched or weak tokens.
        let weakA = (0..<n).filter { i in !pairs.contains { $0.a.contains(i) && $0.sim >= 0.8 } }
        let weakB = (0..<m).filter { j in !pairs.contains { $0.b.contains(j) && $0.sim >= 0.8 } }
        if !weakA.isEmpty && !weakB.isEmpty && (weakA.count >= 2 || weakB.count >= 2) {
            var bestJoin: Pair?
            for (side, weakX, weakY, X, Y) in [(0, weakA, weakB, A, B), (1, weakB, weakA, B, A)] {
                for i in weakX where weakX.contains(i + 1) {
                    let joinedTok = joined([X[i], X[i + 1]])
                    for j in weakY {
                        let s = tokenSim(joinedTok, Y[j])
                        if s >= 0.8 && s > (bestJoin?.sim ?? 0) {
                            bestJoin = side == 0 ? Pair(a: [i, i + 1], b: [j], sim: s) : Pair(a: [j], b: [i, i + 1], sim: s)
                        }
                    }
                }
            }
            if let join = bestJoin {
                var usedA = 0, usedB = 0
                for i in join.a { usedA |= 1 << i }
                for j in join.b { usedB |= 1 << j }
                let rest = assign(sims, n, m, usedA: usedA, usedB: usedB)
                let candidate = evaluate([join] + rest, n, m, md)
                if candidate.score > result.score {
                    pairs = [join] + rest
                    result = candidate
                }
            }
        }
        return result
    }

    /// Best one-to-one assignment maximising the sum of similarities (pairs under `pairFloor`
    /// are not made), by dynamic programming over subsets of B.
    static func assign(_ sims: [Float], _ n: Int, _ m: Int, usedA: Int, usedB: Int) -> [Pair] {
        let full = 1 << m
        // best[i][mask]: best sum using A[i...] with B-mask used.
        var memo = [Float](repeating: -1, count: (n + 1) * full)
        var choice = [Int8](repeating: -1, count: (n + 1) * full)
        func solve(_ i: Int, _ mask: Int) -> Float {
            if i == n { return 0 }
            let key = i * full + mask
            if memo[key] >= 0 { return memo[key] }
            var best = solve(i + 1, mask)
            var pick: Int8 = -1
            if usedA & (1 << i) == 0 {
                for j in 0..<m where mask & (1 << j) == 0 {
                    let s = sims[i * m + j]
                    if s < pairFloor { continue }
                    let v = s + solve(i + 1, mask | (1 << j))
                    if v > best + 1e-6 { best = v; pick = Int8(j) }
                }
            }
            memo[key] = best
            choice[key] = pick
            return best
        }
        _ = solve(0, usedB)
        var pairs: [Pair] = []
        var mask = usedB
        for i in 0..<n {
            let j = choice[i * full + mask]
            if j >= 0 {
                pairs.append(Pair(a: [i], b: [Int(j)], sim: sims[i * m + Int(j)]))
                mask |= 1 << Int(j)
            }
        }
        return pairs
    }

    static func evaluate(_ pairs: [Pair], _ n: Int, _ m: Int, _ md: NMMode) -> ListMatch {
        var coveredA = 0, coveredB = 0
        var sum: Float = 0, minSim: Float = 1
        for p in pairs {
            coveredA += p.a.count; coveredB += p.b.count
            sum += p.sim; minSim = min(minSim, p.sim)
        }
        let uA = n - coveredA, uB = m - coveredB
        let misses = min(uA, uB)
        let missing = max(uA, uB) - misses
        let units = pairs.count + misses
        guard units > 0, !pairs.isEmpty else {
            return ListMatch(score: 0, pairs: pairs, missing: missing, misses: misses, swapped: false, mode: md, listA: 0, listB: 0)
        }
        let mean = sum / Float(units)
        if misses > 0 { minSim = 0 }
        var score = 0.5 * mean + 0.5 * minSim
        score -= 0.04 * Float(min(missing, 3))
        // Order: the pairs sorted by A index should have increasing B indices.
        let sorted = pairs.sorted { $0.a[0] < $1.a[0] }
        var swapped = false
        for k in 1..<max(1, sorted.count) where sorted[k].b[0] < sorted[k - 1].b[0] { swapped = true }
        if swapped { score -= 0.02 }
        // Shifted names (father Hassan Omar / son Ali Hassan Omar): the longer name's first token
        // is left out while the shorter one's first token matches a later token.
        if missing > 0 && !sorted.isEmpty {
            let aLonger = n > m
            let firstLongerCovered = pairs.contains { (aLonger ? $0.a : $0.b).contains(0) }
            let firstShorterPair = pairs.first { (aLonger ? $0.b : $0.a).contains(0) }
            if !firstLongerCovered, let p = firstShorterPair, (aLonger ? p.a[0] : p.b[0]) > 0 { score -= 0.08 }
        }
        // A single name says little.
        if units == 1 { score *= 0.85 }
        return ListMatch(score: max(0, score), pairs: pairs, missing: missing, misses: misses, swapped: swapped, mode: md,
                         listA: 0, listB: 0)
    }

    static func reasons(_ best: ListMatch, _ a: PreparedName, _ b: PreparedName) -> [MatchReason] {
        var out: [MatchReason] = []
        let la = significant(a.lists[best.listA]), lb = significant(b.lists[best.listB])
        let exact = best.misses == 0 && best.pairs.allSatisfy { $0.sim >= 0.999 }
        // Same Arabic-script name: compare the normalised Arabic tokens of the original fields.
        var sameArabic = false
        for x in a.lists where x.first?.script == .arabic {
            for y in b.lists where y.first?.script == .arabic {
                let kx = significant(x).map(\.arabicKey).sorted(), ky = significant(y).map(\.arabicKey).sorted()
                if kx == ky { sameArabic = true }
            }
        }
        if sameArabic {
            out.append(.sameNameArabicScript)
        } else if exact && best.mode != .cross && best.missing == 0
                    && Set(la.map(\.key)) == Set(lb.map(\.key)) {
            out.append(best.mode == .arabic ? .sameNameArabicScript : .sameNameLatin)
        } else if best.mode == .cross && best.misses == 0 && best.pairs.allSatisfy({ $0.sim >= 0.9 }) {
            out.append(.sameNameTransliterated)
        } else {
            out.append(.similarName(percent: Int((best.score * 100).rounded())))
        }
        if best.swapped { out.append(.namesSwapped) }
        if best.missing > 0 { out.append(.namesMissing(count: best.missing)) }
        return out
    }
}
