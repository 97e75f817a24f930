import Foundation
import BadilCore

/// Code lists with their names in the three languages, loaded once from Resources/Reference.
struct ReferenceData: Sendable {
    struct Entry: Codable, Sendable, Hashable {
        let code: String
        let en: String
        let fr: String
        let ar: String

        func name(_ lang: UILanguage) -> String {
            switch lang { case .en: return en; case .fr: return fr; case .ar: return ar }
        }
    }

    struct Place: Codable, Sendable {
        let key: String
        let type: String
        let en: String
        let fr: String
        let ar: String
        let pcode: String?
        let lat: Double?
        let lon: Double?
    }

    let countries: [Entry]
    let languages: [Entry]
    let adminAreas: [Entry]
    let places: [Place]
    struct Office: Codable, Sendable { let code: String; let en: String; let fr: String; let ar: String; let districts: [String] }

    let codes: ReferenceCodes
    let breachedPasswords: Set<String>
    let offices: [Office]

    /// The office covering a P-code (district or region), "GEN" when none does.
    func officeCode(forPcode pcode: String?) -> String {
        guard let pcode else { return "GEN" }
        return offices.first { $0.districts.contains(pcode) || $0.districts.contains { $0.hasPrefix(pcode) } }?.code ?? "GEN"
    }

    static func load(directory: String) throws -> ReferenceData {
        let base = URL(fileURLWithPath: directory)
        let decoder = JSONDecoder()
        struct Country: Codable { let code: String; let en: String; let fr: String; let ar: String }
        let countries = try decoder.decode([Country].self, from: Data(contentsOf: base.appendingPathComponent("countries.json")))
            .map { Entry(code: $0.code, en: $0.en, fr: $0.fr, ar: $0.ar) }
        let languages = try decoder.decode([Entry].self, from: Data(contentsOf: base.appendingPathComponent("languages.json")))
        struct Area: Codable { let pcode: String; let en: String; let fr: String?; let ar: String? }
        struct Libya: Codable { let admin1: [Area]; let admin2: [Area]; let places: [Place] }
        let libya = try decoder.decode(Libya.self, from: Data(contentsOf: base.appendingPathComponent("libya-places.json")))
        // Regions (LY01..) and districts (LY0101..) are both valid P-codes; districts are what places carry.
        let areas = (libya.admin1 + libya.admin2).map { Entry(code: $0.pcode, en: $0.en, fr: $0.fr ?? $0.en, ar: $0.ar ?? $0.en) }
        let breachedText = (try? String(contentsOf: base.appendingPathComponent("breached-passwords.txt"), encoding: .utf8)) ?? ""
        let breached = Set(breachedText.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") })
        let offices = try decoder.decode([Office].self, from: Data(contentsOf: base.appendingPathComponent("offices.json")))
        return ReferenceData(
            countries: countries, languages: languages, adminAreas: areas, places: libya.places,
            codes: ReferenceCodes(countries: Set(countries.map(\.code)), languages: Set(languages.map(\.code)),
                                  adminAreas: Set(areas.map(\.code))),
            breachedPasswords: breached, offices: offices)
    }

    func countryName(_ code: String?, _ lang: UILanguage) -> String? {
        guard let code else { return nil }
        return countries.first { $0.code == code }?.name(lang) ?? code
    }

    func adminAreaName(_ code: String?, _ lang: UILanguage) -> String? {
        guard let code else { return nil }
        return adminAreas.first { $0.code == code }?.name(lang) ?? code
    }
}
