// Internal phonetic alphabet shared by the name normaliser and the name matcher.
//
// Every name token, whatever its script, becomes a short array of these symbols. Latin
// spellings keep all their (folded) vowels; Arabic script keeps what Arabic writes: the
// consonants and the long vowels, with the short vowels unknown. The matcher aligns two
// symbol arrays with a weighted edit distance whose costs know which differences are mere
// transliteration habits (q/k/g, th/t/s, ou/u, a missing short vowel, a silent final e) and
// which separate two names (a long vowel that one side writes and the other does not).

enum NMSym {
    // Consonants, shared by all scripts.
    static let b: UInt8 = 0, f: UInt8 = 1, m: UInt8 = 2, n: UInt8 = 3, l: UInt8 = 4, r: UInt8 = 5
    static let t: UInt8 = 6, th: UInt8 = 7, d: UInt8 = 8, dh: UInt8 = 9, z: UInt8 = 10, s: UInt8 = 11
    static let sh: UInt8 = 12, j: UInt8 = 13, g: UInt8 = 14, gh: UInt8 = 15, k: UInt8 = 16, q: UInt8 = 17
    static let kh: UInt8 = 18, h: UInt8 = 19, w: UInt8 = 20, y: UInt8 = 21
    // Arabic-script symbols.
    /// ع (and Ge'ez ዐ): Latin spellings drop it or write a vowel.
    static let ain: UInt8 = 22
    /// و: either the consonant w or the long vowel u/o.
    static let arW: UInt8 = 23
    /// ي (and ئ): either the consonant y or the long vowel i/e.
    static let arY: UInt8 = 24
    /// ا and آ inside a word: long a.
    static let arA: UInt8 = 25
    /// Word-initial alef or hamza seat (أ إ ا ؤ), Ge'ez sixth order: some short vowel or none.
    static let wild: UInt8 = 26
    /// Final ى (alef maqsura): a final a (Moussa, Mustafa) or i (Egyptian spelling of ي).
    static let finA: UInt8 = 27
    /// Final ي: a final i/y (Ali, Fathi), or a (when ى was written as ي).
    static let finI: UInt8 = 28
    /// ة (taa marbuta) and word-final ه: a, ah, eh or nothing.
    static let finH: UInt8 = 29
    // Latin (and Ge'ez) vowels: o and u are one vowel; y between consonants is i.
    static let a: UInt8 = 30, e: UInt8 = 31, i: UInt8 = 32, u: UInt8 = 33
    /// Written long vowels: aa, ee/ii, ou/oo.
    static let aa: UInt8 = 34, ii: UInt8 = 35, uu: UInt8 = 36
    /// Silent word-final e after a consonant (French: Ousmane, Abderrahmane).
    static let eWeak: UInt8 = 37
    /// Word-final h after a vowel (Fatimah, Hamzah, Abdallah).
    static let hWeak: UInt8 = 38
    static let count = 39

    static func isLatinVowel(_ s: UInt8) -> Bool { s >= a && s <= eWeak }
    static func isConsonant(_ s: UInt8) -> Bool { s <= y }

    /// Folded ASCII spelling of one symbol (used by `NameNormalizer.latinKey`).
    static func render(_ s: UInt8, initial: Bool) -> String {
        switch s {
        case b: return "b"; case f: return "f"; case m: return "m"; case n: return "n"; case l: return "l"
        case r: return "r"; case t: return "t"; case th: return "th"; case d: return "d"; case dh: return "dh"
        case z: return "z"; case NMSym.s: return "s"; case sh: return "sh"; case j: return "j"; case g: return "g"
        case gh: return "gh"; case k: return "k"; case q: return "q"; case kh: return "kh"; case h: return "h"
        case w: return "w"; case y: return "y"; case ain: return "a"
        case arW: return initial ? "w" : "u"
        case arY: return initial ? "y" : "i"
        case arA: return "a"; case wild: return initial ? "a" : ""; case finA: return "a"; case finI: return "i"; case finH: return "a"
        case NMSym.a, aa: return "a"; case e, eWeak: return "e"; case i, ii: return "i"; case u, uu: return "u"
        case hWeak: return "h"
        default: return ""
        }
    }

    /// Blocking class of a symbol: vowels, ain, h-like weak letters and non-initial glides drop out;
    /// t/d/th/dh share a class, so do k/q/g/gh/kh/j (Egyptian g for ج, Sudanese g for ق).
    static func skeletonChar(_ s: UInt8, initial: Bool) -> UInt8? {
        switch s {
        case b: return UInt8(ascii: "b"); case f: return UInt8(ascii: "f"); case m: return UInt8(ascii: "m")
        case n: return UInt8(ascii: "n"); case l: return UInt8(ascii: "l"); case r: return UInt8(ascii: "r")
        case t, th, d, dh: return UInt8(ascii: "t")
        case z: return UInt8(ascii: "z"); case NMSym.s: return UInt8(ascii: "s"); case sh: return UInt8(ascii: "x")
        case j, g, gh, k, q, kh: return UInt8(ascii: "k")
        case h: return UInt8(ascii: "h")
        case w, arW: return initial ? UInt8(ascii: "w") : nil
        case y, arY: return initial ? UInt8(ascii: "y") : nil
        default: return nil
        }
    }
}

