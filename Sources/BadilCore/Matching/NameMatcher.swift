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
/// Stored flat (one array of symbols, one of costs, small tables of plain values) so that
/// comparing two prepared names allocates almost nothing.
public struct PreparedName: Sendable {
    struct FormRef: Sendable {
        var start: Int32
        var count: Int32
        /// Sum of the deletion costs per mode (latin, cross, arabic): the normaliser of a distance.
        var weight: (Float, Float, Float)
    }

    struct TokenRef: Sendable {
        var firstForm: Int32
        var formCount: Int32
        var script: NMScript
        var weak: Bool
    }

    struct ListRef: Sendable {
        /// Range in `significant` of the tokens compared (honorifics left out, at most `maxTokens`).
        var sigStart: Int32
        var sigCount: Int32
        var isLatinField: Bool
        var script: NMScript
    }

    /// Symbols of all forms, one after the other.
    let sym: [UInt8]
    /// Deletion cost of each symbol in each mode: `del[3 * k + mode]`.
    let del: [Float]
    let forms: [FormRef]
    let tokens: [TokenRef]
    /// Token indices of each list's significant tokens.
    let significant: [Int32]
    /// Parallel to `significant`: the primary forms of a significant token and the next one written as one word
    /// (Gebre Medhin → Gebremedhin), with its script; empty for the last token of a list.
    let joins: [FormRef]
    let joinScripts: [NMScript]
    /// Token lists: from the original-script name and from the Latin name (one if they agree).
    let lists: [ListRef]
    /// Per list: its normalised Arabic tokens sorted and joined (nil unless the list is Arabic).
    let arabicSignature: [String?]

    /// The name as given.
    public let names: PersonNameForms

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
///     score = 0.35·mean(token similarities) + 0.65·min(token similarities) − 0.06 per missing name
///
/// where a token of the shorter name left without a partner counts as similarity 0; −0.02
/// when the order differs, −0.25 when the shorter name matches only the tail of the longer one
/// (father "Hassan Omar" / son "Ali Hassan Omar"), ×0.85 when only one name is compared. The
/// combinations of the two records' forms (original × Latin) are tried and the best is kept;
/// when both records have the name in the same non-Latin script, that comparison leads (the
/// others may lift it by at most `originalScriptLead`).
public enum NameMatcher {

    static let maxTokens = 6
    /// Weight of the weakest token pair in a name's score (the rest is the mean): one name that
    /// differs (brothers share father's and grandfather's names) must weigh heavily.
    static let minWeight: Float = 0.65
    /// Below this a token pair is not a match at all.
    static let pairFloor: Float = 0.5
    /// How far other combinations may lift the score above the comparison of two names written
    /// in the same non-Latin script (راشد vs رشيد is not rescued by Rashed ≈ Rashid).
    static let originalScriptLead: Float = 0.05

    /// The substitution table as a raw pointer, read-only after initialisation.
    nonisolated(unsafe) static let subTable: UnsafeMutablePointer<Float> = {
        let p = UnsafeMutablePointer<Float>.allocate(capacity: NMCost.sub.count)
        p.initialize(from: NMCost.sub, count: NMCost.sub.count)
        return p
    }()

    // MARK: Preparing

