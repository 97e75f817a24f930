import Leaf
import LeafKit
import BadilCore

/// `#t("key")`: the text in the page's language (`page.lang` in the context). Escaped like any value.
struct TranslateTag: LeafTag {
    let localizer: Localizer

    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let key = ctx.parameters.first?.string else { throw LeafError(.unknownError("#t needs a key")) }
        return .string(localizer.t(key, Self.language(ctx)))
    }

    static func language(_ ctx: LeafContext) -> UILanguage {
        ctx.data["page"]?.dictionary?["lang"]?.string.flatMap(UILanguage.init(rawValue:)) ?? .en
    }
}

/// `#tf("key", value)`: the text with `{0}` replaced by a value (counts, names).
struct TranslateFormatTag: LeafTag {
    let localizer: Localizer

    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let key = ctx.parameters.first?.string else { throw LeafError(.unknownError("#tf needs a key")) }
        var text = localizer.t(key, TranslateTag.language(ctx))
        for (i, p) in ctx.parameters.dropFirst().enumerated() {
            text = text.replacingOccurrences(of: "{\(i)}", with: p.string ?? "")
        }
        return .string(text)
    }
}