/// Which scripts a token pair compares: both Latin-like (Latin, Ge'ez), one Arabic, both Arabic.
enum NMMode: Int { case latin = 0, cross = 1, arabic = 2 }

enum NMCost {
    static let n = NMSym.count

    /// Substitution costs, symmetric, 0...1.
    static let sub: [Float] = {
        typealias S = NMSym
        var t = [Float](repeating: 1, count: n * n)
        func set(_ a: UInt8, _ b: UInt8, _ c: Float) {
            t[Int(a) * n + Int(b)] = c
            t[Int(b) * n + Int(a)] = c
        }
        for x in 0..<n { t[x * n + x] = 0 }
        // Consonants written differently by different transliteration habits.
        set(S.q, S.k, 0.25); set(S.q, S.g, 0.3); set(S.k, S.g, 0.4); set(S.q, S.gh, 0.5)
        set(S.g, S.gh, 0.25); set(S.gh, S.r, 0.6); set(S.gh, S.kh, 0.5); set(S.k, S.kh, 0.35)
        set(S.kh, S.h, 0.45); set(S.q, S.kh, 0.5); set(S.j, S.g, 0.35); set(S.j, S.y, 0.7)
        set(S.j, S.z, 0.6); set(S.j, S.sh, 0.6); set(S.sh, S.s, 0.45); set(S.th, S.t, 0.25)
        set(S.th, S.s, 0.3); set(S.dh, S.d, 0.25); set(S.dh, S.z, 0.3); set(S.d, S.t, 0.4)
        set(S.dh, S.th, 0.4); set(S.s, S.z, 0.45); set(S.b, S.f, 0.8); set(S.l, S.r, 0.8)
        set(S.m, S.n, 0.7); set(S.h, S.ain, 0.6)
        // Latin vowels by quality: a, e, i, u (o is u).
        let vowels: [(UInt8, Int)] = [(S.a, 0), (S.aa, 0), (S.e, 1), (S.i, 2), (S.ii, 2), (S.u, 3), (S.uu, 3)]
        let quality: [[Float]] = [[0, 0.15, 0.4, 0.4], [0.15, 0, 0.15, 0.3], [0.4, 0.15, 0, 0.4], [0.4, 0.3, 0.4, 0]]
        for (x, qx) in vowels { for (y, qy) in vowels where x != y { set(x, y, quality[qx][qy]) } }
        set(S.eWeak, S.e, 0); set(S.eWeak, S.a, 0.3); set(S.eWeak, S.aa, 0.3); set(S.eWeak, S.i, 0.3)
        set(S.eWeak, S.ii, 0.3); set(S.eWeak, S.u, 0.4); set(S.eWeak, S.uu, 0.4)
        // Glides against vowels (Tesfay/Tesfai, Aisha/Ayesha).
        set(S.y, S.i, 0.15); set(S.y, S.ii, 0.15); set(S.y, S.e, 0.4); set(S.w, S.u, 0.2); set(S.w, S.uu, 0.2)
        // Arabic long a.
        set(S.arA, S.a, 0); set(S.arA, S.aa, 0); set(S.arA, S.e, 0.7); set(S.arA, S.eWeak, 0.8)
        set(S.arA, S.wild, 0.3); set(S.arA, S.ain, 0.3); set(S.arA, S.finA, 0.3); set(S.arA, S.finH, 0.4)
        // Arabic waw: w or long u/o.
        set(S.arW, S.u, 0); set(S.arW, S.uu, 0); set(S.arW, S.w, 0); set(S.arW, S.e, 1); set(S.arW, S.y, 0.9)
        set(S.arW, S.wild, 0.5)
        // Arabic yaa: y or long i/e.
        set(S.arY, S.i, 0); set(S.arY, S.ii, 0); set(S.arY, S.y, 0); set(S.arY, S.e, 0.2); set(S.arY, S.eWeak, 0.3)
        set(S.arY, S.wild, 0.5); set(S.arY, S.finI, 0); set(S.arY, S.finA, 0.2); set(S.arY, S.j, 0.7)
        // Initial alef / hamza seat: any short vowel.
        for v in [S.a, S.e, S.i, S.u, S.aa, S.ii, S.uu, S.eWeak, S.ain] { set(S.wild, v, 0) }
        set(S.wild, S.y, 0.3); set(S.wild, S.w, 0.3)
        // Ain: Latin writes a vowel or nothing.
        for v in [S.a, S.e, S.i, S.u, S.aa, S.ii, S.uu, S.eWeak] { set(S.ain, v, 0) }
        // Final alef maqsura / yaa.
        for fin in [S.finA, S.finI] {
            set(fin, S.a, fin == S.finA ? 0 : 0.3); set(fin, S.aa, fin == S.finA ? 0 : 0.3)
            set(fin, S.i, fin == S.finI ? 0 : 0.3); set(fin, S.ii, fin == S.finI ? 0 : 0.3); set(fin, S.y, 0)
            set(fin, S.e, 0.1); set(fin, S.eWeak, 0.1); set(fin, S.u, 0.6); set(fin, S.uu, 0.6); set(fin, S.finH, 0.5)
        }
        set(S.finA, S.finI, 0)
        // Taa marbuta / final haa.
        set(S.finH, S.a, 0); set(S.finH, S.aa, 0); set(S.finH, S.e, 0.1); set(S.finH, S.eWeak, 0.1)
        set(S.finH, S.hWeak, 0); set(S.finH, S.h, 0); set(S.finH, S.i, 0.5); set(S.finH, S.u, 0.6)
        set(S.finH, S.t, 0.5)
        set(S.hWeak, S.h, 0)
        return t
    }()