    /// Analyses a name once; use with `similarity(_:_:)` on prepared names in loops.
    public static func prepare(_ names: PersonNameForms) -> PreparedName {
        var sym: [UInt8] = [], del: [Float] = []
        var forms: [PreparedName.FormRef] = [], tokens: [PreparedName.TokenRef] = []
        var significant: [Int32] = [], lists: [PreparedName.ListRef] = []
        var signatures: [String?] = []
        var seen: [[[UInt8]]] = []
        for (field, isLatinField) in [(names.original, false), (names.latin, true)] {
            guard let field, !field.isEmpty else { continue }
            let toks = NameNormalizer.analyze(field, arabicKeys: true)
            guard !toks.isEmpty else { continue }
            let keys = toks.map { $0.forms[0] }
            if seen.contains(keys) { continue }
            seen.append(keys)
            let firstToken = tokens.count
            for t in toks {
                let firstForm = forms.count
                for f in t.forms {
                    forms.append(appendForm(f, &sym, &del))
                }
                tokens.append(PreparedName.TokenRef(firstForm: Int32(firstForm), formCount: Int32(t.forms.count),
                                                    script: t.script, weak: t.weak))
            }
            let strong = (firstToken..<tokens.count).filter { !tokens[$0].weak }
            let sig = Array((strong.isEmpty ? Array(firstToken..<tokens.count) : strong).prefix(maxTokens))
            lists.append(PreparedName.ListRef(sigStart: Int32(significant.count), sigCount: Int32(sig.count),
                                              isLatinField: isLatinField, script: toks[0].script))
            significant.append(contentsOf: sig.map { Int32($0) })
            if toks[0].script == .arabic {
                let sigSet = Set(sig)
                signatures.append(toks.enumerated().filter { sigSet.contains(firstToken + $0.offset) }
                    .map(\.element.arabicKey).sorted().joined(separator: " "))
            } else {
                signatures.append(nil)
            }
        }
        // Adjacent significant tokens joined, prepared once for `bestJoin`.
        var joins: [PreparedName.FormRef] = [], joinScripts: [NMScript] = []
        for l in lists {
            for k in 0..<Int(l.sigCount) {
                let g = Int(l.sigStart) + k
                guard k + 1 < Int(l.sigCount) else {
                    joins.append(PreparedName.FormRef(start: 0, count: 0, weight: (0, 0, 0))); joinScripts.append(.latin)
                    continue
                }
                let x = tokens[Int(significant[g])], y = tokens[Int(significant[g + 1])]
                let fx = forms[Int(x.firstForm)], fy = forms[Int(y.firstForm)]
                let joined = Array(sym[Int(fx.start)..<Int(fx.start + fx.count)]) + Array(sym[Int(fy.start)..<Int(fy.start + fy.count)])
                joins.append(appendForm(joined, &sym, &del, remember: false))
                joinScripts.append(x.script == .arabic || y.script == .arabic ? .arabic : x.script)
            }
        }
        return PreparedName(sym: sym, del: del, forms: forms, tokens: tokens, significant: significant, joins: joins, joinScripts: joinScripts, lists: lists,
                            arabicSignature: signatures, names: names)
    }

    /// Appends a form's symbols and deletion costs. `remember`: the form is a name part (they recur), not a join of
    /// two parts (too many combinations to keep).
    static func appendForm(_ f: [UInt8], _ sym: inout [UInt8], _ del: inout [Float], remember: Bool = true) -> PreparedName.FormRef {
        func compute() -> ([Float], FormWeight) {
            let l = NMCost.deletionCosts(f, mode: .latin)
            let c = NMCost.deletionCosts(f, mode: .cross)
            let a = NMCost.deletionCosts(f, mode: .arabic)
            var costs: [Float] = []
            costs.reserveCapacity(3 * f.count)
            for k in 0..<f.count { costs.append(l[k]); costs.append(c[k]); costs.append(a[k]) }
            return (costs, FormWeight(latin: l.reduce(0, +), cross: c.reduce(0, +), arabic: a.reduce(0, +)))
        }
        let (costs, weight) = remember ? formCosts.value(f, compute) : compute()
        let start = sym.count
        sym.append(contentsOf: f)
        del.append(contentsOf: costs)
        return PreparedName.FormRef(start: Int32(start), count: Int32(f.count), weight: (weight.latin, weight.cross, weight.arabic))
    }

    struct FormWeight: Sendable { let latin: Float; let cross: Float; let arabic: Float }

    /// Deletion costs of a form in the three modes (interleaved) and their sums: forms recur across names.
    static let formCosts = Memo<[UInt8], ([Float], FormWeight)>(limit: 100_000)

    // MARK: Similarity

    /// Similarity of two names in 0...1 with the reasons that explain it.
    public static func similarity(_ a: PersonNameForms, _ b: PersonNameForms) -> (score: Double, reasons: [MatchReason]) {
        similarity(prepare(a), prepare(b))
    }

    /// Similarity of two prepared names in 0...1 with the reasons that explain it.
    public static func similarity(_ a: PreparedName, _ b: PreparedName) -> (score: Double, reasons: [MatchReason]) {
        guard let best = bestMatch(a, b) else { return (0, []) }
        return (Double(best.score), reasons(best, a, b))
    }

