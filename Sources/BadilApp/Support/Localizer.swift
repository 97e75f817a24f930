import Foundation
import BadilCore

/// Translations from Resources/Localization/{en,fr,ar}.json (nested objects flattened to dotted keys).
struct Localizer: Sendable {
    let tables: [UILanguage: [String: String]]

    init(tables: [UILanguage: [String: String]]) { self.tables = tables }

    static func load(directory: String) throws -> Localizer {
        var tables: [UILanguage: [String: String]] = [:]
        for lang in UILanguage.allCases {
            let url = URL(fileURLWithPath: directory).appendingPathComponent("\(lang.rawValue).json")
            let data = try Data(contentsOf: url)
            let object = try JSONSerialization.jsonObject(with: data)
            var flat: [String: String] = [:]
            flatten(object, prefix: "", into: &flat)
            tables[lang] = flat
        }
        return Localizer(tables: tables)
    }

    static func flatten(_ object: Any, prefix: String, into flat: inout [String: String]) {
        if let dict = object as? [String: Any] {
            for (k, v) in dict { flatten(v, prefix: prefix.isEmpty ? k : "\(prefix).\(k)", into: &flat) }
        } else if let s = object as? String {
            flat[prefix] = s
        }
    }

    /// The text for a key with `{name}` placeholders filled. Falls back to English, then to the key itself.
    func t(_ key: String, _ lang: UILanguage, _ params: [String: String] = [:]) -> String {
        var text = tables[lang]?[key] ?? tables[.en]?[key] ?? key
        for (name, value) in params { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    func has(_ key: String) -> Bool { tables[.en]?[key] != nil }

    /// A field issue as a sentence: "error.<code>" with its parameters.
    func message(for issue: FieldIssue, _ lang: UILanguage) -> String {
        t("error.\(issue.code)", lang, issue.params)
    }
}