    /// Insertion/deletion cost of a symbol by mode (latin, cross, arabic), before position adjustments.
    static let indel: [Float] = {
        typealias S = NMSym
        var t = [Float](repeating: 1, count: 3 * n)
        func set(_ s: UInt8, _ latin: Float, _ cross: Float, _ arabic: Float) {
            t[Int(s)] = latin; t[n + Int(s)] = cross; t[2 * n + Int(s)] = arabic
        }
        set(S.h, 0.5, 0.6, 1)
        set(S.w, 0.5, 0.8, 0.8); set(S.y, 0.5, 0.8, 0.8)
        set(S.ain, 0, 0, 0.6)
        set(S.arA, 1, 0.9, 0.5)
        set(S.wild, 0, 0, 0)
        set(S.finA, 0.5, 0.5, 1); set(S.finI, 0.5, 0.5, 1)
        set(S.finH, 0.3, 0.3, 1)
        for v in [S.a, S.e, S.i, S.u] { set(v, 0.25, 0, 0.25) }
        set(S.aa, 0.3, 0.3, 0.3); set(S.ii, 0.3, 0.3, 0.3); set(S.uu, 0.3, 0.35, 0.3)
        set(S.eWeak, 0.1, 0, 0.1)
        set(S.hWeak, 0.15, 0.15, 0.15)
        return t
    }()

    /// Deletion cost of each symbol of a token in one mode, with the position rules: a Latin word's
    /// initial vowel is real (hamza or ain + vowel), and a final a is the feminine ending.
    static func deletionCosts(_ sym: [UInt8], mode: NMMode) -> [Float] {
        var out = [Float](repeating: 0, count: sym.count)
        let base = mode.rawValue * n
        for (idx, s) in sym.enumerated() {
            var c = indel[base + Int(s)]
            if mode == .cross && (s == NMSym.aa || s == NMSym.ii || s == NMSym.uu)
                && sym[(idx + 1)...].allSatisfy({ NMSym.isConsonant($0) || $0 == NMSym.hWeak }) && idx + 1 < sym.count {
                // A long vowel written in the last syllable (Mahmoud, Rasheed) is one Arabic writes
                // too (محمود, رشيد); its absence in Arabic script separates two names.
                c = 0.8
            } else if NMSym.isLatinVowel(s) && s != NMSym.eWeak {
                if idx == 0 {
                    c = mode == .latin ? 0.6 : 0.3
                } else if idx == sym.count - 1 {
                    if s == NMSym.a || s == NMSym.aa { c = 0.6 } else { c = max(c, mode == .latin ? 0.4 : 0.3) }
                }
            }
            // Arabic initial hamza-alef (أحمد, إبراهيم) is a vowel Latin spellings write (Brahim, Smail are
            // the Maghrebi exceptions): leaving it out against Latin costs.
            if mode == .cross && idx == 0 && s == NMSym.wild { c = 0.8 }
            // Between two Arabic spellings an initial alef is a letter like any other (أحمد / حامد).
            if mode == .arabic && idx == 0 && s == NMSym.wild { c = 1 }
            out[idx] = c
        }
        return out
    }

    /// Latin digraph symbol and the consonant it is made of with h (th = t+h, sh = s+h ...), for
    /// aligning a digraph with two letters written separately (Fathi فتحي, Ishaq إسحاق, Adham أدهم).
    @inline(__always)
    static func digraphBase(_ s: UInt8) -> UInt8? {
        switch s {
        case NMSym.th: return NMSym.t
        case NMSym.sh: return NMSym.s
        case NMSym.kh: return NMSym.k
        case NMSym.gh: return NMSym.g
        case NMSym.dh: return NMSym.d
        default: return nil
        }
    }
}