    /// Similarity of two single name tokens (any scripts) in 0...1; several words are joined.
    public static func tokenSimilarity(_ a: String, _ b: String) -> Double {
        let ta = NameNormalizer.analyze(a), tb = NameNormalizer.analyze(b)
        guard !ta.isEmpty, !tb.isEmpty else { return 0 }
        func single(_ ts: [NameNormalizer.Token]) -> NameNormalizer.Token {
            if ts.count == 1 { return ts[0] }
            let script: NMScript = ts.contains { $0.script == .arabic } ? .arabic : ts[0].script
            return NameNormalizer.Token(script: script, forms: [ts.flatMap { $0.forms[0] }], weak: false, arabicKey: "")
        }
        let x = single(ta), y = single(tb)
        let m = mode(x.script, y.script)
        var best: Float = 0
        for fa in x.forms {
            for fb in y.forms { best = max(best, looseSimilarity(fa, fb, m)) }
        }
        return Double(best)
    }

    /// Similarity of two symbol arrays (allocating; for tests and rare paths).
    static func looseSimilarity(_ fa: [UInt8], _ fb: [UInt8], _ m: NMMode) -> Float {
        var sa: [UInt8] = [], da: [Float] = [], sb: [UInt8] = [], db: [Float] = []
        let ra = appendForm(fa, &sa, &da, remember: false), rb = appendForm(fb, &sb, &db, remember: false)
        return sa.withUnsafeBufferPointer { pa in
            da.withUnsafeBufferPointer { qa in
                sb.withUnsafeBufferPointer { pb in
                    db.withUnsafeBufferPointer { qb in
                        formSimilarity(pa.baseAddress!, qa.baseAddress!, ra, pb.baseAddress!, qb.baseAddress!, rb, m)
                    }
                }
            }
        }
    }

    @inline(__always)
    static func mode(_ a: NMScript, _ b: NMScript) -> NMMode {
        let aa = a == .arabic, bb = b == .arabic
        if aa && bb { return .arabic }
        if aa || bb { return .cross }
        return .latin
    }

    @inline(__always)
    static func formSimilarity(_ sa: UnsafePointer<UInt8>, _ da: UnsafePointer<Float>, _ fa: PreparedName.FormRef,
                               _ sb: UnsafePointer<UInt8>, _ db: UnsafePointer<Float>, _ fb: PreparedName.FormRef,
                               _ m: NMMode) -> Float {
        let n = Int(fa.count), k = Int(fb.count)
        let pa = sa + Int(fa.start), pb = sb + Int(fb.start)
        if n == k && memcmp(pa, pb, n) == 0 { return 1 }
        let wa: Float, wb: Float
        switch m {
        case .latin: wa = fa.weight.0; wb = fb.weight.0
        case .cross: wa = fa.weight.1; wb = fb.weight.1
        case .arabic: wa = fa.weight.2; wb = fb.weight.2
        }
        let norm = max(wa, wb, 1)
        // Distances beyond this give a similarity under `pairFloor`: no need to finish the table.
        let limit = (1 - pairFloor) * norm
        let d = align(pa, n, da + 3 * Int(fa.start) + m.rawValue, pb, k, db + 3 * Int(fb.start) + m.rawValue, m, limit: limit)
        return max(0, 1 - d / norm)
    }

