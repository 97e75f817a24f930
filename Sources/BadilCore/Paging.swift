/// Server-side paging: every list pages; the size is bounded so no request can ask for everything.
public struct Paging: Equatable, Sendable {
    public static let defaultSize = 25
    public static let maxSize = 200

    public let page: Int
    public let size: Int

    public init(page: Int?, size: Int?) {
        self.page = max(1, page ?? 1)
        self.size = min(Self.maxSize, max(1, size ?? Self.defaultSize))
    }

    public var offset: Int { (page - 1) * size }

    public func pageCount(total: Int) -> Int { max(1, (total + size - 1) / size) }
}

/// The three interface languages. Arabic is written right to left.
public enum UILanguage: String, CaseIterable, Codable, Sendable {
    case en, fr, ar

    public var direction: String { self == .ar ? "rtl" : "ltr" }

    /// Picks the best language from an Accept-Language header value.
    public static func negotiate(_ header: String?) -> UILanguage? {
        guard let header else { return nil }
        var best: (UILanguage, Double)?
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { String($0).trimmingWhitespace() }
            guard let tag = pieces.first?.lowercased(), !tag.isEmpty else { continue }
            let primary = String(tag.split(separator: "-").first ?? "")
            var q = 1.0
            for p in pieces.dropFirst() where p.hasPrefix("q=") { q = Double(p.dropFirst(2)) ?? 0 }
            if let lang = UILanguage(rawValue: primary), q > 0, q > (best?.1 ?? -1) { best = (lang, q) }
        }
        return best?.0
    }
}
