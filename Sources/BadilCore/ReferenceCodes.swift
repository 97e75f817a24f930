/// Code lists loaded from data (Resources/Reference), checked here without any I/O.
public struct ReferenceCodes: Sendable {
    public let countries: Set<String>
    public let languages: Set<String>
    public let adminAreas: Set<String>

    public init(countries: Set<String>, languages: Set<String>, adminAreas: Set<String>) {
        self.countries = countries
        self.languages = languages
        self.adminAreas = adminAreas
    }

    /// ISO 3166-1 alpha-3, upper-case.
    public func isCountry(_ code: String) -> Bool { countries.contains(code) }
    /// ISO 639-1, or 639-3 where 639-1 has none; lower-case.
    public func isLanguage(_ code: String) -> Bool { languages.contains(code) }
    /// An OCHA P-code of a Libyan administrative area.
    public func isAdminArea(_ code: String) -> Bool { adminAreas.contains(code) }

    /// Normalises and checks a country code; records an issue on the field when unknown.
    public func country(_ raw: String?, field: String, into v: inout FieldChecker, required: Bool) -> String? {
        guard let raw, !raw.trimmingWhitespace().isEmpty else {
            if required { v.add(field, "required") }
            return nil
        }
        let code = raw.trimmingWhitespace().uppercased()
        guard isCountry(code) else { v.add(field, "unknown_country", ["value": String(code.prefix(12))]); return nil }
        return code
    }

    public func adminArea(_ raw: String?, field: String, into v: inout FieldChecker) -> String? {
        guard let raw, !raw.trimmingWhitespace().isEmpty else { return nil }
        let code = raw.trimmingWhitespace().uppercased()
        guard isAdminArea(code) else { v.add(field, "unknown_pcode", ["value": String(code.prefix(16))]); return nil }
        return code
    }
}

/// Coordinates: optional, but both or neither, and on the globe.
public enum Coordinates {
    public static func check(latitude: Double?, longitude: Double?, into v: inout FieldChecker) {
        switch (latitude, longitude) {
        case (nil, nil): return
        case (let lat?, let lon?):
            v.check((-90...90).contains(lat), "latitude", "out_of_range", ["min": "-90", "max": "90"])
            v.check((-180...180).contains(lon), "longitude", "out_of_range", ["min": "-180", "max": "180"])
        case (nil, _): v.add("latitude", "required")
        case (_, nil): v.add("longitude", "required")
        }
    }
}