    /// Weighted edit distance of two phonetic forms, with the digraph rule (th ↔ t+h ...) and,
    /// between Latin spellings, adjacent transpositions. `da`/`db` point at the deletion cost of
    /// the first symbol in the mode, with a stride of 3.
    static func align(_ sa: UnsafePointer<UInt8>, _ n: Int, _ da: UnsafePointer<Float>,
                      _ sb: UnsafePointer<UInt8>, _ m: Int, _ db: UnsafePointer<Float>, _ mode: NMMode,
                      limit: Float = .infinity) -> Float {
        let cols = m + 1
        let sub = subTable
        let N = NMSym.count
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: (n + 1) * cols) { buffer -> Float in
            let dp = buffer.baseAddress!
            dp[0] = 0
            var prevRowMin: Float = 0
            if m > 0 { for j in 1...m { dp[j] = dp[j - 1] + db[3 * (j - 1)] } }
            if n > 0 {
                for i in 1...n {
                    let row = i * cols, prev = (i - 1) * cols
                    let delA = da[3 * (i - 1)]
                    dp[row] = dp[prev] + delA
                    var rowMin = dp[row]
                    let x = sa[i - 1]
                    let xBase = NMCost.digraphBase(x)
                    let subRow = sub + Int(x) * N
                    if m > 0 {
                        for j in 1...m {
                            let y = sb[j - 1]
                            var best = dp[prev + j - 1] + subRow[Int(y)]
                            let del = dp[prev + j] + delA
                            if del < best { best = del }
                            let ins = dp[row + j - 1] + db[3 * (j - 1)]
                            if ins < best { best = ins }
                            // Digraph on a against two letters of b (Fathi / فتحي).
                            if let xb = xBase, j >= 2, sb[j - 2] == xb, y == NMSym.h {
                                let c = dp[prev + j - 2] + 0.1
                                if c < best { best = c }
                            }
                            // Digraph on b against two letters of a.
                            if i >= 2, x == NMSym.h, let yb = NMCost.digraphBase(y), sa[i - 2] == yb {
                                let c = dp[(i - 2) * cols + j - 1] + 0.1
                                if c < best { best = c }
                            }
                            // Two adjacent letters swapped (a clerk's slip in Latin: Faysla).
                            if mode == .latin, i >= 2, j >= 2, x != y, x == sb[j - 2], sa[i - 2] == y {
                                let c = dp[(i - 2) * cols + j - 2] + 0.4
                                if c < best { best = c }
                            }
                            dp[row + j] = best
                            if best < rowMin { rowMin = best }
                        }
                    }
                    // Costs only add up: once two consecutive rows (transpositions and digraphs
                    // jump one) are all beyond the limit, so is the result.
                    if rowMin > limit && prevRowMin > limit { return limit + 1 }
                    prevRowMin = rowMin
                }
            }
            return dp[n * cols + m]
        }
    }

    // MARK: Jaro-Winkler

    /// Jaro-Winkler similarity of two names compared as folded Latin keys, 0...1. Offered for
    /// fuzzy search boxes; the duplicate rules use the phonetic alignment instead, which knows
    /// that Arabic script omits short vowels.
    public static func jaroWinkler(_ a: String, _ b: String) -> Double {
        jaroWinkler(Array(NameNormalizer.latinKey(a).utf8), Array(NameNormalizer.latinKey(b).utf8))
    }

    /// Jaro-Winkler on raw bytes (prefix scale 0.1, common prefix up to 4).
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

    /// A matched pair of units: one token, or two adjacent tokens joined (index -1: none).
    struct Pair {
        var a0: Int8, a1: Int8, b0: Int8, b1: Int8
        var sim: Float
        var aCount: Int { a1 >= 0 ? 2 : 1 }
        var bCount: Int { b1 >= 0 ? 2 : 1 }
    }

    struct ListMatch {
        var score: Float
        var pairs: [Pair]
        var missing: Int
        var misses: Int
        var swapped: Bool
        var mode: NMMode
        var listA: Int = 0
        var listB: Int = 0
    }

    /// Raw view of one prepared name for the duration of a comparison.
    struct View {
        let sym: UnsafePointer<UInt8>
        let del: UnsafePointer<Float>
        let forms: UnsafePointer<PreparedName.FormRef>
        let tokens: UnsafePointer<PreparedName.TokenRef>
        let significant: UnsafePointer<Int32>
        let joins: UnsafePointer<PreparedName.FormRef>
        let joinScripts: UnsafePointer<NMScript>
        let name: PreparedName
    }

    static func withView<R>(_ p: PreparedName, _ body: (View) -> R) -> R {
        p.sym.withUnsafeBufferPointer { s in
            p.del.withUnsafeBufferPointer { d in
                p.forms.withUnsafeBufferPointer { f in
                    p.tokens.withUnsafeBufferPointer { t in
                        p.significant.withUnsafeBufferPointer { g in
                            p.joins.withUnsafeBufferPointer { j in
                                p.joinScripts.withUnsafeBufferPointer { js in
                                    // Empty arrays may have no base address; nothing is read through them then.
                                    let dummyS = UnsafePointer<UInt8>(bitPattern: 1)!
                                    return body(View(sym: s.baseAddress ?? dummyS,
                                                     del: d.baseAddress ?? UnsafePointer<Float>(bitPattern: 4)!,
                                                     forms: f.baseAddress ?? UnsafePointer(bitPattern: 8)!,
                                                     tokens: t.baseAddress ?? UnsafePointer(bitPattern: 8)!,
                                                     significant: g.baseAddress ?? UnsafePointer(bitPattern: 4)!,
                                                     joins: j.baseAddress ?? UnsafePointer(bitPattern: 8)!,
                                                     joinScripts: js.baseAddress ?? UnsafePointer(bitPattern: 1)!, name: p))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static func tokenSim(_ a: View, _ ta: Int32, _ b: View, _ tb: Int32) -> Float {
        let x = a.tokens[Int(ta)], y = b.tokens[Int(tb)]
        let m = mode(x.script, y.script)
        var best: Float = 0
        for i in 0..<Int(x.formCount) {
            let fa = a.forms[Int(x.firstForm) + i]
            for j in 0..<Int(y.formCount) {
                let s = formSimilarity(a.sym, a.del, fa, b.sym, b.del, b.forms[Int(y.firstForm) + j], m)
                if s > best { best = s; if s >= 1 { return 1 } }
            }
        }
        return best
    }

    static func bestMatch(_ a: PreparedName, _ b: PreparedName) -> ListMatch? {
        guard !a.lists.isEmpty, !b.lists.isEmpty else { return nil }
        return withView(a) { va in
            withView(b) { vb in
                // Which combinations to compare: when both records have the name in the same
                // non-Latin script, that comparison and the Latin one; otherwise all.
                var sameScriptPair: (Int, Int)?
                for (ia, la) in a.lists.enumerated() where !la.isLatinField && la.script != .latin {
                    for (ib, lb) in b.lists.enumerated() where !lb.isLatinField && lb.script == la.script {
                        sameScriptPair = (ia, ib)
                    }
                }
                var best: ListMatch?
                var cap: Float?
                for (ia, la) in a.lists.enumerated() {
                    for (ib, lb) in b.lists.enumerated() {
                        if let (sa, sb) = sameScriptPair, !(ia == sa && ib == sb), !(la.isLatinField && lb.isLatinField) {
                            continue
                        }
                        var r = matchLists(va, la, vb, lb)
                        r.listA = ia; r.listB = ib
                        if let (sa, sb) = sameScriptPair, ia == sa && ib == sb { cap = r.score + originalScriptLead }
                        if best == nil || r.score > best!.score { best = r }
                    }
                }
                if var bm = best, let cap, bm.score > cap {
                    bm.score = cap
                    best = bm
                }
                return best
            }
        }
    }

    static func matchLists(_ va: View, _ la: PreparedName.ListRef, _ vb: View, _ lb: PreparedName.ListRef) -> ListMatch {
        let n = Int(la.sigCount), m = Int(lb.sigCount)
        let ga = va.significant + Int(la.sigStart), gb = vb.significant + Int(lb.sigStart)
        var anyArabic = false, allArabic = true
        for i in 0..<n { if va.tokens[Int(ga[i])].script == .arabic { anyArabic = true } else { allArabic = false } }
        for j in 0..<m { if vb.tokens[Int(gb[j])].script == .arabic { anyArabic = true } else { allArabic = false } }
        let md: NMMode = allArabic ? .arabic : (anyArabic ? .cross : .latin)
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: max(1, n * m)) { buffer -> ListMatch in
            let sims = buffer.baseAddress!
            for i in 0..<n {
                for j in 0..<m { sims[i * m + j] = tokenSim(va, ga[i], vb, gb[j]) }
            }
            var pairs = assign(sims, n, m, usedA: 0, usedB: 0)
            var result = evaluate(pairs, n, m, md)
            // A compound written as two words on one side and one on the other (Gebre Medhin /
            // Gebremedhin, Dan Juma / Danjuma): join two adjacent tokens left unmatched or weak.
            var weakA = 0, weakB = 0
            for i in 0..<n where !pairs.contains(where: { ($0.a0 == i || $0.a1 == i) && $0.sim >= 0.8 }) { weakA |= 1 << i }
            for j in 0..<m where !pairs.contains(where: { ($0.b0 == j || $0.b1 == j) && $0.sim >= 0.8 }) { weakB |= 1 << j }
            if weakA != 0 && weakB != 0 && (weakA.nonzeroBitCount >= 2 || weakB.nonzeroBitCount >= 2) {
                if let join = bestJoin(va, Int(la.sigStart), n, weakA, vb, Int(lb.sigStart), m, weakB) {
                    let usedA = (1 << Int(join.a0)) | (join.a1 >= 0 ? 1 << Int(join.a1) : 0)
                    let usedB = (1 << Int(join.b0)) | (join.b1 >= 0 ? 1 << Int(join.b1) : 0)
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
    }

    /// The best join of two adjacent weak tokens on one side with one weak token on the other. `sa`, `sb`: where
    /// the compared lists start in `significant` (and in the prepared joins).
    static func bestJoin(_ va: View, _ sa: Int, _ n: Int, _ weakA: Int, _ vb: View, _ sb: Int, _ m: Int, _ weakB: Int) -> Pair? {
        var best: Pair?
        for i in 0..<max(0, n - 1) where weakA & (1 << i) != 0 && weakA & (1 << (i + 1)) != 0 {
            let jf = va.joins[sa + i], jscript = va.joinScripts[sa + i]
            guard jf.count > 0 else { continue }
            for j in 0..<m where weakB & (1 << j) != 0 {
                let y = vb.tokens[Int(vb.significant[sb + j])]
                let s = formSimilarity(va.sym, va.del, jf, vb.sym, vb.del, vb.forms[Int(y.firstForm)], mode(jscript, y.script))
                if s >= 0.8 && s > (best?.sim ?? 0) { best = Pair(a0: Int8(i), a1: Int8(i + 1), b0: Int8(j), b1: -1, sim: s) }
            }
        }
        for j in 0..<max(0, m - 1) where weakB & (1 << j) != 0 && weakB & (1 << (j + 1)) != 0 {
            let jf = vb.joins[sb + j], jscript = vb.joinScripts[sb + j]
            guard jf.count > 0 else { continue }
            for i in 0..<n where weakA & (1 << i) != 0 {
                let x = va.tokens[Int(va.significant[sa + i])]
                let s = formSimilarity(va.sym, va.del, va.forms[Int(x.firstForm)], vb.sym, vb.del, jf, mode(x.script, jscript))
                if s >= 0.8 && s > (best?.sim ?? 0) { best = Pair(a0: Int8(i), a1: -1, b0: Int8(j), b1: Int8(j + 1), sim: s) }
            }
        }
        return best
    }

    /// Best one-to-one assignment maximising the sum of similarities (pairs under `pairFloor`
    /// are not made), by dynamic programming over the subsets of B (n, m ≤ 6).
    static func assign(_ sims: UnsafeMutablePointer<Float>, _ n: Int, _ m: Int, usedA: Int, usedB: Int) -> [Pair] {
        let full = 1 << m
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: (n + 1) * full) { bestBuffer -> [Pair] in
            withUnsafeTemporaryAllocation(of: Int8.self, capacity: (n + 1) * full) { choiceBuffer -> [Pair] in
                let best = bestBuffer.baseAddress!, choice = choiceBuffer.baseAddress!
                // best[i * full + mask]: best sum over rows i..<n given the columns in mask are taken.
                for mask in 0..<full { best[n * full + mask] = 0; choice[n * full + mask] = -1 }
                if n > 0 {
                    for i in stride(from: n - 1, through: 0, by: -1) {
                        for mask in 0..<full {
                            var v = best[(i + 1) * full + mask]
                            var pick: Int8 = -1
                            if usedA & (1 << i) == 0 {
                                for j in 0..<m where mask & (1 << j) == 0 {
                                    let s = sims[i * m + j]
                                    if s < pairFloor { continue }
                                    let c = s + best[(i + 1) * full + (mask | (1 << j))]
                                    if c > v + 1e-6 { v = c; pick = Int8(j) }
                                }
                            }
                            best[i * full + mask] = v
                            choice[i * full + mask] = pick
                        }
                    }
                }
                var pairs: [Pair] = []
                var mask = usedB
                for i in 0..<n {
                    let j = choice[i * full + mask]
                    if j >= 0 {
                        pairs.append(Pair(a0: Int8(i), a1: -1, b0: j, b1: -1, sim: sims[i * m + Int(j)]))
                        mask |= 1 << Int(j)
                    }
                }
                return pairs
            }
        }
    }

    static func evaluate(_ pairs: [Pair], _ n: Int, _ m: Int, _ md: NMMode) -> ListMatch {
        var coveredA = 0, coveredB = 0
        var sum: Float = 0, minSim: Float = 1
        for p in pairs {
            coveredA += p.aCount; coveredB += p.bCount
            sum += p.sim; minSim = min(minSim, p.sim)
        }
        let uA = n - coveredA, uB = m - coveredB
        let misses = min(uA, uB)
        let missing = max(uA, uB) - misses
        let units = pairs.count + misses
        guard units > 0, !pairs.isEmpty else {
            return ListMatch(score: 0, pairs: pairs, missing: missing, misses: misses, swapped: false, mode: md)
        }
        let mean = sum / Float(units)
        if misses > 0 { minSim = 0 }
        var score = (1 - minWeight) * mean + minWeight * minSim
        score -= 0.06 * Float(min(missing, 3))
        // Order: taken by increasing A index, the B indices should increase too.
        var swapped = false
        for p in pairs {
            for q in pairs where q.a0 > p.a0 && q.b0 < p.b0 { swapped = true }
        }
        if swapped { score -= 0.02 }
        // Shifted names (father Hassan Omar / son Ali Hassan Omar): the longer name's first token
        // is left out while the shorter one's first token matches a later token. Clerks drop the
        // grandfather's name, not the given name: this is a relative far more often than the person.
        if missing > 0 {
            let aLonger = n > m
            let firstLongerCovered = pairs.contains { aLonger ? ($0.a0 == 0 || $0.a1 == 0) : ($0.b0 == 0 || $0.b1 == 0) }
            if !firstLongerCovered,
               let p = pairs.first(where: { aLonger ? ($0.b0 == 0 || $0.b1 == 0) : ($0.a0 == 0 || $0.a1 == 0) }),
               (aLonger ? p.a0 : p.b0) > 0 {
                score -= 0.25
            }
        }
        // A single name says little.
        if units == 1 { score *= 0.85 }
        return ListMatch(score: max(0, score), pairs: pairs, missing: missing, misses: misses, swapped: swapped, mode: md)
    }

    static func reasons(_ best: ListMatch, _ a: PreparedName, _ b: PreparedName) -> [MatchReason] {
        var out: [MatchReason] = []
        let exact = best.misses == 0 && best.missing == 0 && best.pairs.allSatisfy { $0.sim >= 0.999 }
        // Same Arabic-script name: the normalised Arabic tokens of the two records agree.
        var sameArabic = false
        for x in a.arabicSignature.compactMap({ $0 }) { for y in b.arabicSignature.compactMap({ $0 }) where x == y { sameArabic = true } }
        if sameArabic {
            out.append(.sameNameArabicScript)
        } else if exact && best.mode != .cross && best.pairs.allSatisfy({ $0.aCount == 1 && $0.bCount == 1 })
                    && primaryKeys(a, best.listA) == primaryKeys(b, best.listB) {
            out.append(best.mode == .arabic ? .sameNameArabicScript : .sameNameLatin)
        } else if a.lists[best.listA].script != b.lists[best.listB].script && best.misses == 0
                    && best.pairs.allSatisfy({ $0.sim >= 0.9 }) {
            out.append(.sameNameTransliterated)
        } else {
            out.append(.similarName(percent: Int((best.score * 100).rounded())))
        }
        if best.swapped { out.append(.namesSwapped) }
        if best.missing > 0 { out.append(.namesMissing(count: best.missing)) }
        return out
    }

    static func primaryKeys(_ p: PreparedName, _ list: Int) -> [[UInt8]] {
        let l = p.lists[list]
        return (0..<Int(l.sigCount)).map { k in
            let t = p.tokens[Int(p.significant[Int(l.sigStart) + k])]
            let f = p.forms[Int(t.firstForm)]
            return Array(p.sym[Int(f.start)..<Int(f.start + f.count)])
        }.sorted { $0.lexicographicallyPrecedes($1) }
    }
}
